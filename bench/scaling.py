"""(c) Growth with the size of the input: a Dockerfile of N instructions of one kind, and a Go
source of N string literals. Each row is the cost at 4N over the cost at N (linear: 4). Time
is measured without tracemalloc (it slows allocation-heavy code unevenly), memory with it.
tests/test_linear.py checks the same property by counting, without a clock."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

from converter.context import load_context
from converter.parse import parse
from converter.plan import make_plan
from converter.render import render
from heuristics import golang

from .common import ROOT

LINES: dict[str, Callable[[int], str]] = {
    "ENV": lambda i: f"ENV V{i}=v{i}\n",
    "ARG": lambda i: f"ARG A{i}=a{i}\n",
    "LABEL": lambda i: f"LABEL l{i}=x{i}\n",
    "COPY": lambda i: f"COPY pkg/main.go /d{i}/\n",
    "RUN": lambda i: f"RUN echo {i} > /f{i}\n",
    "WORKDIR": lambda i: f"WORKDIR /w{i}\n",
    "ENV+RUN": lambda i: f"ENV V{i}=v{i}\nRUN echo $V{i} > /f{i}\n",
    "RUN go build": lambda i: f"RUN go build -o /app{i} .\n",
}
TAIL = 'WORKDIR /home\nCOPY ./pkg .\nRUN go build -o bookstore\nCMD ["./bookstore"]\n'


def dockerfile(kind: str, n: int) -> str:
    return "FROM golang:1.19\n" + "".join(LINES[kind](i) for i in range(n)) + TAIL


def go_source(n: int) -> str:
    body = "".join(f'\tv{i} := "/srv/data/file{i}.json"\n\tfmt.Println(v{i}, "x")\n' for i in range(n // 2))
    return 'package main\n\nimport (\n\t"fmt"\n)\n\nfunc main() {\n' + body + "}\n"


def _cost(fn: Callable[[], object], runs: int = 3) -> tuple[float, int]:
    """Median seconds of RUNS calls (one call of a tenth of a second is at the mercy of the
    garbage collector's timing), and the peak memory of one more."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    seconds = sorted(times)[len(times) // 2]
    tracemalloc.start()
    try:
        fn()
        return seconds, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(n: int, go_n: int) -> dict:
    ctx = load_context(str(ROOT / "corpus" / "go" / "bookstore"))

    def convert(text: str) -> Callable[[], object]:
        def run() -> object:
            df = parse(text)
            return render(df, make_plan(df, ctx))
        return run

    convert(dockerfile("ENV", 10))()     # imports and first-use caches out of the rows
    rows: list[dict] = []
    for kind in LINES:
        (t1, m1), (t4, m4) = _cost(convert(dockerfile(kind, n))), _cost(convert(dockerfile(kind, 4 * n)))
        rows.append({"kind": kind, "n": n, "seconds_n": t1, "seconds_4n": t4, "time_x": t4 / t1,
                     "peak_mb_4n": m4 / 2**20, "memory_x": m4 / max(m1, 1)})
    small, large = go_source(go_n), go_source(4 * go_n)
    (t1, _), (t4, _) = _cost(lambda: golang._scan(small, "main.go")), _cost(lambda: golang._scan(large, "main.go"))
    go = {"literals": go_n, "kb_4n": len(large) // 1024, "seconds_n": t1, "seconds_4n": t4, "time_x": t4 / t1}
    return {"rows": rows, "go": go}


def show(r: dict) -> None:
    rows = r["rows"]
    n = rows[0]["n"]
    print(f"\n(c) growth: cost at {4 * n:,} instructions over the cost at {n:,} (linear: 4.0)")
    print(f"  {'instruction':14} {'time at 4N':>11} {'time x':>7} {'memory x':>9} {'peak at 4N':>11}")
    for row in rows:
        print(f"  {row['kind']:14} {row['seconds_4n']:10.2f}s {row['time_x']:7.1f} {row['memory_x']:9.1f} {row['peak_mb_4n']:9.1f}MB")
    go = r["go"]
    print(f"  Go source scan, {go['literals']:,} -> {4 * go['literals']:,} string literals ({go['kb_4n']} KB): "
          f"{go['seconds_n'] * 1000:.0f} -> {go['seconds_4n'] * 1000:.0f} ms, time x{go['time_x']:.1f}")


def big_file(n: int, work_dir: str) -> dict:
    """The issue's example as a user meets it: `stagesplit convert` of a file of N ENV lines
    (bookstore's context), whole process, against `hadolint` on the same file."""
    import os
    import shutil
    import subprocess

    from .common import child_env, real_program, stagesplit_command

    folder = os.path.join(work_dir, "env-lines")
    shutil.copytree(ROOT / "corpus" / "go" / "bookstore", folder, dirs_exist_ok=True)
    path = os.path.join(folder, "Dockerfile")
    with open(path, "w") as f:
        f.write("FROM golang:1.19\n" + "".join(f"ENV V{i}=v{i}\n" for i in range(n))
                + 'WORKDIR /home\nCOPY ./pkg .\nRUN go build -o bookstore\nCMD ["./bookstore"]\n')

    def run(argv: list[str]) -> tuple[float, float, str]:
        """Wall seconds and peak RSS (MB); stopped past LIMIT_MB or LIMIT_S (hadolint's memory grows
        with the square of the ENV lines here: 1,000 lines take it 1.2 GB, 10,000 took 18 GB before
        it was stopped)."""
        t = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env())
        peak, stopped = 0.0, ""
        while proc.poll() is None:
            try:
                with open(f"/proc/{proc.pid}/statm") as f:
                    peak = max(peak, int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20)
            except (OSError, ValueError, IndexError):
                pass
            if peak > LIMIT_MB or time.perf_counter() - t > LIMIT_S:
                stopped = f"stopped at {peak:.0f} MB after {time.perf_counter() - t:.0f} s"
                proc.kill()
                proc.wait()
                break
            time.sleep(0.01)
        return time.perf_counter() - t, peak, stopped

    out: dict[str, float | str] = {"n": n}
    out["seconds"], out["max_rss_mb"], out["stopped"] = run([*stagesplit_command(), "convert", path])
    hadolint = real_program("hadolint")
    if hadolint:
        out["hadolint_seconds"], out["hadolint_max_rss_mb"], out["hadolint_stopped"] = run([hadolint, "--no-fail", path])
    return out


LIMIT_MB, LIMIT_S = 3000, 60


def show_big(r: dict) -> None:
    line = f"  stagesplit convert, {r['n']:,} ENV lines: {r['seconds']:.2f} s, peak RSS {r['max_rss_mb']:.0f} MB {r['stopped']}"
    if "hadolint_seconds" in r:
        hl = r["hadolint_stopped"] or f"{r['hadolint_seconds']:.2f} s, {r['hadolint_max_rss_mb']:.0f} MB"
        line += f" (hadolint on the same file: {hl})"
    print(line)


def wide_context(n_files: int, work_dir: str) -> dict:
    """A build context with N files in a folder no COPY names (bookstore + data/): converting
    it should cost what converting bookstore alone costs (the context is listed only as far as
    the Dockerfile copies it)."""
    import os
    import shutil

    plain = ROOT / "corpus" / "go" / "bookstore"
    wide = os.path.join(work_dir, "wide-context")
    shutil.copytree(plain, wide, dirs_exist_ok=True)
    data = os.path.join(wide, "data")
    for i in range(n_files):
        if i % 1000 == 0:
            os.makedirs(os.path.join(data, f"d{i // 1000}"), exist_ok=True)
        with open(os.path.join(data, f"d{i // 1000}", f"f{i}.json"), "w") as f:
            f.write("{}")

    def convert(folder: str) -> Callable[[], object]:
        text = (plain / "Dockerfile").read_text()

        def run() -> object:
            df = parse(text)
            return render(df, make_plan(df, load_context(folder)))
        return run

    t_plain, _ = _cost(convert(str(plain)), runs=5)
    t_wide, _ = _cost(convert(wide), runs=5)
    return {"files": n_files, "plain_ms": t_plain * 1000, "wide_ms": t_wide * 1000, "ratio": t_wide / t_plain}


def show_wide(r: dict) -> None:
    print(f"  build context with {r['files']:,} more files in a folder no COPY names: {r['wide_ms']:.1f} ms "
          f"against {r['plain_ms']:.1f} ms without them (x{r['ratio']:.1f})")
