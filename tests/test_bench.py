"""bench/run.py --quick runs every part of the bench end to end and prints the ratio rows the
README's "Speed" table is made from. No time is asserted: only that each measurement ran and
produced a number."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_bench_prints_every_ratio(tmp_path):
    out = tmp_path / "bench.json"
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--table", "--json", str(out)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    rows = [line for line in r.stdout.splitlines() if line.strip().startswith("ratio ")]
    for name in ("single-file", "interpreter floor", "batch", "batch re-run", "growth, N instructions", "growth, Go string literals",
                 "conversion / BuildKit parser", "files no COPY names"):
        row = next((line for line in rows if name in line), None)
        assert row is not None, f"no ratio row for {name}:\n{r.stdout}"
        assert re.search(r"x\d+(\.\d+)?", row), row
    assert re.search(r"batch peak RSS, all processes \(\d+ files\)\s+\d+ MB", r.stdout)
    assert "| Measured (same run, same machine) |" in r.stdout      # README's table, from this run
    data = json.loads(out.read_text())
    assert data["quick"] is True and data["cores"] >= 1
    batch = data["batch"]
    # every file the estate lists got a record, and hadolint linted the same files
    assert batch["files"] > 0 and sum(batch["by_status"].values()) == batch["files"]
    assert batch["hadolint_files_per_s"] > 0 and batch["per_file"]
    # the re-run over the unchanged estate gave the same records, most of them from the result cache
    again = batch["rerun"]
    assert again["files"] == batch["files"] and again["by_status"] == batch["by_status"]
    assert again["from_cache"] > batch["files"] // 2
    assert data["single"]["ratio"] > 0 and len(data["scaling"]["rows"]) >= 6
