"""`make` in RUN lines: where its outputs land, without reading the Makefile.

- `make [TARGET...]` writes below the directory it runs in (its outputs are not listed).
- `make install` writes below $DESTDIR$PREFIX (PREFIX from the command line, the
  environment, else /usr/local: the GNU convention).
What a Makefile really does is unknown, so a program found inside these trees is never taken
as a built artifact: the planner then refuses rather than guess.

Example: `RUN make && make install PREFIX=/opt/tool` -> trees /src (cwd) and /opt/tool.
"""

from __future__ import annotations

import posixpath

from converter.shell import SimpleCommand

from . import CommandEffect


def command_effect(cmd: SimpleCommand) -> CommandEffect | None:
    if posixpath.basename(cmd.name) not in ("make", "gmake"):
        return None
    assigns = dict(a.split("=", 1) for a in cmd.args if "=" in a and not a.startswith("-"))
    targets = [a for a in cmd.args if "=" not in a and not a.startswith("-")]
    cwd = cmd.cwd
    for i, a in enumerate(cmd.args):
        if a == "-C" and i + 1 < len(cmd.args):
            cwd = posixpath.normpath(posixpath.join(cmd.cwd, cmd.args[i + 1]))
            targets = [t for t in targets if t != cmd.args[i + 1]]
    trees = [cwd]
    if "install" in targets:
        env = cmd.envmap()
        prefix = assigns.get("PREFIX") or assigns.get("prefix") or env.get("PREFIX") or "/usr/local"
        destdir = assigns.get("DESTDIR") or env.get("DESTDIR") or ""
        trees.append(posixpath.normpath(destdir + "/" + prefix) if destdir else prefix)
    return CommandEffect(trees=tuple(trees), note=f"make {' '.join(targets) or '(default target)'}: outputs not listed")
