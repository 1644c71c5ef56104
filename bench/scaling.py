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


def _cost(fn: Callable[[], object]) -> tuple[float, int]:
    t = time.perf_counter()
    fn()
    seconds = time.perf_counter() - t
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

    def run(argv: list[str]) -> tuple[float, float]:
        t = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env())
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0
        return time.perf_counter() - t, usage.ru_maxrss / 1024

    out: dict[str, float] = {"n": n}
    out["seconds"], out["max_rss_mb"] = run([*stagesplit_command(), "convert", path])
    hadolint = real_program("hadolint")
    if hadolint:
        out["hadolint_seconds"], out["hadolint_max_rss_mb"] = run([hadolint, "--no-fail", path])
    return out


def show_big(r: dict) -> None:
    line = f"  stagesplit convert, {r['n']:,} ENV lines: {r['seconds']:.2f} s, max RSS {r['max_rss_mb']:.0f} MB"
    if "hadolint_seconds" in r:
        line += f" (hadolint: {r['hadolint_seconds']:.2f} s, {r['hadolint_max_rss_mb']:.0f} MB)"
    print(line)
