"""The batch's process pool, its progress display, the writes (--write) and Ctrl-C.

Workers are spawned, never forked: the BuildKit parser is a Go library whose runtime threads do
not survive a fork. Each worker converts chunks of files (one message per chunk, not per file,
keeps the pipes cheap) and is replaced after `FILES_PER_WORKER` files (the pool is, see `run`),
which bounds the memory the parser leaks (about 1.6 KB per parse, never returned). Only a few
chunks per worker are in the pool's hands at a time (`IN_FLIGHT`), so that a worker's death
sends back those few. A worker that dies breaks the pool. If it ended itself past a limit
(--timeout, --max-memory: worker.py), its note names the file: a timeout is that file's error at
once, a memory stop is checked again with the file alone, and the other files go back to the
queue. A stall in C code leaves no note, but the worker's board names its file (a timeout, as
above). A death nobody explains (a crash on a hostile file, a stall without a board) sends the files the
pool had unfinished to be converted again one at a time in a pool of their own, so the file that
kills a worker is named in its record and every other file still gets converted.

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
import tempfile
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from msgspec import Struct
from msgspec.structs import replace

from .discover import Found
from .record import Record
from .worker import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, Given, Job, Limits, Stopped, convert_chunk, init

# BuildKit's parser leaks ~2 KB per parse (with bounded caches a worker grows ~4 MB per 1,000 files): a worker
# is replaced after FILES_PER_WORKER files. Measured on a 10,000-file estate, -j 2, the whole process tree, twice each
# (2026-12-05, a loaded machine): 4000 files: peak RSS 205 MB, 31.5-33.5 s of CPU; 3000: 198 MB;
# 2500: 194-196 MB, 32.6-33.1 s of CPU. A new pool's start and cold caches cost less than the
# noise, and 2500 keeps the batch under issue 9's 200 MB.
FILES_PER_WORKER = 2500
MAX_CHUNK = 48              # files per task: IPC per message is amortised, yet the load stays balanced
IN_FLIGHT = 2               # chunks per worker handed to the pool at a time: enough to keep it busy, few to redo


class Outcome(Struct):
    records: list[Record | None]     # in the order found; None: not processed (interrupted)
    interrupted: bool
    seconds: float


class _Stop:
    """SIGINT/SIGTERM as a flag; a second signal interrupts at once (the handlers are then the
    previous ones again). A signal the batch inherited as ignored stays ignored: started under
    nohup or as a shell's background job (SIGINT ignored), the batch goes on as the user arranged."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.previous: dict[int, object] = {}

    def __enter__(self) -> _Stop:
        for s in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(s) is signal.SIG_IGN:
                continue
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


Chunk = list[tuple[int, Job]]


def run(found: list[Found], given: Given, jobs: int, write: bool,
        on_record: Callable[[Record], None] = lambda r: None,
        timeout: float = DEFAULT_TIMEOUT, max_memory_mb: int = DEFAULT_MAX_MEMORY_MB, cache: str | None = None) -> Outcome:
    """Convert FOUND in JOBS workers. TIMEOUT (seconds per file) and MAX_MEMORY_MB (resident, per
    worker) stop a file's worker when passed (0: no limit); that file's record says which. CACHE:
    the result cache's database (memo.py `prepare`; None: every file is analysed)."""
    start = time.monotonic()
    records: list[Record | None] = [None] * len(found)
    todo: Chunk = []
    for i, f in enumerate(found):
        if f.note is not None:
            records[i] = Record(f.shown, "skipped", f.note)
            on_record(records[i])    # type: ignore[arg-type]
        else:
            todo.append((i, Job(f.path, f.shown, f.boundary, i, f.config)))
    jobs = max(1, min(jobs, len(todo) or 1))
    size = max(1, min(MAX_CHUNK, math.ceil(len(todo) / (jobs * 4))))
    queue = deque(todo[k:k + size] for k in range(0, len(todo), size))

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
    with _Stop() as stop, tempfile.TemporaryDirectory(prefix="stagesplit-batch-") as notes:
        limits = Limits(max(0.0, timeout), max(0, max_memory_mb), notes, cache)
        suspects: Chunk = []
        while queue and stop.signal is None:
            broken = _pool(queue, per_pool, jobs, given, write, limits, done, stop)
            stopped = _read_notes(notes)
            unfinished = [(index, job) for chunk in broken for index, job in chunk if records[index] is None]
            if not unfinished:
                continue
            if not stopped.by_index:
                # A death nobody explained (a crash, or a stall in C code): what its pool left
                # unfinished runs again one file at a time, each alone, so that the file that
                # kills a worker is the one that gets the error.
                suspects += unfinished
                continue
            # A worker ended itself and said on which file: the rest were only stopped with the
            # pool and go back to the queue. A timeout is that file's verdict (its time was its
            # own); a memory stop is checked again alone (the worker's memory held what earlier
            # files left).
            again: Chunk = []
            for index, job in unfinished:
                why = stopped.by_index.get(index)
                if why is None:
                    again.append((index, job))
                elif why.limit == "timeout":
                    done(index, Record(job.shown, "error", _reason(why, limits)))
                else:
                    suspects.append((index, job))
            queue.extendleft(reversed([again[k:k + size] for k in range(0, len(again), size)]))
        if suspects and stop.signal is None:
            _isolate(sorted(suspects, key=lambda s: s[0]), given, write, limits, done, stop)
        interrupted = stop.signal is not None
    return Outcome(records, interrupted, time.monotonic() - start)


def _pool(queue: deque[Chunk], budget: int, jobs: int, given: Given, write: bool, limits: Limits,
          done: Callable[[int, Record], None], stop: _Stop) -> list[Chunk]:
    """Run up to BUDGET chunks from QUEUE's front in a new pool; return the chunks left unfinished
    because a worker died (none: all done, or stopped). Only a few chunks per worker are handed to
    the pool at a time, so that a death sends back those few, not the whole generation."""
    import multiprocessing

    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init, initargs=(limits,))
    pending: dict[Future, Chunk] = {}
    taken = 0
    broken = False
    try:
        while stop.signal is None:
            while queue and taken < budget and len(pending) < IN_FLIGHT * jobs:
                chunk = queue.popleft()
                taken += 1
                try:
                    pending[executor.submit(convert_chunk, [job for _, job in chunk], given, write)] = chunk
                except BrokenProcessPool:
                    queue.appendleft(chunk)
                    broken = True
                    break
            if broken or not pending:
                break
            finished, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                if future.exception() is not None:
                    broken = True
                    break
                for (index, _job), record in zip(pending.pop(future), future.result(), strict=True):
                    done(index, record)
                if stop.signal is not None:
                    break
            if broken:
                break
        if not broken:
            return []
        # Chunks that finished before the pool broke still count; the others come back.
        left: list[Chunk] = []
        for future, chunk in pending.items():
            if future.done() and future.exception() is None and stop.signal is None:
                for (index, _job), record in zip(chunk, future.result(), strict=True):
                    done(index, record)
            else:
                left.append(chunk)
        pending.clear()
        return left
    finally:
        if broken or pending or stop.signal is not None:
            _stop(executor)
        else:
            executor.shutdown(wait=True)


def _isolate(suspects: Chunk, given: Given, write: bool, limits: Limits, done: Callable[[int, Record], None],
             stop: _Stop) -> None:
    """One file at a time in a worker of its own: a death now names its file."""
    import multiprocessing

    executor = None
    try:
        for index, job in suspects:
            if stop.signal is not None:
                break
            if executor is None:
                executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=init, initargs=(limits,))
            future = executor.submit(convert_chunk, [job], given, write)
            while stop.signal is None and not future.done():
                wait([future], timeout=0.2)
            if stop.signal is not None:
                break
            try:
                done(index, future.result()[0])
            except BrokenProcessPool:
                _stop(executor)
                executor = None
                stopped = _read_notes(limits.notes)
                why = stopped.by_index.get(index) or (Stopped(index, "timeout") if stopped.stalled else None)
                done(index, Record(job.shown, "error", _reason(why, limits)))
            except Exception as e:   # the task itself failed to cross (pickling): this file's error, not the batch's end
                done(index, Record(job.shown, "error", f"internal error: {type(e).__name__}: {e}"[:400]))
    finally:
        if executor is not None:
            _stop(executor) if stop.signal is not None else executor.shutdown(wait=True)


class _Notes(Struct):
    by_index: dict[int, Stopped]     # the workers that ended themselves, by the file they were on
    stalled: bool                    # a worker's C-level watchdog fired and no board named the file


def _read_notes(folder: str) -> _Notes:
    """What the (now ended) workers left in FOLDER, which is emptied for the next pool."""
    import msgspec

    out = _Notes({}, False)
    stalls: list[str] = []
    boards: dict[str, int] = {}       # worker pid -> the file it was on when it ended (worker._open_board)
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if name.endswith(".json"):
                with open(path, "rb") as f:
                    why = msgspec.json.decode(f.read(), type=Stopped)
                out.by_index[why.index] = why
            elif name.endswith(".stall") and os.path.getsize(path) > 0:
                stalls.append(name.removesuffix(".stall"))
            elif name.endswith(".on"):
                with open(path, "rb") as f:
                    data = f.read(8)
                if len(data) == 8:
                    boards[name.removesuffix(".on")] = int.from_bytes(data, "little", signed=True)
        except (OSError, msgspec.DecodeError):     # a note cut short: as good as none
            pass
        try:
            os.unlink(path)
        except OSError:
            pass
    for pid in stalls:     # a stall in C code: the board names its file, else it is found by retries
        index = boards.get(pid, -1)
        if index >= 0 and index not in out.by_index:
            out.by_index[index] = Stopped(index, "timeout")
        else:
            out.stalled = True
    return out


def _reason(why: Stopped | None, limits: Limits) -> str:
    if why is None:
        return "the worker process died while converting this file (a crash in the parser or the analysis): left unchanged"
    if why.limit == "timeout":
        return f"stopped after {limits.seconds:g} s (--timeout): the analysis did not finish; left unchanged"
    return f"stopped at {limits.memory_mb} MB (--max-memory): the analysis needed more memory than that; left unchanged"


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now (they write nothing, so nothing is
    lost), and wait for them: no worker outlives its pool, and a worker that ended itself has
    left its note before the parent reads the notes. The processes are taken before shutdown(),
    which forgets them."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError, ValueError):
            pass
    for process in processes:
        try:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
        except (OSError, AttributeError, ValueError, AssertionError):
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
