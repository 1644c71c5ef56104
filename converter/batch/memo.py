"""Batch's result cache: a file converted before, with the same bytes, options and build context,
gets its earlier record without being analysed again.

An organisation runs batch over the same estate again and again (every night, on every pull
request), and most files have not changed since the last run; within one run, a template copied
into many repositories converts the same way in each. What a conversion depends on:

- the Dockerfile's bytes and the options it was planned with (runtime preference, stage name,
  the base catalogue's rows, ...): hashed into the entry's **key**;
- this version of stagesplit and of the libraries that read for it (BuildKit's parser, bashlex,
  libcst, msgspec): the **database's name** holds a signature of their files (`signature`), so
  another version never reads this one's entries;
- the build context, which the analysis sees only through `BuildContext`'s questions (is this a
  file, what lies below this folder, this file's text, could the engine send it): the entry
  keeps every question asked and its answer, in order (converter/context.py `recorded`), as
  its **trace**.

A key's entries are tried in turn: the context is asked the trace's questions again
(`answers_again`), and the first entry whose every answer is the same gives the record. A changed
source, a new file in a folder a COPY takes, a changed `.dockerignore`: some answer differs, and
the file is analysed again. The trace names context paths relative to the context, so two folders
with the same files share an entry (the key holds neither the file's name nor its folder), unless
the record names where the file lies (a message with its path): such a record is not kept.

Only conversions that ran to the end are kept (converted or unchanged with a reason); an error
is analysed again each time, and costs little. Entries live in one SQLite database per version
in the user's cache folder (`--cache-dir`, default converter/user_cache.py's folder), written
by the workers (WAL: one writer at a time, readers never wait); an older version's database is
removed when a new one is made. `--no-cache` turns all of it off. (No library fits: diskcache
pickles its values, and a result cache must never run code from a file on disk; its eviction
writes on every read. SQLite is in the standard library.)
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from ..context import Observation
from .record import Record

if TYPE_CHECKING:
    from ..plan import Options

FORMAT = 1            # of the key, the trace and the record as stored: a new one starts a new database
PER_KEY = 8           # entries kept per key (the same file in contexts that differ); the oldest goes
MAX_ROWS = 100_000    # entries in all (~2.3 KB each: at most ~250 MB); the oldest go when a batch starts above it
_PREFIX = "batch-results-"

# The code that decides a conversion: ours, and the libraries that read for it.
_OURS = ("converter", "heuristics")
_LIBRARIES = ("dockerfile", "bashlex", "libcst", "msgspec")


def default_folder() -> str:
    from ..user_cache import cache_dir

    return cache_dir()


def signature(ours: list[str] | None = None) -> str:
    """What names this version's database: the contents of our packages' files (OURS: their
    folders, default found by their specs, without importing them), each library's version and
    installed-file list with its digests (its RECORD), the Python version and FORMAT. Contents,
    not times: a CI job that installs the same version afresh on every run finds its cache again
    (kept with actions/cache or the like), while an edit or an upgrade starts a new one. About
    10 ms, once per batch."""
    from importlib import metadata

    h = hashlib.blake2b(f"{FORMAT} {sys.version}".encode(), digest_size=10)
    for folder in ours if ours is not None else _places(_OURS):
        for path in _files(folder):
            h.update(f"\0{os.path.relpath(path, folder)}\0".encode())
            with open(path, "rb") as f:
                h.update(f.read())
    for name in _LIBRARIES:
        try:
            dist = metadata.distribution(name)
            h.update(f"\0{name} {dist.version}\0{dist.read_text('RECORD') or ''}".encode())
        except metadata.PackageNotFoundError:   # not installed as a distribution: its files' sizes and times
            for folder in _places((name,)):
                for path in _files(folder):
                    st = os.stat(path)
                    h.update(f"\0{path} {st.st_size} {st.st_mtime_ns}".encode())
    return h.hexdigest()


def _places(names: tuple[str, ...]) -> list[str]:
    import importlib.util

    out: list[str] = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        folders = list(spec.submodule_search_locations or [])
        out += folders or ([spec.origin] if spec.origin else [])
    return out


def _files(place: str) -> Iterator[str]:
    if os.path.isfile(place):
        yield place
        return
    for folder, dirs, files in os.walk(place):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for f in sorted(files):
            if not f.endswith((".pyc", ".orig", ".tmp")):
                yield os.path.join(folder, f)


def prepare(folder: str) -> str | None:
    """The database of this version in FOLDER, made if need be (older versions' removed, the
    oldest entries dropped past MAX_ROWS); None when it cannot be made (the batch then runs
    without a cache: a cache is never a reason to fail)."""
    path = os.path.join(folder, f"{_PREFIX}{signature()}.sqlite")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        try:
            _create(path)
        except sqlite3.DatabaseError:      # not a database (cut short, overwritten): made anew
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.unlink(path + suffix)
            _create(path)
        for name in os.listdir(folder):
            if name.startswith(_PREFIX) and not name.startswith(os.path.basename(path)):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass
    except (OSError, sqlite3.Error):
        return None
    return path


def _create(path: str) -> None:
    db = _connect(path)
    try:
        with db:
            db.execute("CREATE TABLE IF NOT EXISTS entries (key BLOB NOT NULL, trace_digest BLOB NOT NULL, "
                       "trace BLOB NOT NULL, record BLOB NOT NULL, PRIMARY KEY (key, trace_digest))")
            (rows,) = db.execute("SELECT count(*) FROM entries").fetchone()
            if rows > MAX_ROWS:
                db.execute("DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries ORDER BY rowid LIMIT ?)",
                           (rows - MAX_ROWS,))
    finally:
        db.close()


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=10.0, isolation_level="DEFERRED")
    if hasattr(os, "getuid") and os.stat(path).st_uid != os.getuid():   # only the user's own cache is read
        db.close()
        raise sqlite3.DatabaseError(f"{path} is not the user's own")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")    # a crash may lose the last entries, never corrupt the rest
    return db


_encode = msgspec.msgpack.Encoder().encode
_record = msgspec.msgpack.Decoder(tuple[Record, bytes | None])
_NO_ROWS: Any = None       # in place of the catalogue, whose digest is taken apart
_trace = msgspec.msgpack.Decoder(list[tuple[str, str, bytes | bool | None]])


class Memo:
    """One worker's connection to the database (see the module's text)."""

    def __init__(self, path: str):
        self.db = _connect(path)
        self._catalogue: tuple[object, bytes] | None = None
        self._new: list[tuple[bytes, bytes, bytes, bytes]] = []

    def key(self, data: bytes, options: Options) -> bytes:
        """The key of a Dockerfile's bytes DATA planned with OPTIONS. Not its name: the model holds
        none, and where the analysis could meet it (a `COPY . .` takes the Dockerfile too), it
        meets it in the context, whose every answer the trace compares."""
        return hashlib.blake2b(self._options_digest(options) + data, digest_size=20).digest()

    def _options_digest(self, options: Options) -> bytes:
        """The options' digest. The catalogue, their biggest part, is one object for every file
        of a batch (converter/options.py `_catalogue` caches it): its digest is kept while it is that object."""
        catalogue = options.catalogue
        if self._catalogue is None or self._catalogue[0] is not catalogue:
            self._catalogue = (catalogue, hashlib.blake2b(_encode(catalogue), digest_size=16).digest())
        rest = msgspec.structs.replace(options, catalogue=_NO_ROWS)
        return self._catalogue[1] + _encode(rest)

    def entries(self, key: bytes) -> list[tuple[list[Observation], Record]]:
        """KEY's entries, newest first (none when the database cannot be read)."""
        try:
            rows = self.db.execute("SELECT trace, record FROM entries WHERE key = ? ORDER BY rowid DESC LIMIT ?",
                                   (key, PER_KEY)).fetchall()
            out = []
            for t, r in rows:
                record, text = _record.decode(r)
                if text is not None:
                    record = msgspec.structs.replace(record, new_text=text.decode("utf-8", "surrogateescape"))
                out.append((_trace.decode(t), record))
            return out
        except (sqlite3.Error, msgspec.DecodeError):
            return []

    def keep(self, key: bytes, trace: list[Observation], record: Record) -> None:
        """Keep RECORD (its path left out) under KEY for contexts that answer TRACE the same; written
        at the next `commit`. A record whose other texts msgpack cannot hold (a lone surrogate
        in a path) is not kept."""
        try:
            blob = _encode(trace)
            # the new text as bytes: a non-UTF-8 file's bytes are kept in it as lone surrogates
            text = record.new_text.encode("utf-8", "surrogateescape") if record.new_text is not None else None
            self._new.append((key, hashlib.blake2b(blob, digest_size=16).digest(), blob,
                              _encode((msgspec.structs.replace(record, path="", new_text=None), text))))
        except (UnicodeEncodeError, msgspec.EncodeError):
            pass

    def commit(self) -> None:
        """Write the entries kept since the last commit, in one short transaction (the other
        workers wait for the database's lock only that long)."""
        new, self._new = self._new, []
        if not new:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", new)
                self.db.executemany("DELETE FROM entries WHERE key = ? AND rowid NOT IN "
                                    "(SELECT rowid FROM entries WHERE key = ? ORDER BY rowid DESC LIMIT ?)",
                                    [(k, k, PER_KEY) for k in dict.fromkeys(row[0] for row in new)])
        except sqlite3.Error:
            pass


def placed(record: Record, *where: str) -> bool:
    """Whether RECORD names one of WHERE (the file's path, its folder): it holds for that file only."""
    texts = (record.reason, *record.warnings, *record.artifacts)
    return any(w and w in t for w in where if w for t in texts)
