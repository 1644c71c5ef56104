"""The file-system edge: reading a Dockerfile with a size limit, and rewriting one in place
without ever losing the original.

`--in-place` keeps the file's identity: a symlink converts its target, a hard-linked file is
rewritten in its own inode (so every link sees the new text), owner and mode are kept, and an
existing backup is never overwritten. Temporary files carry the writer's pid, so those left by
a killed run are recognised and removed by the next one.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from typing import Literal, overload

from .errors import InputError

DEFAULT_MAX_BYTES = 1 << 20          # 1 MiB: far above any real Dockerfile
_TMP_PREFIX = ".stagesplit-"
_TMP_NAME = re.compile(r"^\.stagesplit-(\d+)-[^/]*\.tmp$")


def read_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of PATH ('-' for stdin), refusing more than `max_bytes` before reading them all."""
    if path == "-":
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise InputError("cannot read stdin: it is closed")
        try:
            data = stream.read(max_bytes + 1)
        except (OSError, ValueError) as e:
            raise InputError(f"cannot read stdin: {getattr(e, 'strerror', None) or e}") from None
    else:
        try:
            with open(path, "rb") as f:
                if os.path.isdir(path):
                    raise InputError(f"cannot read {path}: it is a directory")
                data = f.read(max_bytes + 1)
        except IsADirectoryError:
            raise InputError(f"cannot read {path}: it is a directory") from None
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise InputError(f"{'stdin' if path == '-' else path}: larger than {max_bytes} bytes "
                         "(--max-size raises the limit): not a Dockerfile this tool should rewrite")
    return data


def encode_text(text: str) -> bytes:
    """Text -> the bytes to write: UTF-8, and the bytes of a non-UTF-8 input exactly as they were
    read (converter/parse.py's `decode` keeps them as lone surrogates)."""
    return text.encode("utf-8", "surrogateescape")


def backup_path(path: str) -> str:
    return path + ".orig"


# Typed per call: a caller that keeps the backup (every one so far) is given its path as a str.
@overload
def write_in_place(path: str, old: str, new: str, *, backup: Literal[True] = True) -> tuple[str, str]: ...
@overload
def write_in_place(path: str, old: str, new: str, *, backup: bool) -> tuple[str, str | None]: ...


def write_in_place(path: str, old: str, new: str, *, backup: bool = True) -> tuple[str, str | None]:
    """Keep the original as TARGET.orig, then replace TARGET's text; return (target, backup).
    `backup=False` (`--no-backup`) writes no TARGET.orig, so an existing one is no obstacle,
    and returns (target, None); the target is replaced as with a backup.

    TARGET is PATH with symlinks resolved. Every failure is an `InputError` raised before the
    target changes: the backup is written (and flushed) first, and the target is replaced by
    an atomic rename, or, for a file with several hard links, rewritten in its own inode.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    kept = backup_path(target) if backup else None
    try:
        st = os.stat(target)
    except OSError as e:
        raise InputError(f"cannot rewrite {path}: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"cannot rewrite {path}: not a regular file")
    if kept is not None and os.path.lexists(kept):
        raise InputError(f"{kept} already exists and is never overwritten: move it away, "
                         "or convert to stdout instead")
    clean_stale_temporaries(folder)
    try:
        if kept is not None:
            _write_new(kept, old, st, folder, exclusive=True)
        if st.st_nlink > 1:
            _rewrite_inode(target, new)
        else:
            _write_new(target, new, st, folder, exclusive=False)
    except OSError as e:
        raise InputError(f"cannot rewrite {path}: {e.strerror or e}"
                         f"{' (read-only folder?)' if e.errno in (errno.EACCES, errno.EROFS, errno.EPERM) else ''}") from None
    return target, kept


def _write_new(dest: str, text: str, st: os.stat_result, folder: str, exclusive: bool) -> None:
    """Write TEXT to a temporary file in FOLDER with ST's owner and mode, then move it to DEST
    (exclusive: never replacing an existing DEST)."""
    import tempfile  # here, not at the top: it brings shutil, bz2, lzma and random (~5 ms) to every start

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{_TMP_PREFIX}{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except PermissionError:
                pass   # not ours to give away (non-root); the file stays the caller's
        if exclusive:
            os.link(tmp, dest)   # fails if DEST appeared meanwhile: never overwrite a backup
            os.unlink(tmp)
        else:
            os.replace(tmp, dest)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def _rewrite_inode(target: str, text: str) -> None:
    """New text into the same inode (all hard links see it); the backup already holds the old."""
    data = encode_text(text)
    with open(target, "r+b") as f:
        f.write(data)
        f.truncate(len(data))
        f.flush()
        os.fsync(f.fileno())


def clean_stale_temporaries(folder: str) -> list[str]:
    """Remove our temporary files whose writer is gone (a run killed with SIGKILL)."""
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        m = _TMP_NAME.match(name)
        if not m or _alive(int(m.group(1))):
            continue
        try:
            os.unlink(os.path.join(folder, name))
            removed.append(name)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
