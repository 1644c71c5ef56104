"""The code a batch worker process runs: a chunk of files in, one small `Record` each out.

A worker reads, plans and renders exactly as `stagesplit convert` does (options.resolve and
options.read, make_plan, render) and writes nothing: the parent process writes (--write), so a
worker can be stopped at any moment without leaving a half-written file. One file's failure,
whatever it is, becomes that file's record; the chunk goes on.
"""

from __future__ import annotations

import hashlib
import signal

from msgspec import Struct
from msgspec.structs import replace

from .record import Estimate, Record


class Job(Struct, frozen=True):
    path: str
    shown: str
    boundary: str | None


class Given(Struct, frozen=True):
    """The shared options as the command line gave them (None: not given; the configuration or
    the default then decides, per file)."""

    runtime: str | None = None
    stage_name: str | None = None
    buildkit: bool | None = None
    max_size: str | None = None
    closure: str | None = None
    bases_file: str | None = None


def init() -> None:
    """Worker start: Ctrl-C is the parent's to handle (it stops the pool); a worker that got it
    too would die with a traceback in the middle of a chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import converter.plan  # noqa: F401  (loaded once per worker, before the first chunk is timed)
    import converter.render  # noqa: F401


def convert_chunk(jobs: list[Job], given: Given, keep_text: bool) -> list[Record]:
    return [convert_one(job, given, keep_text) for job in jobs]


def convert_one(job: Job, given: Given, keep_text: bool) -> Record:
    from ..errors import InputError

    try:
        return _convert(job, given, keep_text)
    except InputError as e:
        return Record(job.shown, "error", str(e))
    except RecursionError:
        return Record(job.shown, "error", "internal error: RecursionError: the file nests deeper than the analysis follows")
    except MemoryError:
        return Record(job.shown, "error", "internal error: MemoryError: the file needs more memory than this worker has")
    except Exception as e:   # a bug of ours on this file: said in its record, never the end of the batch
        return Record(job.shown, "error", f"internal error: {type(e).__name__}: {e}"[:400])


def _convert(job: Job, given: Given, keep_text: bool) -> Record:
    from ..files import read_input
    from ..options import resolve
    from ..parse import decode, parse
    from ..plan import make_plan
    from ..plan.early import configured_ignore
    from ..render import render

    r = resolve(job.path, None, given.runtime, given.stage_name, given.buildkit, given.max_size, given.closure,
                given.bases_file, job.boundary)
    if r.options.ignore:   # answered before the file is read: an ignored file may not even parse
        skip = configured_ignore(r.options.ignore)
        return Record(job.shown, "unchanged", str(skip), code=skip.code)
    data = read_input(job.path, r.max_bytes)
    df = parse(decode(data, job.shown))
    plan = make_plan(df, _context(r), r.options)
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
    if not plan.changed or new == df.text:
        return found
    converted = replace(found, status="converted", code=None, estimate=_estimate(df, plan))
    if keep_text:     # --write: the parent rewrites the file, if it still holds what was read
        return replace(converted, digest=hashlib.sha256(data).hexdigest(), old_text=df.text, new_text=new)
    return converted


def _context(r):
    import os

    from ..context import load_context
    from ..errors import InputError

    if not os.path.isdir(r.context_dir):
        raise InputError(f"context {r.context_dir}: not a directory")
    return load_context(r.context_dir)


def _estimate(df, plan) -> Estimate | None:
    from ..preview.estimate import estimate

    found = estimate(df, plan)
    if found is not None:
        return Estimate(found.build_mb, found.runtime_mb)
    if plan.runtime is None:
        return None
    return Estimate(None, plan.runtime.base.approx_mb)   # the build image's size is not known: said as unknown
