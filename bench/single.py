"""(a) One `stagesplit convert FILE` against one `hadolint FILE`: wall time of the whole process,
the way a CI step or a pre-commit hook pays it, median over corpus files and repetitions.

Runs alternate (stagesplit, hadolint, python -c pass) so that both see the same machine load.
The interpreter floor (`python3 -c pass`) shows how much of the ratio is Python's own start.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .common import ROOT, child_env, median, real_program, stagesplit_command, wall

# One case per ecosystem, so the ratio is not one language's.
CASES = ("go/bookstore", "python/flask-gunicorn-templates", "node/express-tsc", "java/maven-finalname",
         "dotnet/webapi-aspnet", "cpp/cmake-http", "c/make-zlib", "rust/dep-cache", "static/nginx-vite-spa")


def files(limit: int) -> list[Path]:
    wanted = [ROOT / "corpus" / c / "Dockerfile" for c in CASES]
    found = [p for p in wanted if p.exists()]
    if len(found) < limit:   # names differ: fill up with any corpus cases
        found += [p for p in sorted((ROOT / "corpus").glob("*/*/Dockerfile")) if p not in found]
    return found[:limit]


def measure(n_files: int, repeat: int) -> dict:
    hadolint = real_program("hadolint")
    if hadolint is None:
        return {"skipped": "hadolint not found"}
    env = child_env()
    convert = stagesplit_command()
    chosen = files(n_files)
    wall([*convert, "convert", str(chosen[0])], env)   # warm-up: bytecode written, bashlex's table cache filled
    ours, theirs, floor = [], [], []
    each: dict[str, list[float]] = {}
    for _ in range(repeat):
        for f in chosen:
            ours.append(wall([*convert, "convert", str(f)], env, cwd=str(f.parent)))
            each.setdefault(str(f.parent.relative_to(ROOT / "corpus")), []).append(ours[-1])
            theirs.append(wall([hadolint, "--no-fail", str(f)], env))
            floor.append(wall([sys.executable, "-c", "pass"], env))
    s, h, p = median(ours), median(theirs), median(floor)
    return {"files": [str(f.relative_to(ROOT)) for f in chosen], "runs_each": len(ours),
            "stagesplit_s": s, "hadolint_s": h, "python_pass_s": p,
            "ratio": s / h, "floor_ratio": p / h, "command": " ".join(convert) + " convert FILE",
            "hadolint": f"{hadolint} --no-fail FILE", "per_file_s": {k: median(v) for k, v in each.items()}}


def show(r: dict) -> None:
    print("\n(a) single file: one process per file, median wall time")
    if "skipped" in r:
        print(f"  skipped: {r['skipped']}")
        return
    print(f"  {len(r['files'])} corpus files x {r['runs_each'] // len(r['files'])} runs; bytecode on (a user's install)")
    print(f"  stagesplit convert FILE   {r['stagesplit_s'] * 1000:7.1f} ms")
    print(f"  hadolint FILE             {r['hadolint_s'] * 1000:7.1f} ms")
    print(f"  python3 -c pass           {r['python_pass_s'] * 1000:7.1f} ms")
    print("  stagesplit per file: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in r["per_file_s"].items()))
