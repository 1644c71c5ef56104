"""The build context as the analysis may see it: the files a COPY names and a way to read one.

Created at the edge (cli); the analysis reads sources through it but never runs anything.
A context on disk is listed lazily, only as far as the Dockerfile copies it (`match`): a
`COPY go.mod .` looks at go.mod alone, `COPY ./pkg .` walks pkg/, only `COPY . .` walks it all;
like BuildKit, which sends only the paths COPY and ADD name. The file cap applies while
walking, and `.dockerignore` (converter/dockerignore.py: Docker's rules) while listing: an
excluded folder is never entered unless an exception may take a file inside it back.
Errors are those of the files that would be sent: a folder that cannot be listed or a file
that cannot be read is an error when a COPY takes it, never when it lies elsewhere.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import posixpath
import stat
from collections.abc import Callable
from typing import TYPE_CHECKING

from msgspec import Struct, field

from .errors import InputError

if TYPE_CHECKING:
    from .dockerignore import IgnoreRules

MAX_FILES = 50_000          # a larger context is listed only in part (and said so)
MAX_READ = 1_000_000        # bytes read of one source file


class _Listing:
    """The files of a context, as the queries of `BuildContext.match` need them."""

    truncated = False

    def file(self, rel: str) -> bool:          # a file (or a symlink, or any non-folder) that is sent
        raise NotImplementedError

    def below(self, rel: str) -> list[str]:    # every file sent inside folder REL ("" the root), sorted
        raise NotImplementedError

    def folders(self, rel: str) -> list[str]:  # names of the folders inside folder REL that are entered
        raise NotImplementedError

    def names(self, rel: str) -> list[str]:    # names of the files and folders inside folder REL
        raise NotImplementedError


class _Fixed(_Listing):
    """A context given as a set of paths (in memory)."""

    def __init__(self, files: frozenset[str]):
        self.files = files

    def file(self, rel: str) -> bool:
        return rel in self.files

    def below(self, rel: str) -> list[str]:
        if rel == "":
            return sorted(self.files)
        return sorted(f for f in self.files if f.startswith(rel + "/"))

    def folders(self, rel: str) -> list[str]:
        prefix = rel + "/" if rel else ""
        return sorted({f[len(prefix):].split("/")[0] for f in self.files if f.startswith(prefix) and "/" in f[len(prefix):]})

    def names(self, rel: str) -> list[str]:
        prefix = rel + "/" if rel else ""
        return sorted({f[len(prefix):].split("/")[0] for f in self.files if f.startswith(prefix)})


class _SendAll:
    """The rules of a context without a `.dockerignore`: every file is sent (and the matcher,
    converter/dockerignore.py, is not even imported)."""

    def excluded(self, path: str) -> bool:
        return False

    def may_take_back_below(self, folder: str) -> bool:
        return False


class _Walk(_Listing):
    """A context folder on disk, listed folder by folder as the queries reach it (each folder
    once), with `.dockerignore` applied and at most MAX_FILES files listed in all."""

    def __init__(self, root: str, rules: IgnoreRules | _SendAll):
        self.root = root
        self.rules = rules
        self.listed = 0
        self.truncated = False
        self._scanned: dict[str, tuple[list[str], list[str]]] = {}   # folder -> (files, folders), sorted

    def _full(self, rel: str) -> str:
        return os.path.join(self.root, *rel.split("/")) if rel else self.root

    def _enters(self, rel: str) -> bool:
        """Whether the walk goes into folder REL (given its parent is entered)."""
        return not self.rules.excluded(rel) or self.rules.may_take_back_below(rel)

    def _scan(self, rel: str) -> tuple[list[str], list[str]]:
        if rel in self._scanned:
            return self._scanned[rel]
        files: list[str] = []
        folders: list[str] = []
        if not self.truncated:
            prefix = rel + "/" if rel else ""
            try:
                with os.scandir(self._full(rel)) as entries:
                    for entry in entries:
                        path = prefix + entry.name
                        if entry.is_dir(follow_symlinks=False):
                            if self._enters(path):
                                folders.append(entry.name)
                        elif not self.rules.excluded(path):
                            files.append(entry.name)
                            self.listed += 1
                            if self.listed >= MAX_FILES:
                                self.truncated = True
                                break
            except OSError as e:
                raise InputError(f"cannot list the build context: {e.filename or self._full(rel)}: "
                                 f"{e.strerror or e}") from None
        result = (sorted(files), sorted(folders))
        self._scanned[rel] = result
        return result

    def _entered(self, rel: str) -> bool:
        """Folder REL is a real folder (not a symlink) that the walk enters, as all above it."""
        parts = rel.split("/") if rel else []
        for i in range(1, len(parts) + 1):
            here = "/".join(parts[:i])
            parent = "/".join(parts[:i - 1])
            if parent in self._scanned:
                if parts[i - 1] not in self._scanned[parent][1]:
                    return False
                continue
            try:
                st = os.lstat(self._full(here))
            except (FileNotFoundError, NotADirectoryError):
                return False
            except OSError as e:
                raise InputError(f"cannot read {self._full(here)}: {e.strerror or e}") from None
            if not stat.S_ISDIR(st.st_mode) or not self._enters(here):
                return False
        return True

    def file(self, rel: str) -> bool:
        parent, _, name = rel.rpartition("/")
        if not name or not self._entered(parent):
            return False
        if parent in self._scanned:
            return name in self._scanned[parent][0]
        try:
            st = os.lstat(self._full(rel))
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError as e:
            raise InputError(f"cannot read {self._full(rel)}: {e.strerror or e}") from None
        return not stat.S_ISDIR(st.st_mode) and not self.rules.excluded(rel)

    def below(self, rel: str) -> list[str]:
        if not self._entered(rel):
            return []
        out: list[str] = []
        stack = [rel]
        while stack and not self.truncated:
            folder = stack.pop()
            files, folders = self._scan(folder)
            prefix = folder + "/" if folder else ""
            out.extend(prefix + f for f in files)
            stack.extend(prefix + d for d in reversed(folders))
        return sorted(out)

    def folders(self, rel: str) -> list[str]:
        return self._scan(rel)[1] if self._entered(rel) else []

    def names(self, rel: str) -> list[str]:
        if not self._entered(rel):
            return []
        files, folders = self._scan(rel)
        return sorted(files + folders)


# What the analysis asked of a context and what it was told, in order: (query, argument, answer).
# Queries: "file", "below", "folders", "names" (the listing's), "truncated", "read" (a file's text),
# "send" (whether the engine could send a file). Answers are kept small: a listing or a text as a
# digest, a yes/no as a bool. Batch's result cache (converter/batch/memo.py) asks them again of
# another context: the analysis sees a context only through these, so the same answers mean the
# same result.
Observation = tuple[str, str, "bytes | bool | None"]


def _digest(value: str | list[str] | None) -> bytes | None:
    """A short digest of a text or a listing (None stays None: no such file)."""
    if value is None:
        return None
    import hashlib

    data = "\0".join(value) if isinstance(value, list) else value
    return hashlib.blake2b(data.encode("utf-8", "surrogateescape"), digest_size=16).digest()


class _Recorded(_Listing):
    """A listing that notes every query and its answer in TRACE (see `Observation`)."""

    def __init__(self, inner: _Listing, trace: list[Observation]):
        self.inner = inner
        self.trace = trace

    @property
    def truncated(self) -> bool:  # type: ignore[override]
        answer = self.inner.truncated
        self.trace.append(("truncated", "", answer))
        return answer

    def file(self, rel: str) -> bool:
        answer = self.inner.file(rel)
        self.trace.append(("file", rel, answer))
        return answer

    def below(self, rel: str) -> list[str]:
        answer = self.inner.below(rel)
        self.trace.append(("below", rel, _digest(answer)))
        return answer

    def folders(self, rel: str) -> list[str]:
        answer = self.inner.folders(rel)
        self.trace.append(("folders", rel, _digest(answer)))
        return answer

    def names(self, rel: str) -> list[str]:
        answer = self.inner.names(rel)
        self.trace.append(("names", rel, _digest(answer)))
        return answer


def recorded(context: BuildContext, trace: list[Observation]) -> BuildContext:
    """CONTEXT, with every question the analysis asks of it noted in TRACE."""
    reader, sendable = context.reader, context.sendable

    def read(rel: str) -> str | None:
        text = reader(rel) if reader else None
        trace.append(("read", rel, _digest(text)))
        return text

    def send(rel: str) -> None:
        trace.append(("send", rel, None))     # noted first: a file that cannot be sent raises
        if sendable is not None:
            sendable(rel)

    return BuildContext(root=context.root, listing=_Recorded(context.listing, trace),
                        reader=read if reader else None, sendable=send if sendable else None)


def answers_again(context: BuildContext, trace: list[Observation]) -> bool:
    """Whether CONTEXT gives every answer TRACE noted, asked in the same order (the listing
    keeps state: its file cap counts what was listed before). Any error is a no."""
    listing, reader, sendable = context.listing, context.reader, context.sendable
    try:
        for query, arg, answer in trace:
            if query == "read":
                got: bytes | bool | None = _digest(reader(arg) if reader else None)
            elif query == "file":
                got = listing.file(arg)
            elif query == "truncated":
                got = listing.truncated
            elif query == "send":
                if sendable is not None:
                    sendable(arg)
                got = None
            elif query in ("below", "folders", "names"):
                got = _digest(getattr(listing, query)(arg))
            else:                 # a query this version does not know: not the same answers
                return False
            if got != answer:
                return False
    except (InputError, OSError, AttributeError, TypeError):
        return False
    return True


class BuildContext(Struct, frozen=True):
    root: str | None                         # None: no context available
    # How to list and read it: not part of the value (__eq__ and __hash__ compare the root only).
    listing: _Listing = field(default_factory=lambda: _Fixed(frozenset()))
    reader: Callable[[str], str | None] | None = None
    sendable: Callable[[str], None] | None = None   # raises for a file the engine could not send

    def __eq__(self, other: object) -> bool:
        return type(other) is BuildContext and self.root == other.root

    def __hash__(self) -> int:
        return hash(self.root)

    @property
    def available(self) -> bool:
        return self.root is not None

    @property
    def truncated(self) -> bool:
        """More files than MAX_FILES were met while listing what the Dockerfile copies."""
        return self.listing.truncated

    @property
    def files(self) -> frozenset[str]:
        """Every file of the context (posix paths relative to the root, after .dockerignore):
        a walk of all of it; the analysis asks `match` instead."""
        return frozenset(self._sent(self.listing.below("")))

    def read_text(self, rel: str) -> str | None:
        return self.reader(rel) if self.reader else None

    def is_dir(self, rel: str) -> bool:
        return bool(self.listing.below(_norm(rel)))

    def match(self, pattern: str) -> list[str]:
        """Files that a COPY source names: a file, a directory (all below it) or a glob."""
        pat = _norm(pattern)
        if pat == "":
            return self._sent(self.listing.below(""))
        if self.listing.file(pat):
            return self._sent([pat])
        under = self.listing.below(pat)
        if under:
            return self._sent(under)
        if any(ch in pat for ch in "*?["):
            return self._sent(self._glob(pat.split("/")))
        return []

    def _glob(self, parts: list[str]) -> list[str]:
        """Files whose first len(PARTS) path elements match PARTS one by one (and all below a
        folder that matches), listing only the folders on the way."""
        level = [""]
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt: list[str] = []
            for folder in level:
                prefix = folder + "/" if folder else ""
                names = self.listing.names(folder) if last else self.listing.folders(folder)
                nxt.extend(prefix + n for n in names if fnmatch.fnmatchcase(n, part))
            level = nxt
        hits: set[str] = set()
        for path in level:
            if self.listing.file(path):
                hits.add(path)
            else:
                hits.update(self.listing.below(path))
        return sorted(hits)

    def _sent(self, files: list[str]) -> list[str]:
        if self.sendable is not None:
            for f in files:
                self.sendable(f)
        return files


def _norm(p: str) -> str:
    p = posixpath.normpath("/" + p.strip()).lstrip("/")
    return "" if p == "." else p


def load_context(root: str) -> BuildContext:
    """A context folder, to be listed as the analysis asks (I/O: created by the cli only).

    A `.dockerignore` that cannot be read or holds an invalid pattern is an `InputError` here;
    a folder that cannot be listed or a file that cannot be read is one when a COPY takes it:
    the engine would fail to send such a context too, and an analysis of part of it could miss
    the very file the program needs."""
    root = os.path.abspath(root)
    if not os.path.isdir(root):
        return BuildContext(root=None)
    rules: IgnoreRules | _SendAll = _SendAll()
    top = _Root(root)
    ignore = os.path.join(root, ".dockerignore")
    if os.path.isfile(ignore):
        text = _read_regular(top, ".dockerignore")
        if text is None:
            raise InputError(f"cannot read {ignore}")
        try:
            rules = _ignore_rules(text)
        except ValueError as e:
            raise InputError(f"{ignore}: invalid pattern ({e})") from None
    if not os.access(root, os.R_OK | os.X_OK):
        raise InputError(f"cannot list the build context: {root}: permission denied")

    def reader(rel: str) -> str | None:
        return _read_regular(top, rel)

    def sendable(rel: str) -> None:
        full = os.path.join(root, *rel.split("/"))
        if not os.path.islink(full) and not os.access(full, os.R_OK):
            raise InputError(f"cannot read {full}: permission denied (the engine could not send it either)")

    return BuildContext(root=root, listing=_Walk(root, rules), reader=reader, sendable=sendable)


@functools.lru_cache(maxsize=64)
def _ignore_rules(text: str) -> IgnoreRules:
    """The rules of a `.dockerignore` text, compiled once per text (rules are immutable; a batch
    meets the same few texts in every repository of a template)."""
    from . import dockerignore

    return dockerignore.parse(text)


class _Root:
    """A context folder as given and, only once asked, its real path (what the links in it
    resolve to). Most contexts hold no link on the way to the files the analysis reads, so most
    never ask: os.path.realpath lstats every component of the folder's whole path."""

    def __init__(self, path: str):
        self.path = path
        self._real: str | None = None

    @property
    def real(self) -> str:
        if self._real is None:
            self._real = os.path.realpath(self.path)
        return self._real


def _read_regular(root: _Root, rel: str) -> str | None:
    """The text of a regular file inside ROOT, or None.

    Symlinks are followed only while they stay inside the context (the engine never sends what
    lies outside it); FIFOs, devices and sockets are never opened for reading (a FIFO would
    block forever), and binary files read as None."""
    full = _resolved_inside(root, rel)
    if full is None:
        return None
    try:
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        # os.read, not a file object (a batch reads tens of thousands of sources); asked for one
        # byte more than the size, a regular file that returns less has ended
        chunks: list[bytes] = []
        got = 0
        want = min(st.st_size + 1, MAX_READ)
        while got < MAX_READ:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if len(chunk) < want:
                break
            want = min(65536, MAX_READ - got)
        data = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
    if b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def _resolved_inside(root: _Root, rel: str) -> str | None:
    """REL below ROOT with its links resolved, or None when it leads outside.

    Only REL's own components are looked at (one lstat each; the links of ROOT's own path resolve
    alike for every file below it), and real paths are asked only when one of them is a link or
    `..`: realpath lstats every component of the whole path, the root's too, and a batch reads
    tens of thousands of context files (12% of its time)."""
    cur = root.path
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        cur = os.path.join(cur, part)
        try:
            linked = part == ".." or stat.S_ISLNK(os.lstat(cur).st_mode)
        except OSError:
            return None
        if linked:
            real_root = root.real
            full = os.path.realpath(os.path.join(real_root, *rel.split("/")))
            inside = full == real_root or full.startswith(real_root.rstrip(os.sep) + os.sep)
            return full if inside else None
    return cur


def in_memory(files: dict[str, str]) -> BuildContext:
    """A context made of strings (tests, property tests)."""
    return BuildContext(root="<memory>", listing=_Fixed(frozenset(files)), reader=files.get)
