"""The batch report's three formats from the same records: an unknown estimate is said as
unknown (never a number), totals count what they say, and awkward paths stay one row."""

from __future__ import annotations

import csv
import io
import json

from converter.batch import report
from converter.batch.record import Estimate, Record

RECORDS: list[Record | None] = [
    Record("a/Dockerfile", "converted", "runtime stage on alpine:3.22", ecosystem="go", artifacts=("/app",),
           build_image="golang:1.22", runtime_base="alpine:3.22", estimate=Estimate(850, 7)),
    Record("b/Dockerfile", "converted", "runtime stage on alpine:3.22", ecosystem="go", artifacts=("/app",),
           build_image="example.com/golang:1.22", runtime_base="alpine:3.22", estimate=Estimate(None, 7),
           warnings=("a secret", "another")),
    Record("odd | name\nline/Dockerfile", "unchanged", "already multi-stage", code="SS001"),
    Record("c/Dockerfile", "error", "line 1: FROM needs an image"),
    None,                                   # not processed (interrupted)
]


def test_totals():
    t = report.totals(RECORDS)
    assert t == {"files": 5, "not_processed": 1,
                 "by_status": {"converted": 2, "unchanged": 1, "error": 1, "skipped": 0},
                 "by_code": {"SS001": 1}, "estimated_saving_mb": 843, "estimate_unknown": 1, "from_cache": 0}


def test_json_says_unknown_as_null_and_keeps_the_schema():
    data = json.loads(report.render("json", RECORDS, write=False, interrupted=True))
    assert data["schema"] == report.SCHEMA == 1 and data["interrupted"] is True
    assert [f["estimate"] for f in data["files"]] == [
        {"build_image_mb": 850, "runtime_base_mb": 7, "saving_mb": 843},
        {"build_image_mb": None, "runtime_base_mb": 7, "saving_mb": None}, None, None]
    assert set(data["files"][0]) == {"path", "status", "code", "reason", "ecosystem", "artifacts", "build_image",
                                     "runtime_base", "warnings", "estimate", "cached", "written", "backup"}


def test_csv_one_row_per_file_with_unknown_spelt_out():
    rows = list(csv.DictReader(io.StringIO(report.render("csv", RECORDS, write=False, interrupted=False))))
    assert tuple(rows[0]) == report.CSV_COLUMNS
    assert [r["estimated_saving_mb"] for r in rows] == ["843", "unknown", "", ""]
    assert rows[1]["warnings"] == "a secret | another"
    assert rows[2]["path"] == "odd | name\nline/Dockerfile" and rows[2]["code"] == "SS001"


def test_markdown_table_rows_stay_one_line():
    md = report.render("markdown", RECORDS, write=True, interrupted=True)
    assert "**Interrupted**: 1 of 5 files were not processed." in md
    assert "~843 MB over the converted files whose build image size is known (1 unknown)" in md
    rows = [line for line in md.splitlines() if line.startswith("| ") and line.count(" | ") >= 6][2:]
    assert len(rows) == 4
    assert rows[1].split(" | ")[5] == "unknown" and rows[0].split(" | ")[5] == "~843 MB"
    assert rows[2].startswith("| odd \\| name line/Dockerfile | unchanged | SS001 |")
    assert "| SS001 | already-multi-stage | 1 |" in md
