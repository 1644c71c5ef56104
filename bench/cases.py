"""(d) Each corpus case converted in this process, against BuildKit's parser alone on the same
file (the least any conversion must do): time and peak Python memory as ratios. The parser's
own memory lives in Go, so the memory ratio mostly shows what the analysis adds."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import dockerfile as buildkit

from converter.context import load_context
from converter.parse import parse
from converter.plan import make_plan
from converter.render import render

from .common import ROOT


def cases() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "corpus").rglob("Dockerfile") if (p.parent / "case.json").exists())


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median seconds of one call, and peak traced memory of one call."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak


def measure(repeat: int, limit: int | None = None) -> dict:
    rows: list[dict] = []
    for case in cases()[:limit]:
        text = (case / "Dockerfile").read_text()
        ctx = load_context(str(case))

        def baseline(text: str = text) -> object:
            return buildkit.parse_string(text)

        def pipeline(text: str = text, ctx=ctx) -> object:
            df = parse(text)
            return render(df, make_plan(df, ctx))

        pipeline()     # first-use costs (imports of a scan) out of the timing
        bt, bm = timed(baseline, repeat)
        pt, pm = timed(pipeline, repeat)
        rows.append({"case": f"{case.parent.name}/{case.name}", "baseline_s": bt, "convert_s": pt,
                     "time_ratio": pt / bt, "baseline_peak_b": bm, "convert_peak_b": pm,
                     "memory_ratio": pm / max(bm, 1)})
    return {"rows": rows, "median_time_ratio": statistics.median(r["time_ratio"] for r in rows),
            "median_memory_ratio": statistics.median(r["memory_ratio"] for r in rows),
            "median_convert_ms": statistics.median(r["convert_s"] for r in rows) * 1000}


def show(r: dict, verbose: bool) -> None:
    print(f"\n(d) per corpus case, in one process: conversion / BuildKit's parser alone ({len(r['rows'])} cases)")
    if verbose:
        print(f"  {'case':34} {'time x parser':>14} {'memory x parser':>16}")
        for row in r["rows"]:
            print(f"  {row['case']:34} {row['time_ratio']:14.1f} {row['memory_ratio']:16.1f}")
    print(f"  median: time x{r['median_time_ratio']:.1f}, memory x{r['median_memory_ratio']:.1f}, "
          f"conversion {r['median_convert_ms']:.2f} ms")
