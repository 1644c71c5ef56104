"""The batch's process pool, its progress display, the writes (--write) and Ctrl-C.

Workers are spawned, never forked: the BuildKit parser is a Go library whose runtime threads do
not survive a fork. Each worker converts chunks of files (one message per chunk, not per file,
keeps the pipes cheap) and is replaced after `FILES_PER_WORKER` files (the pool is, see `run`),
which bounds the memory the parser leaks (about 1.6 KB per parse, never returned). A worker that dies (a crash on a
hostile file) breaks the pool: the chunks it left unfinished are converted again one file at a
time in a pool of their own, so the file that kills a worker is named in its record and every
other file still gets converted.

Only this process writes, between results, with SIGINT and SIGTERM turned into a flag that the
loop reads: a Ctrl-C never lands in the middle of a rewrite, and once it arrives the pool is
stopped, the files already done are reported and nothing else is written.
"""

from __future__ import annotations

import hashlib
import math
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from msgspec import Struct
from msgspec.structs import replace

from .discover import Found
from .record import Record
from .worker import Given, Job, convert_chunk, init

FILES_PER_WORKER = 4000     # x ~1.6 KB leaked per parse: a worker grows by ~6 MB at most, then is replaced
MAX_CHUNK = 48              # files per task: IPC per message is amortised, yet the load stays balanced


class Outcome(Struct):
    records: list[Record | None]     # in the order found; None: not processed (interrupted)
    interrupted: bool
    seconds: float


class _Stop:
    """SIGINT/SIGTERM as a flag; a second signal interrupts at once (the handlers are then the
    previous ones again)."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.previous: dict[int, object] = {}

    def __enter__(self) -> _Stop:
        for s in (signal.SIGINT, signal.SIGTERM):
            try:
                self.previous[s] = signal.signal(s, self._arrived)
            except ValueError:      # not the main thread: leave the handlers alone
                pass
        return self

    def _arrived(self, signum, _frame) -> None:
        self.signal = signum
        self._restore()

    def _restore(self) -> None:
        for s, h in self.previous.items():
            signal.signal(s, h)     # type: ignore[arg-type]
        self.previous = {}

    def __exit__(self, *exc) -> None:
        self._restore()


def run(found: list[Found], given: Given, jobs: int, write: bool,
        on_record: Callable[[Record], None] = lambda r: None) -> Outcome:
    start = time.monotonic()
    records: list[Record | None] = [None] * len(found)
    todo: list[tuple[int, Job]] = []
    for i, f in enumerate(found):
        if f.note is not None:
            records[i] = Record(f.shown, "skipped", f.note)
            on_record(records[i])    # type: ignore[arg-type]
        else:
            todo.append((i, Job(f.path, f.shown, f.boundary)))
    jobs = max(1, min(jobs, len(todo) or 1))
    size = max(1, min(MAX_CHUNK, math.ceil(len(todo) / (jobs * 4))))
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]

    def done(index: int, record: Record) -> None:
        if write and record.status == "converted" and record.new_text is not None:
            record = _write(found[index], record)
        elif record.new_text is not None:
            record = replace(record, digest=None, old_text=None, new_text=None)
        records[index] = record
        on_record(record)

    # Workers are replaced by generations: a pool converts at most FILES_PER_WORKER files per
    # worker, then a new pool takes the next files. Not ProcessPoolExecutor(max_tasks_per_child=...):
    # in Python 3.11-3.13 it deadlocks once a worker retires with tasks still queued (CPython
    # gh-115634), which is exactly a batch's situation.
    per_pool = max(1, FILES_PER_WORKER * jobs // size)
    with _Stop() as stop:
        failed: list[list[tuple[int, Job]]] = []
        for first in range(0, len(chunks), per_pool):
            if stop.signal is not None:
                break
            failed += _pool(chunks[first:first + per_pool], jobs, given, write, done, stop)
        # A worker died: what it left unfinished runs again one file at a time, each alone, so
        # that the file that kills a worker is the one that gets the error.
        suspects = [(index, job) for chunk in failed for index, job in chunk if records[index] is None]
        if suspects:
            _isolate(suspects, given, write, done, stop)
        interrupted = stop.signal is not None
    return Outcome(records, interrupted, time.monotonic() - start)


def _pool(chunks: list[list[tuple[int, Job]]], jobs: int, given: Given, write: bool,
          done: Callable[[int, Record], None], stop: _Stop) -> list[list[tuple[int, Job]]]:
    """Run CHUNKS; return those left unfinished because a worker died (none: all done, or stopped)."""
    if not chunks:
        return []
    import multiprocessing

    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=init)
    pending: dict[Future, list[tuple[int, Job]]] = {}
    try:
        for chunk in chunks:
            pending[executor.submit(convert_chunk, [job for _, job in chunk], given, write)] = chunk
        while pending and stop.signal is None:
            finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    return [chunk, *pending.values()]
                for (index, _job), record in zip(chunk, results, strict=True):
                    done(index, record)
                if stop.signal is not None:
                    break
        return []
    finally:
        if pending or stop.signal is not None:
            _stop(executor)
        else:
            executor.shutdown(wait=True)


def _isolate(suspects: list[tuple[int, Job]], given: Given, write: bool, done: Callable[[int, Record], None], stop: _Stop) -> None:
    """One file at a time in a worker of its own: a death now names its file."""
    import multiprocessing

    executor = None
    try:
        for index, job in suspects:
            if stop.signal is not None:
                break
            if executor is None:
                executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=init)
            future = executor.submit(convert_chunk, [job], given, write)
            while stop.signal is None and not future.done():
                wait([future], timeout=0.2)
            if stop.signal is not None:
                break
            try:
                done(index, future.result()[0])
            except BrokenProcessPool:
                done(index, Record(job.shown, "error", "the worker process died while converting this file "
                                                       "(a crash in the parser or the analysis): left unchanged"))
                _stop(executor)
                executor = None
    finally:
        if executor is not None:
            _stop(executor) if stop.signal is not None else executor.shutdown(wait=True)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now: they write nothing, so nothing is lost."""
    executor.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass


def _write(f: Found, record: Record) -> Record:
    """Rewrite one converted file (backup kept, atomic), unless it changed since the worker read it."""
    from ..errors import InputError
    from ..files import write_in_place

    plain = replace(record, digest=None, old_text=None, new_text=None)
    try:
        with open(f.path, "rb") as fh:
            now = fh.read()
    except OSError as e:
        return replace(plain, status="error", reason=f"cannot read it again to rewrite it: {e.strerror or e}")
    if hashlib.sha256(now).hexdigest() != record.digest:
        return replace(plain, status="error", reason="changed since it was read: not rewritten (run the batch again)")
    try:
        _target, backup = write_in_place(f.path, record.old_text or "", record.new_text or "")
    except InputError as e:
        return replace(plain, status="error", reason=f"not rewritten: {e}")
    return replace(plain, written=True, backup=os.path.relpath(backup) if not os.path.isabs(f.shown) else backup)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):
        return False
