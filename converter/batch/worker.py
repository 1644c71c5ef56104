"""The code a batch worker process runs: a chunk of files in, one small `Record` each out.

A worker reads, plans and renders exactly as `stagesplit convert` does (options.resolve and
options.read, make_plan, render) and writes nothing: the parent process writes (--write), so a
worker can be stopped at any moment without leaving a half-written file. One file's failure,
whatever it is, becomes that file's record; the chunk goes on.

Limits (--timeout, --max-memory): a file whose analysis loops or needs gigabytes must not stall
or sink a batch, and Python cannot stop a running function from outside it, so a worker ends
itself. A watchdog thread (started by `init`) knows which file the worker is on and since when
(`convert_chunk` says so before each file: one tuple assignment, nothing else per file); every
`POLL` seconds it compares that file's time with --timeout and the worker's resident memory
(/proc/self/statm; RLIMIT_AS cannot be used: the Go parser reserves far more address space than
it touches) with --max-memory. Past either, it writes a note (`Stopped`, as JSON, in the folder
the parent gave) and leaves at once with `EXIT_TIMEOUT` or `EXIT_MEMORY`. The parent cannot see
a pool worker's exit status (ProcessPoolExecutor only says "broken"), so the note is what it reads.

Memory taken inside C code cannot be watched (below): RLIMIT_DATA, well above --max-memory
(`_limit_data`), makes such an allocation fail as a MemoryError, that file's error.

The thread needs the GIL, which a loop inside C code (a regular expression backtracking, the Go
parser) may hold for good. faulthandler's own watchdog is a C thread that needs no GIL: the
thread re-arms it every second (a dead man's switch, so nothing per file), and if the GIL stays
taken for --timeout plus `STALL_GRACE` seconds it dumps the stacks to a `.stall` file there and
exits (status 1). The dump names no file, but the worker's board does (`_open_board`: the file's
index in shared memory, written before each file), so the parent records that file's timeout at
once. Without a board, the parent retries the files one by one, and the lone file that stalls
again is the one that gets the reason.
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from .discover import SEARCH
from .memo import placed
from .record import Estimate, Record

if TYPE_CHECKING:
    from ..context import Observation
    from ..options import Resolved
    from .memo import Memo

DEFAULT_TIMEOUT = 60.0        # seconds per file: far above any real file (a few ms), below a stalled CI job
DEFAULT_MAX_MEMORY_MB = 2048  # per worker: a real file needs well under 200 MB; jobs x this must fit the machine
EXIT_TIMEOUT = 124            # as timeout(1); seen only by whoever debugs a worker: the parent reads the note
EXIT_MEMORY = 125
POLL = 0.1                    # seconds between the watchdog's checks (a /proc read: ~15 us)
STALL_GRACE = 2.0             # the dead man's switch fires this long after --timeout (it is re-armed every second)


class Job(Struct, frozen=True):
    path: str
    shown: str
    boundary: str | None
    index: int = -1               # the file's place in the batch: how a worker's note names it
    # The configuration in force, as the parent found it while discovering (its path; None: none).
    # SEARCH: not known (the lookup failed there), the worker searches and says why it fails.
    config: str | None = SEARCH


class Limits(Struct, frozen=True):
    seconds: float = DEFAULT_TIMEOUT       # per file; 0: none
    memory_mb: int = DEFAULT_MAX_MEMORY_MB  # per worker, resident; 0: none
    notes: str = ""                        # the folder where a worker that ends itself says why
    cache: str | None = None               # not a limit, but given to workers alike: the result cache (memo.py)

    @property
    def active(self) -> bool:
        return bool(self.notes) and (self.seconds > 0 or self.memory_mb > 0)


class Stopped(Struct, frozen=True):
    """A worker's note before it ends itself: the file it was on and which limit it passed."""

    index: int
    limit: str                    # "timeout" | "memory"
    rss_mb: int = 0


class Given(Struct, frozen=True):
    """The shared options as the command line gave them (None: not given; the configuration or
    the default then decides, per file)."""

    runtime: str | None = None
    stage_name: str | None = None
    buildkit: bool | None = None
    max_size: str | None = None
    closure: str | None = None
    bases_file: str | None = None
    config_file: str | None = None    # --config FILE: exactly this configuration (None: the nearest one)
    no_config: bool = False           # --no-config: no configuration at all


# The file this worker is on and since when (time.monotonic()); None between files. Written by
# the main thread, read by the watchdog: a single assignment, atomic under the GIL.
_on: tuple[int, float] | None = None


# This worker's connection to the result cache (memo.py); None: no cache.
_memo: Memo | None = None


def init(limits: Limits | None = None) -> None:
    """Worker start: Ctrl-C is the parent's to handle (it stops the pool); a worker that got it
    too would die with a traceback in the middle of a chunk. The modules a file needs are loaded
    here, so that neither the first file's time nor its --timeout pays for them. The result
    cache's database is opened here (limits.cache; None: none)."""
    global _memo
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    cache = limits.cache if limits is not None else None
    if cache is not None:
        import sqlite3

        from .memo import Memo

        try:
            _memo = Memo(cache)
        except (OSError, sqlite3.Error):     # a cache is never a reason to fail
            _memo = None
    import converter.context  # noqa: F401
    import converter.files  # noqa: F401
    import converter.options  # noqa: F401
    import converter.parse  # noqa: F401
    import converter.plan  # noqa: F401
    import converter.plan.early  # noqa: F401
    import converter.preview.estimate  # noqa: F401
    import converter.render  # noqa: F401

    if limits is not None and limits.memory_mb > 0:
        _limit_data(limits.memory_mb)
    if limits is not None and limits.active:
        if limits.seconds > 0:    # armed here too: the first file may stall before the thread ever runs
            import faulthandler

            faulthandler.dump_traceback_later(limits.seconds + STALL_GRACE, exit=True, file=_stall_file(limits))
            _open_board(limits)
        threading.Thread(target=_watch, args=(limits,), name="stagesplit-watchdog", daemon=True).start()


def convert_chunk(jobs: list[Job], given: Given, keep_text: bool) -> list[Record]:
    global _on
    out = []
    board = _board[0] if _board else None
    try:
        for job in jobs:
            _on = (job.index, time.monotonic())
            if board is not None:
                board[:8] = job.index.to_bytes(8, "little", signed=True)
            out.append(convert_one(job, given, keep_text))
    finally:
        _on = None
        if board is not None:
            board[:8] = (-1).to_bytes(8, "little", signed=True)
        if _memo is not None:
            _memo.commit()
    return out


def _watch(limits: Limits) -> None:
    """The watchdog thread: see the module's docstring."""
    import faulthandler

    page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
    statm = None
    if limits.memory_mb > 0:
        try:
            statm = os.open("/proc/self/statm", os.O_RDONLY)
        except OSError:     # no /proc (not Linux): the memory limit cannot be checked here
            statm = None
    stall = _stall_file(limits)
    armed = time.monotonic()      # by init
    while True:
        now = time.monotonic()
        if limits.seconds > 0 and now - armed >= 1.0:
            faulthandler.dump_traceback_later(limits.seconds + STALL_GRACE, exit=True, file=stall)
            armed = now
        on = _on
        if on is not None:
            if limits.seconds > 0 and now - on[1] > limits.seconds:
                _end(limits, Stopped(on[0], "timeout"), EXIT_TIMEOUT)
            if statm is not None:
                rss_mb = int(os.pread(statm, 128, 0).split()[1]) * page_mb
                if rss_mb > limits.memory_mb:
                    _end(limits, Stopped(on[0], "memory", int(rss_mb)), EXIT_MEMORY)
        time.sleep(POLL)


_stall: list = []


def _stall_file(limits: Limits):
    """Where faulthandler dumps the stacks if it fires, opened once and kept open (it writes to its fd)."""
    if not _stall:
        _stall.append(open(os.path.join(limits.notes, f"{os.getpid()}.stall"), "w"))   # noqa: SIM115
    return _stall[0]


def data_limit_mb(memory_mb: int) -> int:
    """The data-size backstop under --max-memory MB: twice the limit and half a gigabyte, far
    above what the watchdog stops (resident memory, every POLL seconds), so it only ever meets
    memory grown inside C code that holds the GIL (the watchdog cannot run then)."""
    return 2 * memory_mb + 512


def _limit_data(memory_mb: int) -> None:
    """RLIMIT_DATA (writable private memory: the heap, anonymous maps) at `data_limit_mb`: an
    allocation past it fails, as a MemoryError in Python, instead of the worker growing until
    the loop in C ends or the machine swaps. Not RLIMIT_AS: the Go parser reserves far more
    address space than it touches, but its reservations are not writable, so RLIMIT_DATA leaves
    them alone. Lowered only, never raised above a limit the batch was started with."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        want = data_limit_mb(memory_mb) << 20
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        if soft == resource.RLIM_INFINITY or want < soft:
            resource.setrlimit(resource.RLIMIT_DATA, (want, hard))
    except (ImportError, OSError, ValueError, AttributeError):   # no such limit here: the watchdog alone
        pass


_board: list = []


def _open_board(limits: Limits) -> None:
    """The file this worker is on, for the parent to read once the worker is dead: eight bytes
    (the index, -1 between files) in a memory-mapped `<pid>.on` in the notes folder. A stall in C
    code holds the GIL, so no thread can write a note then; faulthandler's dump names no file. The
    parent reads the board beside a stall's dump and knows the file at once, instead of finding
    it by running the unfinished files again one by one (which cost the stall's timeout twice).
    Written before each file: a store into shared memory, no system call."""
    import mmap

    try:
        fd = os.open(os.path.join(limits.notes, f"{os.getpid()}.on"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            os.write(fd, (-1).to_bytes(8, "little", signed=True))
            _board.append(mmap.mmap(fd, 8))
        finally:
            os.close(fd)
    except (OSError, ValueError):     # no board: a stall is then found by the one-by-one retries
        pass


def _end(limits: Limits, why: Stopped, status: int) -> None:
    """Say why, then end this worker now: no cleanup, nothing of the file was written anyway.
    Written under a temporary name and renamed, so the parent never reads half a note."""
    import msgspec

    path = os.path.join(limits.notes, f"{os.getpid()}.json")
    try:
        with open(path + ".tmp", "wb") as f:
            f.write(msgspec.json.encode(why))
        os.replace(path + ".tmp", path)
    finally:
        os._exit(status)


def convert_one(job: Job, given: Given, keep_text: bool) -> Record:
    from ..errors import InputError

    try:
        return _convert(job, given, keep_text)
    except InputError as e:
        return Record(job.shown, "error", str(e))
    except RecursionError:
        return Record(job.shown, "error", "internal error: RecursionError: the file nests deeper than the analysis follows")
    except MemoryError:       # past the data limit (_limit_data), or the machine's memory
        return Record(job.shown, "error", "ran out of memory (--max-memory sets how much a worker may take): "
                                          "the analysis needed more memory than the worker has; left unchanged")
    except Exception as e:   # a bug of ours on this file: said in its record, never the end of the batch
        return Record(job.shown, "error", f"internal error: {type(e).__name__}: {e}"[:400])


def _convert(job: Job, given: Given, keep_text: bool) -> Record:
    from ..files import read_input
    from ..options import read, resolve
    from ..plan import make_plan
    from ..plan.early import configured_ignore
    from ..render import render

    config_file, no_config = given.config_file, given.no_config
    if job.config != SEARCH:      # found by the parent already: the same answer without the search
        config_file, no_config = job.config, job.config is None
    r = resolve(job.path, None, given.runtime, given.stage_name, given.buildkit, given.max_size, given.closure,
                given.bases_file, job.boundary, config_file, no_config)
    if r.options.ignore:   # answered before the file is read: an ignored file may not even parse
        skip = configured_ignore(r.options.ignore)
        return Record(job.shown, "unchanged", str(skip), code=skip.code)
    data = read_input(job.path, r.max_bytes)
    memo = _memo
    key = memo.key(data, r.options) if memo is not None else b""
    if memo is not None:
        earlier = _earlier(memo, key, r)
        if earlier is not None:
            return _as_this(replace(earlier, cached=True), job, data, keep_text)
    trace: list[Observation] | None = [] if memo is not None else None
    loaded = read(job.path, r, job.shown, data, trace)
    df = loaded.dockerfile
    plan = make_plan(df, loaded.context, r.options)
    new = render(df, plan)
    # a refusal's findings have no artifacts, but its effects may know what was built: the
    # ecosystem still groups refusals in a report
    artifacts = plan.findings.artifacts or tuple(a for e in plan.findings.effects for a in e.artifacts)
    runtime = plan.runtime.base if plan.runtime is not None else None
    found = Record(job.shown, "unchanged", plan.reason, code=plan.code or None,
                   ecosystem="+".join(dict.fromkeys(a.ecosystem for a in artifacts)) or None,
                   artifacts=tuple(a.path for a in artifacts),
                   build_image=df.stages[0].base if len(df.stages) == 1 else None,
                   runtime_base=runtime.ref if runtime else None, warnings=tuple(plan.warnings))
    if plan.changed and new != df.text:
        found = replace(found, status="converted", code=None, estimate=_estimate(df, plan), new_text=new)
    if memo is not None and trace is not None and not placed(found, job.path, job.shown, r.context_dir):
        memo.keep(key, trace, found)
    return _as_this(found, job, data, keep_text)


def _earlier(memo: Memo, key: bytes, r: Resolved) -> Record | None:
    """The record of an earlier conversion of the same bytes with the same options whose context
    answers every question the same as this file's does (memo.py), or None."""
    from ..context import answers_again
    from ..options import context_of

    entries = memo.entries(key)
    if not entries:        # checked first: a file never converted may not parse, and that error comes first
        return None
    for trace, record in entries:
        if answers_again(context_of(r), trace):     # a context of its own each: a listing keeps state
            return record
    return None


def _as_this(record: Record, job: Job, data: bytes, keep_text: bool) -> Record:
    """RECORD as JOB's: its path, and for --write of a converted file, what was read and what replaces it."""
    if record.status == "converted" and keep_text:  # --write: the parent rewrites the file, if it still holds what was read
        from ..parse import decode

        return replace(record, path=job.shown, digest=hashlib.sha256(data).hexdigest(),
                       old_text=decode(data, job.shown))
    return replace(record, path=job.shown, new_text=None)


def _estimate(df, plan) -> Estimate | None:
    from ..preview.estimate import estimate

    found = estimate(df, plan)
    if found is not None:
        return Estimate(found.build_mb, found.runtime_mb)
    if plan.runtime is None:
        return None
    return Estimate(None, plan.runtime.base.approx_mb)   # the build image's size is not known: said as unknown
