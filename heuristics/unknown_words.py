"""Commands that may be read although some of their words are known only at build time.

A word is unknown (`Word.known` False) when its value comes from a command substitution
(`$(git describe --tags)`), a variable the Dockerfile never declares (`${VERSION}`) or a glob.
By default a command with such a word is an *unknown effect* (the converter refuses rather
than guess what it writes). Two kinds of command are still read, because the unknown value
cannot change which paths they write:

- print-only commands (`echo $X`, `printf`, `test`, ...): they write only their redirect
  targets, which must be known;
- curl and wget saving to a file the command names (or to their standard output): a URL known
  only at build time (`…/$(dpkg --print-architecture)/kubectl`) does not change that file;
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
    if posixpath.basename(cmd.name) in ("curl", "wget"):
        return _download_accepted(cmd)
    return any(eco.accepts_unknown_words(cmd) for eco in ecosystems())


# The options naming where curl/wget save (their values must be known); other option values
# (a header's token) and the URLs may be known only at build time when the file is named.
_SAVE_SHORT = {"curl": "o", "wget": "OP"}
_SAVE_LONG = frozenset("--output --output-dir --output-document --directory-prefix".split())


def _download_accepted(cmd: SimpleCommand) -> bool:
    """`curl -fsSLo /usr/local/bin/kubectl "https://…/$(dpkg --print-architecture)/kubectl"`:
    the URL is known only at build time, the file it writes is not. Read when every option
    word is known, every value that names where it saves is known, and the name does not come
    from an unknown URL (wget without -O, curl -O)."""
    from .coreutils import _DOWNLOAD_LONG, _DOWNLOAD_SHORT

    name = posixpath.basename(cmd.name)
    words = cmd.argv[1:]
    named = False            # an output file given (-o FILE / -O FILE): the URL does not name it
    remote = name == "wget"  # the file is named after the URL
    urls_known = True
    i = 0
    while i < len(words):
        w = words[i]
        t = w.text
        if t.startswith("-") and len(t) > 1:
            if not w.known:
                return False
            if t.startswith("--"):
                key, eq, _ = t.partition("=")
                if key in ("--remote-name", "--remote-name-all"):
                    remote = True
                if not eq and key in _DOWNLOAD_LONG[name] and i + 1 < len(words):
                    i += 1
                    if key in _SAVE_LONG and not words[i].known:
                        return False
                named = named or key in ("--output", "--output-document")
            else:
                j = 1
                while j < len(t):
                    letter = t[j]
                    if name == "wget" and letter == "n":
                        j += 2
                        continue
                    if letter == "O" and name == "curl":
                        remote = True
                    if letter in _DOWNLOAD_SHORT[name]:
                        if j + 1 == len(t) and i + 1 < len(words):
                            i += 1
                            if letter in _SAVE_SHORT[name] and not words[i].known:
                                return False
                        named = named or letter == ("o" if name == "curl" else "O")
                        break
                    j += 1
        elif not w.known:
            urls_known = False
        i += 1
    return urls_known or named or not remote
