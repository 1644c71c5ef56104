"""The build context as the analysis may see it: a list of files and a way to read one.

Created at the edge (cli); the analysis reads sources through it but never runs anything.
`.dockerignore` is applied with the docker SDK's own matcher, the rules the engine uses.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import InputError

MAX_FILES = 50_000          # a larger context is listed only in part (and said so)
MAX_READ = 1_000_000        # bytes read of one source file


@dataclass(frozen=True)
class BuildContext:
    root: str | None                         # None: no context available
    files: frozenset[str] = frozenset()      # posix paths relative to root, after .dockerignore
    truncated: bool = False
    reader: Callable[[str], str | None] | None = field(default=None, compare=False, repr=False)

    @property
    def available(self) -> bool:
        return self.root is not None

    def read_text(self, rel: str) -> str | None:
        return self.reader(rel) if self.reader else None

    def is_dir(self, rel: str) -> bool:
        rel = _norm(rel)
        if rel == "":
            return bool(self.files)
        prefix = rel + "/"
        return any(f.startswith(prefix) for f in self.files)

    def match(self, pattern: str) -> list[str]:
        """Files that a COPY source names: a file, a directory (all below it) or a glob."""
        pat = _norm(pattern)
        if pat == "":
            return sorted(self.files)
        if pat in self.files:
            return [pat]
        if self.is_dir(pat):
            return sorted(f for f in self.files if f.startswith(pat + "/"))
        if any(ch in pat for ch in "*?["):
            hits: set[str] = set()
            depth = pat.count("/") + 1
            for f in self.files:
                parts = f.split("/")
                if len(parts) >= depth and fnmatch.fnmatchcase("/".join(parts[:depth]), pat):
                    hits.add(f)
            return sorted(hits)
        return []


def _norm(p: str) -> str:
    p = posixpath.normpath("/" + p.strip()).lstrip("/")
    return "" if p == "." else p


def load_context(root: str) -> BuildContext:
    """List a context folder (I/O: called from the cli only).

    Every failure to list it (an unreadable folder, an invalid `.dockerignore` pattern) is an
    `InputError`: the engine would fail to send such a context too, and an analysis of part of
    it could miss the very file the program needs."""
    from docker.utils.build import exclude_paths  # the engine's own .dockerignore rules

    root = os.path.abspath(root)
    if not os.path.isdir(root):
        return BuildContext(root=None)
    patterns: list[str] = []
    ignore = os.path.join(root, ".dockerignore")
    if os.path.isfile(ignore):
        text = _read_regular(root, ".dockerignore")
        if text is None:
            raise InputError(f"cannot read {ignore}")
        patterns = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    try:
        listed = exclude_paths(root, patterns)
    except re.error as e:
        raise InputError(f"{ignore}: invalid pattern ({e})") from None
    except OSError as e:
        where = e.filename or root
        raise InputError(f"cannot list the build context: {where}: {e.strerror or e}") from None
    names: list[str] = []
    truncated = False
    for rel in sorted(listed):
        full = os.path.join(root, rel)
        if os.path.isdir(full) and not os.path.islink(full):
            continue
        if not os.path.islink(full) and not os.access(full, os.R_OK):
            raise InputError(f"cannot read {full}: permission denied (the engine could not send it either)")
        names.append(rel.replace(os.sep, "/"))
        if len(names) >= MAX_FILES:
            truncated = True
            break

    real_root = os.path.realpath(root)

    def reader(rel: str) -> str | None:
        return _read_regular(real_root, rel)

    return BuildContext(root=root, files=frozenset(names), truncated=truncated, reader=reader)


def _read_regular(root: str, rel: str) -> str | None:
    """The text of a regular file inside ROOT, or None.

    Symlinks are followed only while they stay inside the context (the engine never sends what
    lies outside it); FIFOs, devices and sockets are never opened for reading (a FIFO would
    block forever), and binary files read as None."""
    real_root = os.path.realpath(root)   # cheap when ROOT is already real, as the reader passes it
    full = os.path.realpath(os.path.join(real_root, *rel.split("/")))
    if full != real_root and not full.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    try:
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_READ)
    except OSError:
        return None
    finally:
        os.close(fd)
    if b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def in_memory(files: dict[str, str]) -> BuildContext:
    """A context made of strings (tests, property tests)."""
    return BuildContext(root="<memory>", files=frozenset(files), reader=files.get)
