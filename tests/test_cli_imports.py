"""What the command line loads: `stagesplit batch`'s parent process finds files, runs the pool and
writes the report, and never loads the planner, the BuildKit parser or the shell parser (its
workers do: their memory is theirs, the parent's adds to every batch); the command line's own
library is the standard one."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import GO_MOD, HELLO, ROOT

HEAVY = ("converter.plan", "converter.render", "dockerfile", "bashlex", "heuristics.base_images", "click")

PROBE = f"""
import json, sys
from converter.cli import main
code = main(sys.argv[1:])
print(json.dumps({{"code": code, "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def probe(*args: str) -> dict:
    r = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return json.loads(r.stdout.splitlines()[-1])


def test_the_batch_parent_loads_no_planner(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "go.mod").write_text(GO_MOD)
        (tmp_path / name / "main.go").write_text(HELLO)
        (tmp_path / name / "Dockerfile").write_text('FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n')
    (tmp_path / ".stagesplit.toml").write_text('runtime = "alpine"\nexclude = ["b/"]\n')   # read by the parent too
    report = tmp_path / "report.json"
    got = probe("batch", "-j", "2", str(tmp_path), "--report", str(report))
    assert got == {"code": 0, "loaded": []}
    [entry] = json.loads(report.read_text())["files"]
    assert entry["status"] == "converted" and entry["runtime_base"].startswith("alpine:")


def test_convert_loads_the_planner_and_no_click(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nCMD [\"sh\"]\n")
    got = probe("convert", str(tmp_path / "Dockerfile"))
    assert got["code"] == 0 and "converter.plan" in got["loaded"] and "click" not in got["loaded"]
