"""Benchmark: stagesplit's speed as ratios against baselines measured in the same run.

    python3 bench/run.py [--quick] [--jobs 2] [--estate-size 10000] [--json FILE] [--verbose]

(a) single file: `stagesplit convert FILE` against `hadolint FILE` (whole processes), and the
    interpreter floor (`python3 -c pass`) against hadolint;
(b) batch: `stagesplit batch` files/s against hadolint's files/s on the same generated files,
    on the same cores; the peak memory of all its processes; time per file as the batch grows;
(c) growth with the input: N instructions of a kind, N Go string literals (4N over N);
(d) each corpus case against BuildKit's parser alone, in one process.

Nothing here asserts a time: it prints ratios (README "Speed" shows a run). --quick runs every
part small (a smoke test, seconds), not a measurement to quote.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):     # run as a script: make `bench` and the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import batch, cases, scaling, single  # noqa: E402
from bench.common import cores  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="every part small: a smoke test, not a measurement")
    ap.add_argument("--jobs", type=int, default=2, help="batch workers, and hadolint calls at a time (default 2)")
    ap.add_argument("--estate-size", type=int, default=None, help="files of the generated estate (default 10000)")
    ap.add_argument("--repeat", type=int, default=None, help="repetitions per measurement")
    ap.add_argument("--only", choices=("single", "batch", "scaling", "cases"), action="append",
                    help="run only these parts (repeatable)")
    ap.add_argument("--json", default=None, help="also write every number to this file")
    ap.add_argument("--verbose", action="store_true", help="one row per corpus case in (d)")
    ap.add_argument("--table", action="store_true", help="also print the ratios as README's Markdown table")
    args = ap.parse_args(argv)
    quick = args.quick
    parts = set(args.only or ("single", "batch", "scaling", "cases"))
    estate = args.estate_size or (120 if quick else 10_000)
    sizes: tuple[int, ...] = (30, 100) if quick else (100, 1_000, 10_000)
    sizes = tuple(s for s in sizes if s <= estate) or (estate,)
    repeat = args.repeat or (1 if quick else 5)

    print(f"stagesplit bench, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
          f"{cores()} cores, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}, load average {os.getloadavg()[0]:.1f} at the start"
          f"{'  (--quick: smoke test, not a measurement)' if quick else ''}")
    result: dict = {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes"),
                    "cores": cores(), "quick": quick, "load_average_start": os.getloadavg()[0]}
    if "single" in parts:
        result["single"] = single.measure(n_files=2 if quick else 9, repeat=repeat)
        single.show(result["single"])
    if "batch" in parts:
        result["batch"] = batch.measure(estate, sizes, args.jobs)
        batch.show(result["batch"])
    if "scaling" in parts:
        result["scaling"] = scaling.measure(n=250 if quick else 2_500, go_n=1_000 if quick else 5_000)
        scaling.show(result["scaling"])
        with tempfile.TemporaryDirectory() as work:
            result["big_file"] = scaling.big_file(300 if quick else 10_000, work)
        scaling.show_big(result["big_file"])
        with tempfile.TemporaryDirectory() as work:
            result["wide_context"] = scaling.wide_context(2_000 if quick else 100_000, work)
        scaling.show_wide(result["wide_context"])
    if "cases" in parts:
        result["cases"] = cases.measure(repeat=2 if quick else 20, limit=5 if quick else None)
        cases.show(result["cases"], args.verbose)
    result["load_average_end"] = os.getloadavg()[0]
    summary(result)
    if args.table:
        print("\n" + table(result))
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


def summary(r: dict) -> None:
    """The ratios the issue asks for, one per line (README's table is made from these)."""
    print("\nratios (same run, same machine)")
    s = r.get("single", {})
    if "ratio" in s:
        print(f"  ratio single-file: stagesplit convert / hadolint, median wall          x{s['ratio']:.1f}   (issue: <= 5, aim 3)")
        print(f"  ratio interpreter floor: python3 -c pass / hadolint                   x{s['floor_ratio']:.1f}")
    b = r.get("batch", {})
    if "ratio" in b:
        print(f"  ratio batch: stagesplit files/s / hadolint files/s, --jobs {b['jobs']}             "
              f"x{b['ratio']:.1f}   (issue: >= 20)  [{b['files_per_s']:.0f} vs {b['hadolint_files_per_s']:.0f} files/s]")
        print(f"  ratio batch per CPU second: stagesplit / hadolint (load-independent)      x{b['cpu_ratio']:.1f}")
        again = b.get("rerun", {})
        if "ratio" in again:
            print(f"  ratio batch re-run, estate unchanged (result cache): files/s            x{again['ratio']:.1f}   "
                  f"[{again['files_per_s']:.0f} files/s; per CPU second x{again['cpu_ratio']:.1f}]")
    if b:
        print(f"  batch peak RSS, all processes ({b['files']} files)                         {b['peak_rss_mb']:.0f} MB (issue: < 200 MB)")
        rows = b.get("per_file", [])
        if rows:
            flat = rows[-1]["ms_per_file"] / rows[0]["ms_per_file"]
            counts = " / ".join(f"{x['files']:,}" for x in rows)
            times = " / ".join(f"{x['ms_per_file']:.2f}" for x in rows)
            print(f"  batch ms/file at {counts} files: {times}  (largest / smallest x{flat:.2f})")
    c = r.get("scaling")
    if c:
        worst_t = max(c["rows"], key=lambda x: x["time_x"])
        worst_m = max(c["rows"], key=lambda x: x["memory_x"])
        print(f"  ratio growth, N instructions x4 (linear 4): time up to x{worst_t['time_x']:.1f} ({worst_t['kind']}), "
              f"memory up to x{worst_m['memory_x']:.1f} ({worst_m['kind']})")
        print(f"  ratio growth, Go string literals x4 (linear 4): time x{c['go']['time_x']:.1f}")
    w = r.get("wide_context")
    if w:
        print(f"  ratio context with {w['files']:,} files no COPY names / without them               x{w['ratio']:.1f}")
    d = r.get("cases")
    if d:
        print(f"  ratio conversion / BuildKit parser alone, median over corpus cases      x{d['median_time_ratio']:.1f}")


def table(r: dict) -> str:
    """README's "Speed" table, from one run's numbers."""
    rows = ["| Measured (same run, same machine) | stagesplit | baseline | ratio | issue's goal |",
            "|---|---|---|---|---|"]
    s = r.get("single", {})
    if "ratio" in s:
        n = len(s["files"])
        rows.append(f"| one file, whole process: `stagesplit convert FILE` vs `hadolint FILE` (median, {n} corpus files "
                    f"x {s['runs_each'] // n}) | {s['stagesplit_s'] * 1000:.0f} ms | {s['hadolint_s'] * 1000:.0f} ms "
                    f"| x{s['ratio']:.1f} | <= 5x (aim 3x) |")
        rows.append(f"| interpreter floor: `python3 -c pass` vs `hadolint FILE` | {s['python_pass_s'] * 1000:.0f} ms "
                    f"| {s['hadolint_s'] * 1000:.0f} ms | x{s['floor_ratio']:.1f} | |")
    b = r.get("batch", {})
    if "ratio" in b:
        rows.append(f"| batch: {b['files']:,} files of a generated estate, `--jobs {b['jobs']}` vs hadolint "
                    f"({CHUNK_NOTE}, {b['jobs']} at a time) | {b['files_per_s']:.0f} files/s | "
                    f"{b['hadolint_files_per_s']:.0f} files/s | x{b['ratio']:.1f} | >= 20x |")
        rows.append(f"| batch, files per CPU second (what other programs take from the cores does not count) "
                    f"| {b['files_per_cpu_s']:.0f} | {b['hadolint_files_per_cpu_s']:.0f} | x{b['cpu_ratio']:.1f} | |")
        again = b.get("rerun", {})
        if "ratio" in again:
            rows.append(f"| batch re-run over the unchanged estate ({again['from_cache']:,} files from the result cache), "
                        f"vs hadolint's same files | {again['files_per_s']:.0f} files/s | {b['hadolint_files_per_s']:.0f} "
                        f"files/s | x{again['ratio']:.1f} | |")
            rows.append(f"| batch re-run, files per CPU second | {again['files_per_cpu_s']:.0f} | "
                        f"{b['hadolint_files_per_cpu_s']:.0f} | x{again['cpu_ratio']:.1f} | |")
        rows.append(f"| batch peak RSS, all processes | {max(b['peak_rss_mb'], again.get('peak_rss_mb', 0)):.0f} MB "
                    f"| | | < 200 MB |")
        per = b.get("per_file", [])
        if per:
            counts = " / ".join(f"{x['files']:,}" for x in per)
            times = " / ".join(f"{x['ms_per_file']:.1f}" for x in per)
            rows.append(f"| batch time per file at {counts} files (the pool's start included) | {times} ms | | | flat |")
            marg = [x for x in per if "marginal_ms" in x]
            if marg:
                steps = " / ".join(f"{x['marginal_ms']:.2f}" for x in marg)
                upto = " / ".join(f"{x['files']:,}" for x in marg)
                rows.append(f"| batch: what each further file costs, up to {upto} files "
                            f"| {steps} ms | | x{marg[-1]['marginal_ms'] / marg[0]['marginal_ms']:.2f} | flat |")
    c = r.get("scaling")
    if c:
        n = c["rows"][0]["n"]
        t = max(c["rows"], key=lambda x: x["time_x"])
        m = max(c["rows"], key=lambda x: x["memory_x"])
        rows.append(f"| {4 * n:,} instructions vs {n:,} ({', '.join(x['kind'] for x in c['rows'])}): worst time, memory "
                    f"| x{t['time_x']:.1f} ({t['kind']}), x{m['memory_x']:.1f} ({m['kind']}) | | | 4 (linear) |")
        g = c["go"]
        rows.append(f"| Go source scan, {4 * g['literals']:,} vs {g['literals']:,} string literals ({g['kb_4n']} KB) "
                    f"| {g['seconds_4n'] * 1000:.0f} ms | | x{g['time_x']:.1f} | 4 (linear) |")
    big = r.get("big_file")
    if big:
        hl = big.get("hadolint_stopped") or f"{big.get('hadolint_seconds', 0):.1f} s, {big.get('hadolint_max_rss_mb', 0):.0f} MB"
        rows.append(f"| `stagesplit convert` of {big['n']:,} ENV lines (was 20 s, 3.6 GB) | {big['seconds']:.2f} s, "
                    f"{big['max_rss_mb']:.0f} MB | hadolint: {hl} | | linear |")
    w = r.get("wide_context")
    if w:
        rows.append(f"| build context with {w['files']:,} files no COPY names vs without | {w['wide_ms']:.1f} ms "
                    f"| {w['plain_ms']:.1f} ms | x{w['ratio']:.1f} | ~1 |")
    d = r.get("cases")
    if d:
        rows.append(f"| conversion in process vs BuildKit's parser alone (median over {len(d['rows'])} corpus cases) "
                    f"| {d['median_convert_ms']:.1f} ms | | x{d['median_time_ratio']:.1f} | |")
    return "\n".join(rows)


CHUNK_NOTE = f"{batch.CHUNK} files per call"


if __name__ == "__main__":
    sys.exit(main())
