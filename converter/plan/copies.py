"""What the runtime stage copies and installs: the artifacts, the data they name, entry
scripts, paths named on the command line or in ENV, the program's folders (the carry rule),
and the system files it needs (certificates, time zones, the build's users)."""

from __future__ import annotations

import posixpath

from msgspec import Struct

from heuristics import BuiltArtifact, CommandEffect, Decision, RuntimeNeeds, base_images, coreutils, for_artifact
from heuristics.base_images import BaseImage, BuildImage

from ..carry import carry, copied_in, owner_of, program_trees
from ..effects import Effect, StageState, ancestors
from ..graph import Provenance
from ..model import Stage
from ..refusals import Refusal
from .analysis import Analysis
from .entry import Entry
from .needs import ProgramNeeds
from .types import Copy, Options


class RuntimeFiles(Struct, frozen=True, gc=False):
    copies: tuple[Copy, ...]
    data: tuple[str, ...]          # data paths found (for explain)
    installs: tuple[str, ...]      # ca-certificates / tzdata when the base can install them
    links: tuple[tuple[str, str], ...]   # symbolic links made again (path, target as written)
    home: tuple[str, str] | None         # the user's home folder the build made: made again, owned by the user
    certs: bool
    tzdata: bool


def gather(ran: Entry, req: ProgramNeeds, base: BaseImage, a: Analysis, options: Options,
           decisions: list[Decision]) -> RuntimeFiles:
    prov, final, build = a.provenance, a.final, a.build
    copies: list[Copy] = []
    data: list[str] = []
    for art, n in req.needs:
        chown = _owner(a.effects, art)
        copies.append(Copy(art.path, f"the program ({art.command})", chown))
        for path, why in _data_paths(n, final.workdir, prov):
            if path not in data and path != art.path:
                data.append(path)
                copies.append(Copy(path, why, chown))
    for n in ran.source_needs:
        for path, why in _data_paths(n, final.workdir, prov):
            if path not in data:
                data.append(path)
                copies.append(Copy(path, why, owner_of(path, prov, a.effects)))
    for s in ran.scripts:
        if s not in [c.path for c in copies]:
            copies.append(Copy(s, "entry script"))
    for path in ran.launched:
        if path not in [c.path for c in copies]:
            copies.append(Copy(path, "named by the command that starts the program"))
    for path in req.run_by_path:
        if path not in [c.path for c in copies]:
            copies.append(Copy(path, "run by the program, which names it in its sources"))
    for path, why in _named_paths(a.stage, final, prov, list(ran.argv)):
        if path not in [c.path for c in copies]:
            data.append(path)
            copies.append(Copy(path, why))
    if options.closure == "tree" and not ran.carry:
        decisions.append(Decision("closure", "what the server names", "the command starts a server that reads only its "
                                  "configuration and the folders it serves: the working directory is not carried"))
    elif options.closure == "tree":
        build_inputs = tuple(p for art in req.built for p in for_artifact(art).build_inputs)
        trees = program_trees(final.workdir, tuple(art.source_dir for art in req.built))
        for c in carry(trees, prov, a.effects, build_inputs, frozenset(art.path for art in req.built)):
            copies.append(Copy(c.path, c.why, c.chown))
        for c in copied_in(trees, prov, a.effects, build_inputs, frozenset(art.path for art in req.built)):
            copies.append(Copy(c.path, c.why, c.chown))
        if trees:
            decisions.append(Decision("closure", "the program's folders", f"{', '.join(trees)}: what COPY and RUN put there "
                                      "is carried, minus build inputs (--closure precise: only what the analysis names)"))
    else:
        decisions.append(Decision("closure", "precise", "--closure precise: only paths the analysis names are copied"))
    copies, links = _links(_drop_nested(_dedupe(copies)), prov)
    if links and not base.shell:
        raise Refusal("SS019", f"no base fits: {links[0][0]} is a symbolic link the build made (to {links[0][1]}), which the "
                               f"runtime stage makes again with ln, and {base.ref} has no shell")
    copies = _drop_nested(_dedupe(copies))

    installs: list[str] = []
    needs = [n for _, n in req.needs] + list(ran.source_needs)
    certs = any(n.certs for n in needs)
    tz_env = dict(final.env).get("TZ", "")
    wrote_localtime = prov.locate("/etc/localtime") is not None
    tz = any(n.tzdata for n in needs) or (tz_env not in ("", "UTC", "Etc/UTC", "UTC0")) or wrote_localtime
    if tz and not any(n.tzdata for n in needs):
        decisions.append(Decision("time zones", "provided", f"ENV TZ={tz_env}" if tz_env else "the build set /etc/localtime"))
    if wrote_localtime:
        copies.append(Copy("/etc/localtime", "the local time zone the build set"))
    if certs and not base.certs:
        if build.has_certs:
            copies.append(Copy("/etc/ssl/certs/ca-certificates.crt", f"CA certificates: the program uses TLS and {base.ref} has none"))
        elif base.package_manager:
            installs.append("ca-certificates")
        else:
            decisions.append(Decision("CA certificates", "none",
                                      f"the program may use TLS, but neither {base.ref} nor the build image has certificates to carry"))
    if tz and not base.tzdata:
        if build.has_tzdata:
            copies.append(Copy("/usr/share/zoneinfo", f"time zones: the program loads them and {base.ref} has none"))
        elif base.package_manager:
            installs.append("tzdata")
        else:
            raise Refusal("SS012", f"the program loads time zones and neither {base.ref} nor the build image has them")

    _refuse_lost_owners(copies, a, final.user)

    # The user the program runs as must exist in the runtime base.
    if final.user and not base.has_user(final.user):
        _carry_user(final.user, "", f"USER {final.user} is not known in {base.ref} and cannot be carried over from "
                                    f"{a.base_ref}", copies, req, base, build)
    # The users a wrapper of the command switches to (`exec gosu app "$@"`) must exist there too.
    for user in ran.users:
        if base.has_user(user) or any(c.path == "/etc/passwd" for c in copies):
            continue
        _carry_user(user, " (the command switches to it)", f"the command switches to user {user}, which is not known in "
                                                           f"{base.ref} and cannot be carried over from {a.base_ref}",
                    copies, req, base, build)
    return RuntimeFiles(tuple(copies), tuple(data), tuple(installs), tuple(links),
                        _home(a, copies, base, decisions), certs, tz)


def _home(a: Analysis, copies: list[Copy], base: BaseImage, decisions: list[Decision]) -> tuple[str, str] | None:
    """`useradd -m app` + `USER app`: the home folder the original had, owned by app. COPY
    --from of /etc/passwd brings the user, not the folder; a COPY into it would make it root's."""
    name = (a.final.user or "").split(":")[0]
    home = a.final.homes.get(name) if name and name not in ("root", "0") else None
    made = any(coreutils.user_home(c) is not None and coreutils.creates_home(c) and coreutils.user_home(c) == (name, home)
               for e in a.effects for c in e.commands)
    if home is None or not made or not any(c.path == "/etc/passwd" for c in copies):
        return None
    if any(c.path == home or home.startswith(c.path.rstrip("/") + "/") for c in copies):
        return None            # copied whole (or with the folder holding it), with its owner
    if not base.shell:
        decisions.append(Decision("home folder", "not made", f"{home} of {name}: {base.ref} has no shell to make it"))
        return None
    return home, name


def _links(copies: list[Copy], prov: Provenance) -> tuple[list[Copy], list[tuple[str, str]]]:
    """A symbolic link the build made (npm's bin link /usr/local/bin/pm2 -> ../lib/node_modules/pm2/bin/pm2)
    is made again: COPY --from would copy the file it points to, and a script that loads its
    modules relative to its own folder would then look in the wrong one. What it points to is
    copied when the build wrote it; a link into the build image's own files is copied as before."""
    out: list[Copy] = []
    links: list[tuple[str, str]] = []
    for c in copies:
        origin = prov.files.origins.get(c.path)
        if origin is None or origin.link is None:
            out.append(c)
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(c.path), origin.link))
        if prov.locate(target) is None and not prov.is_dir(target):
            out.append(c)
            continue
        links.append((c.path, origin.link))
        if not any(target == k.path or target.startswith(k.path.rstrip("/") + "/") for k in copies):
            out.append(Copy(target, f"what the link {c.path} points to", c.chown))
    return out, links


def _data_paths(needs: RuntimeNeeds, workdir: str, prov: Provenance) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ref in needs.data_refs:
        pattern = posixpath.normpath(posixpath.join(workdir, ref.pattern))
        if pattern in ("/", workdir):
            continue
        why = (f"read at run time: {ref.how}({ref.pattern!r}) in {ref.where}" if ref.how != "string literal"
               else f"named in the sources: {ref.pattern!r} in {ref.where}")
        if any(ch in pattern for ch in "*?["):
            fixed = pattern.split("*")[0].split("?")[0].split("[")[0]
            directory = fixed if fixed.endswith("/") else posixpath.dirname(fixed)
            directory = directory.rstrip("/") or "/"
            if prov.glob(pattern) and directory not in ("/", workdir):
                out.append((directory, why))
            elif prov.glob(pattern):
                out.extend((p, why) for p in prov.glob(pattern))
            continue
        if prov.locate(pattern) is not None or prov.is_dir(pattern):
            out.append((pattern, why))
        elif pattern.startswith("/"):
            # A file the program creates at run time (a log, a database): the folder that must
            # hold it is what the build made (`RUN mkdir /data`), empty or not.
            folder = posixpath.dirname(pattern)
            origin = prov.files.origins.get(folder)
            if folder not in ("/", workdir) and origin is not None and not origin.tree and not origin.package:
                out.append((folder, f"{why}: the program creates it in {folder}, which the build made"))
    return out


def _named_paths(stage: Stage, final: StageState, prov: Provenance, argv: list[str]) -> list[tuple[str, str]]:
    """Paths the command line or an ENV value names (`-dir /app/static`, `--config=/etc/app.yml`,
    `APP_CONFIG=/srv/app/app.conf`) that the build wrote: the program will open them."""
    out: list[tuple[str, str]] = []
    words = [("the command line", w) for w in argv[1:]]
    set_here = {k for i in stage.instructions if i.keyword == "ENV" for k, _ in i.pairs()}   # once, not per variable
    words += [(f"ENV {k}", v) for k, v in final.env.items() if k not in base_images.TOOL_PATH_VARIABLES and k in set_here]
    workdir = final.workdir
    for where, word in words:
        for value in sorted({word, word.partition("=")[2]} - {""}):
            if "://" in value:
                continue     # a URL, not a path
            for part in value.split(":") if where.startswith("ENV") else [value]:
                if not part.startswith("/") or part.startswith("//") or part == "/":
                    continue
                path = posixpath.normpath(part)
                if path == workdir or workdir.startswith(path + "/"):
                    continue     # the program's folder itself, or above it: not a data path
                loc = prov.locate(path)
                if loc is not None and not loc.origin.tree or (loc is None and prov.is_dir(path)):
                    out.append((path, f"named by {where}: {word if len(word) < 60 else word[:57] + '...'}"))
    return out


def _dedupe(copies: list[Copy]) -> list[Copy]:
    seen: set[str] = set()
    out: list[Copy] = []
    for c in copies:
        if c.path not in seen:
            seen.add(c.path)
            out.append(c)
    return out


def _drop_nested(copies: list[Copy]) -> list[Copy]:
    """A path inside a directory already copied needs no copy of its own."""
    paths = {c.path.rstrip("/") or "/" for c in copies}
    # Looking up each folder above a path costs its depth; comparing every pair cost N^2.
    return [c for c in copies if not any(d in paths for d in list(ancestors(c.path.rstrip("/") or "/"))[1:])]


def _owner(effects: tuple[Effect, ...], art: BuiltArtifact) -> str | None:
    for e in effects:
        if e.instruction.start_line == art.line:
            user = e.before.user
            return user if user and user.split(":")[0] not in ("root", "0") else None
    return None


def _carry_user(user: str, how: str, refusal: str, copies: list[Copy], req: ProgramNeeds, base: BaseImage,
                build: BuildImage) -> None:
    """USER, unknown in BASE: the build stage's /etc/passwd and /etc/group, first (a later
    COPY --chown=NAME looks the name up in this stage's /etc/passwd), when the build created it
    on a base of the same family; else SS013 with REFUSAL."""
    if not (req.creates_user and base.family == build.family):
        raise Refusal("SS013", refusal)
    copies[0:0] = [Copy("/etc/passwd", f"user {user} is created in the build stage{how}"),
                   Copy("/etc/group", f"user {user} is created in the build stage{how}")]


def _refuse_lost_owners(copies: list[Copy], a: Analysis, user: str | None) -> None:
    """`RUN chown -R app /srv/data` then `USER app`: COPY --from gives what it copies to root
    (unless --chown), so a program that writes there would fail. Files COPY --chown'ed keep
    their owner (the carry rule passes it on); owners a RUN changed are not followed yet."""
    name = (user or "").split(":")[0]
    if not name or name in ("root", "0"):
        return          # root reads and writes whatever it owns
    for e in a.effects:
        for cmd in e.commands:
            if posixpath.basename(cmd.name) not in ("chown", "chgrp"):
                continue
            for path in (coreutils.command_effect(cmd) or CommandEffect()).modifies:
                hit = next((c.path for c in copies if c.path == path or c.path.startswith(path.rstrip("/") + "/")
                            or path.startswith(c.path.rstrip("/") + "/")), None)
                if hit is not None:
                    raise Refusal("SS024", f"line {e.instruction.start_line}: `{cmd.name} …` changes the owner of {path}, "
                                           f"which the runtime stage copies ({hit}) as root; the program runs as {user} "
                                           "and may need to write there")
