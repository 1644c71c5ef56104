"""Commands that may be read although some of their words are known only at build time.

A word is unknown (`Word.known` False) when its value comes from a command substitution
(`$(git describe --tags)`), a variable the Dockerfile never declares (`${VERSION}`) or a glob.
By default a command with such a word is an *unknown effect* (the converter refuses rather
than guess what it writes). Two kinds of command are still read, because the unknown value
cannot change which paths they write:

- print-only commands (`echo $X`, `printf`, `test`, ...): they write only their redirect
  targets, which must be known;
- commands whose recogniser says so through `accepts_unknown_words(cmd) -> bool` (a method
  of every `Ecosystem`): Go accepts unknown values of -ldflags, -tags, ... but never an
  unknown output path or package (heuristics/golang.py).

Every other command (cp, mkdir, make, apt-get, ...) with an unknown word stays unknown.
"""

from __future__ import annotations

import posixpath

from converter.shell import SimpleCommand

from . import ecosystems

# Commands that only print, test or wait: no file is written but their redirect targets, and
# none runs another command (unlike env, command, find, xargs, exec, which stay unknown).
PRINT_ONLY = frozenset("echo printf true false : test [ sleep pwd uname id whoami date".split())


def accepted(cmd: SimpleCommand) -> bool:
    """Whether `cmd`, which has words known only at build time, may go to the recognisers."""
    if not cmd.argv or not cmd.argv[0].known:
        return False
    if not all(w.known for w in cmd.redirect_writes):
        return False
    if posixpath.basename(cmd.name) in PRINT_ONLY:
        return True
    return any(eco.accepts_unknown_words(cmd) for eco in ecosystems())
