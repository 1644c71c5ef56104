"""A Dockerfile of N instructions converts in time and memory linear in N.

No clock: time is counted as the calls the conversion makes (Python functions and builtins,
through sys.setprofile), which is deterministic; memory as tracemalloc's peak. Four times the
instructions must cost about four times as much: a path that compares every instruction (or
every image file) with every other one costs sixteen times as much and fails here.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from converter import shell
from converter.context import load_context
from converter.parse import parse
from converter.plan import make_plan
from converter.render import render
from heuristics import golang

ROOT = Path(__file__).resolve().parent.parent
N = 120
# Cost c(n) at n, 2n, 4n: the growth from 2n to 4n over the growth from n to 2n is 2 when the
# cost is linear (fixed costs cancel out) and 4 when it is quadratic. Counted calls are exact
# (linear files measure 2.00); memory, from the allocator, wanders a little above 2.
CALLS_BOUND = 2.1
MEMORY_BOUND = 2.6

# One instruction (or a few) per index i; the file ends in a Go build the planner follows.
LINES: dict[str, Callable[[int], str]] = {
    "ENV": lambda i: f"ENV V{i}=/v{i}\n",
    "ARG": lambda i: f"ARG A{i}=a{i}\n",
    "LABEL": lambda i: f"LABEL l{i}=x{i}\n",
    "COPY": lambda i: f"COPY pkg/main.go /d{i}/\n",
    "COPY --from": lambda i: f"COPY --from=0 /etc/hosts /h{i}\n",
    "RUN echo": lambda i: f"RUN echo {i} > /f{i}\n",
    "RUN touch": lambda i: f"RUN touch /a/b{i}\n",
    "RUN mkdir+cp": lambda i: f"RUN mkdir -p /data{i} && cp /etc/hosts /data{i}/h\n",
    "RUN rm": lambda i: f"RUN touch /t{i} && rm -rf /t{i}\n",
    "RUN find": lambda i: f"RUN mkdir -p /a{i} && find /a{i} -name '*.tmp' -delete\n",
    "RUN go build": lambda i: f"RUN go build -o /app{i} .\n",
    "WORKDIR": lambda i: f"WORKDIR /w{i}\n",
    "ENV+RUN": lambda i: f"ENV V{i}=v{i}\nRUN echo $V{i} > /f{i}\n",
    # files in the program's folder (/home), which the runtime stage carries: converter/carry.py
    "RUN in the program's folder": lambda i: f"RUN mkdir -p /home/d{i} && touch /home/d{i}/f\n",
    "COPY into the program's folder": lambda i: f"COPY pkg/main.go /home/c{i}/\n",
}
TAIL = 'WORKDIR /home\nCOPY ./pkg .\nRUN go build -o bookstore\nCMD ["./bookstore"]\n'


@pytest.fixture(scope="module")
def ctx():
    context = load_context(str(ROOT / "corpus" / "go" / "bookstore"))
    convert("FROM golang:1.19\n" + TAIL, context)     # imports and first-use caches out of the counts
    return context


def convert(text: str, context) -> str:
    df = parse(text)
    plan = make_plan(df, context)
    assert plan.changed, plan.reason      # the whole pipeline ran, up to the runtime stage
    return render(df, plan)


def calls(text: str, context) -> int:
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        convert(text, context)
    finally:
        sys.setprofile(None)
    return count


def kept(text: str, context) -> int:
    """Memory the conversion's results hold (the plan keeps the whole analysis): what a copy
    per instruction would inflate. (The peak adds transient scans of a fixed size, which blur
    the comparison of growths.)"""
    _clear_caches()
    tracemalloc.start()
    try:
        df = parse(text)
        plan = make_plan(df, context)
        render(df, plan)
        return tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()


def _clear_caches() -> None:
    """Bounded caches of earlier files (parsed RUN text) free memory as they evict: emptied
    first, they do not blur what this file keeps."""
    for module in (shell,):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()
    gc.collect()


_salt = iter(range(1, 1 << 30))


def dockerfile(kind: str, n: int) -> str:
    """N lines never seen before in this process: no cache of an earlier file's RUN text helps."""
    base = next(_salt) * 100_000
    return "FROM golang:1.19\n" + "".join(LINES[kind](base + i) for i in range(n)) + TAIL


def growth(measure: Callable[[str, object], int], kind: str, context) -> float:
    c1, c2, c4 = (measure(dockerfile(kind, n), context) for n in (N, 2 * N, 4 * N))
    return (c4 - c2) / max(c2 - c1, 1)


@pytest.mark.parametrize("kind", LINES)
def test_calls_grow_linearly(kind, ctx):
    g = growth(calls, kind, ctx)
    assert g < CALLS_BOUND, (kind, g)


@pytest.mark.parametrize("kind", LINES)
def test_memory_grows_linearly(kind, ctx):
    g = growth(kept, kind, ctx)
    assert g < MEMORY_BOUND, (kind, g)


# -- the Go source scan: linear in the number of string literals -----------------------------

class _CountingText(str):
    """Go source that counts the characters `count` reads: line numbers must not be counted
    from the top of the file again for every literal."""

    read = 0

    def count(self, sub, start=None, end=None):   # type: ignore[override]
        lo = 0 if start is None else start
        hi = len(self) if end is None else end
        _CountingText.read += max(hi - lo, 0)
        return super().count(sub, start, end)


def _go_source(n: int) -> tuple[str, list[str]]:
    """A Go file with 2n string literals, n of them paths; the lines where each path stands."""
    lines = ["package main", "", 'import "os"', "", "/* a comment with a \"quote\"", "   on two lines */",
             "func main() {"]
    where = []
    for i in range(n):
        lines.append(f'\tdata{i}, _ := os.ReadFile("/srv/data/file{i}.json") // "not/a/literal"')
        where.append(f"main.go:{len(lines)}")
        lines += [f"\t_ = `raw {i}", "spans lines`", f'\tprintln(data{i}, "x\\ty")']
    return "\n".join(lines + ["}", ""]), where


def test_go_literals_keep_their_line_numbers():
    text, where = _go_source(40)
    refs = [r for r in golang._scan(text, "main.go").refs if r.pattern.startswith("/srv/data/")]
    assert [(r.pattern, r.where, r.how) for r in refs] == [
        (f"/srv/data/file{i}.json", where[i], "ReadFile") for i in range(40)]


def test_go_scan_reads_the_text_once_for_line_numbers():
    def read(n: int) -> int:
        _CountingText.read = 0
        text, _ = _go_source(n)
        golang._scan(_CountingText(text), "main.go")
        return _CountingText.read

    small, large = read(500), read(2000)
    assert small > 0                                 # the scan does count lines with str.count
    assert large / small < 4.5, (small, large)      # counted from the top each time: 16x


# -- nothing of a conversion outlives it -------------------------------------------------------

KEPT_CASES = ("go/bookstore", "python/flask-gunicorn-templates", "node/express-tsc", "java/maven-finalname",
              "rust/dep-cache", "static/nginx-vite-spa", "cpp/cmake-http")


def test_a_conversion_leaves_nothing_behind():
    """The value classes whose instances hold only plain data are not tracked by the cyclic
    collector (msgspec's gc=False): were one of them ever part of a cycle, every conversion
    would leave its analysis behind. Twenty more rounds over corpus apps of seven ecosystems
    may grow memory by BuildKit's parser's own small leak per parse (docs/upstream/), never by a plan."""
    loaded = [((ROOT / "corpus" / c / "Dockerfile").read_text(), load_context(str(ROOT / "corpus" / c))) for c in KEPT_CASES]

    def round_() -> None:
        for text, context in loaded:
            convert(text, context)

    round_()
    round_()                                   # every bounded cache holds these files by now
    gc.collect()
    tracemalloc.start()
    try:
        df = parse(loaded[1][0])
        plan = make_plan(df, loaded[1][1])
        gc.collect()
        one_plan = tracemalloc.get_traced_memory()[0]
        del df, plan
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(20):
            round_()
        gc.collect()
        per_conversion = (tracemalloc.get_traced_memory()[0] - before) / (20 * len(loaded))
    finally:
        tracemalloc.stop()
    assert per_conversion < one_plan / 3, (per_conversion, one_plan)
