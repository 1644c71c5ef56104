"""A per-user cache of data that every run would otherwise rebuild from files that rarely change
(bashlex's parser tables, the parsed base catalogue).

Entries are `marshal` files in `$XDG_CACHE_HOME/stagesplit` (default `~/.cache/stagesplit`),
named by what they were built from: `entry()` hashes the source files' names, sizes and modification
times and the Python version, so an edited or reinstalled source is a miss, never a stale hit.
marshal rather than json or pickle: plain dicts, lists and strings load in a third of JSON's
time, and loading cannot run code. A file that is not the user's own is not read; one that
cannot be read or written is a miss, never an error: the caller builds the data as if there were
no cache. (No library fits: platformdirs would add an import to every start for one path, and
diskcache a SQLite database for two small files.)
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Iterable
from typing import Any


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "stagesplit")


def entry(stem: str, sources: Iterable[str], version: int) -> str:
    """The name of STEM's entry built from the files SOURCES in format VERSION: it changes
    whenever a source file, VERSION or the Python version does. File stats rather than a digest
    of the contents (no read), as an edit or a reinstall changes them."""
    import zlib

    parts = [f"{version}"]
    for path in sorted(sources):
        st = os.stat(path)
        parts.append(f"{os.path.basename(path)} {st.st_size} {st.st_mtime_ns}")
    text = "\n".join(parts).encode()
    return f"{_prefix(stem)}{zlib.crc32(text):08x}{zlib.adler32(text):08x}.marshal"


def _prefix(stem: str) -> str:
    """Entries of one stem for this Python: a new entry replaces these (another Python keeps its own)."""
    return f"{stem}-py{sys.version_info[0]}{sys.version_info[1]}-"


def read(name: str) -> Any | None:
    """The data saved under NAME, or None (absent, not the user's own, or unreadable)."""
    try:
        with open(os.path.join(cache_dir(), name), "rb") as f:
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return None
            return marshal.loads(f.read())   # load(f) reads the file in small pieces: 8x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write(name: str, data: Any) -> None:
    """Save DATA under NAME (from `entry`) for the next run, atomically, and remove the entries it
    replaces (built from earlier sources); a cache that cannot be written is no error."""
    import tempfile

    folder = cache_dir()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".stagesplit-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                marshal.dump(data, f)
            os.replace(tmp, os.path.join(folder, name))
        except BaseException:
            os.unlink(tmp)
            raise
        stem = name[:name.index("-py")]
        for old in os.listdir(folder):
            if old.startswith(_prefix(stem)) and old != name:
                os.unlink(os.path.join(folder, old))
    except (OSError, ValueError):
        pass
