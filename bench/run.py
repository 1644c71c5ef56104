"""Benchmark: conversion cost as ratios against a baseline measured in the same run.

Baseline: BuildKit's parser alone over the same files (the least any conversion must do).
Measured: the full pipeline (parse, effects, graph, plan, render) per corpus case, repeated.
Reports time and peak-memory ratios; never asserts a wall-clock limit.

    python3 bench/run.py [--repeat 50] [--json bench/results/latest.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dockerfile as buildkit  # noqa: E402

from converter.context import load_context  # noqa: E402
from converter.parse import parse  # noqa: E402
from converter.plan import make_plan  # noqa: E402
from converter.render import render  # noqa: E402


def cases() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "corpus").rglob("Dockerfile") if (p.parent / "case.json").exists())


def timed(fn, repeat: int) -> tuple[float, int]:
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


def scaling_rows(sizes: tuple[int, ...] = (1000, 2000, 4000, 8000)) -> list[dict]:
    """Time and memory of long files, as multiples of the smallest: growth must stay linear
    (once 10,000 ENV lines took 3.6 GB and 20 s, quadratically)."""
    ctx = load_context(str(ROOT / "corpus" / "go" / "bookstore"))
    measured = []
    for n in sizes:
        text = "FROM golang:1.19\n" + "".join(f"ENV V{i}=v{i}\nRUN echo {i} > /f{i}\n" for i in range(n)) + 'CMD ["x"]\n'

        def pipeline(text=text):
            df = parse(text)
            render(df, make_plan(df, ctx))
        measured.append((n, *timed(pipeline, 3)))
    n0, t0, m0 = measured[0]
    return [{"n": n, "time_x": t / t0, "memory_x": m / max(m0, 1), "linear_x": n / n0} for n, t, m in measured]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    rows = []
    for case in cases():
        text = (case / "Dockerfile").read_text()
        ctx = load_context(str(case))

        def baseline(text=text):
            buildkit.parse_string(text)

        def pipeline(text=text, ctx=ctx):
            df = parse(text)
            render(df, make_plan(df, ctx))

        bt, bm = timed(baseline, args.repeat)
        pt, pm = timed(pipeline, args.repeat)
        rows.append({"case": f"{case.parent.name}/{case.name}", "baseline_s": bt, "convert_s": pt,
                     "time_ratio": pt / bt, "baseline_peak_b": bm, "convert_peak_b": pm,
                     "memory_ratio": pm / max(bm, 1)})
    print(f"{'case':28} {'time x baseline':>16} {'memory x baseline':>18}")
    for r in rows:
        print(f"{r['case']:28} {r['time_ratio']:16.1f} {r['memory_ratio']:18.1f}")
    tr = statistics.median(r["time_ratio"] for r in rows)
    mr = statistics.median(r["memory_ratio"] for r in rows)
    print(f"{'median':28} {tr:16.1f} {mr:18.1f}")
    scaling = scaling_rows()
    print("\nscaling: N ENV+RUN pairs, cost relative to N=1000 (linear = N/1000)")
    for r in scaling:
        print(f"  N={r['n']:6}  time x{r['time_x']:6.1f}  memory x{r['memory_x']:6.1f}")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        Path(args.json).write_text(json.dumps({"rows": rows, "median_time_ratio": tr, "median_memory_ratio": mr,
                                               "scaling": scaling}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
