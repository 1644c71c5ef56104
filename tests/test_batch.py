"""`stagesplit batch` over a generated estate (bench/estate.py) of 1,000 Dockerfiles: corpus cases
with variations, broken and hostile files, ignored and excluded ones. Every report entry is checked
against what the estate says it must be, the written files against `stagesplit convert` of the
same file, and a second run against the first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import estate

from .conftest import ROOT
from .test_cli import invoke

N = 1000


def batch(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "converter.cli", "batch", "-j", "2", *args], cwd=cwd or ROOT,
                          input=stdin, capture_output=True, timeout=600)


def shown(root: Path, e: estate.Entry) -> str:
    return os.path.normpath(os.path.join(str(root), e.path))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The estate; `stagesplit convert` of every file expected to convert (before anything is
    written); then `batch --write`, and a second `batch` over the result."""
    root = tmp_path_factory.mktemp("estate") / "estate"
    entries = estate.generate(root, N, seed=7)
    converted = {}
    for e in entries:
        if e.status == "converted":
            r = invoke("convert", shown(root, e))
            assert r.exit_code == 0, (e, r.output)
            converted[shown(root, e)] = r.stdout.encode("utf-8", "surrogateescape")   # bytes: CRLF and Latin-1 files compared exactly
    originals = {shown(root, e): Path(shown(root, e)).read_bytes() for e in entries
                 if e.listed and e.status not in ("skipped",) and os.access(shown(root, e), os.R_OK)}
    first = batch(str(root), "--write", "--report", str(root.parent / "first.json"))
    second = batch(str(root), "--report", str(root.parent / "second.json"))
    yield root, entries, converted, originals, first, second
    estate.restore_permissions(root)


def report(root: Path, name: str) -> dict:
    return json.loads((root.parent / name).read_text())


def test_the_estate_is_large_and_mixed(run):
    _, entries, *_ = run
    assert len(entries) >= N
    kinds = {e.kind for e in entries}
    assert {"case", "broken", "hostile", "gitignored", "excluded", "inline-ignore", "config-ignore", "converted-output"} <= kinds
    assert {e.status for e in entries} >= {"converted", "unchanged", "error", "skipped"}


def test_every_entry_is_reported_as_the_estate_says(run):
    root, entries, _, _, first, _ = run
    assert first.returncode == 5, first.stderr[-2000:]          # the estate holds broken files
    files = {f["path"]: f for f in report(root, "first.json")["files"]}
    expected = {shown(root, e): e for e in entries if e.listed}
    assert set(files) == set(expected)              # nothing gitignored, excluded, or a backup/template/temp file
    for path, e in expected.items():
        f = files[path]
        assert f["status"] == e.status, (path, e, f)
        if e.code:
            assert f["code"] == e.code, (path, f)
        assert e.reason_contains in f["reason"], (path, e.reason_contains, f["reason"])
        if e.status == "unchanged":
            assert f["code"] and f["code"].startswith("SS"), f
        if e.status == "converted":
            assert f["written"] and f["backup"] and f["runtime_base"] and f["build_image"], f
            assert f["ecosystem"] and f["artifacts"], f
        else:
            assert not f["written"] and f["backup"] is None, f


def test_refusals_keep_the_ecosystem_that_was_built(run):
    root, *_ = run
    files = report(root, "first.json")["files"]
    refused_builds = [f for f in files if f["status"] == "unchanged" and f["code"] in ("SS010", "SS023")]
    assert refused_builds and any(f["ecosystem"] for f in refused_builds)


def test_written_files_are_what_convert_gives_and_backups_the_originals(run):
    root, entries, converted, originals, *_ = run
    assert len(converted) > N // 2
    files = {f["path"]: f for f in report(root, "first.json")["files"]}
    for path, text in converted.items():
        assert Path(path).read_bytes() == text, path
        assert Path(files[path]["backup"]).read_bytes() == originals[path], path
    for path, data in originals.items():             # everything else is untouched
        if path not in converted:
            assert Path(path).read_bytes() == data, path
            assert not os.path.lexists(path + ".orig"), path
    leftovers = [os.path.join(d, n) for d, _, names in os.walk(root) for n in names
                 if n.startswith(".stagesplit-") and n.endswith(".tmp") and "999999" not in n]
    assert leftovers == []


def test_totals_add_up(run):
    root, entries, converted, *_ = run
    data = report(root, "first.json")
    t = data["totals"]
    files = data["files"]
    assert data["schema"] == 1 and data["write"] is True and data["interrupted"] is False
    assert t["files"] == len(files) == sum(e.listed for e in entries) and t["not_processed"] == 0
    for status in ("converted", "unchanged", "error", "skipped"):
        assert t["by_status"][status] == sum(f["status"] == status for f in files)
    assert t["by_status"]["converted"] == len(converted)
    codes: dict[str, int] = {}
    for f in files:
        if f["status"] == "unchanged":
            codes[f["code"]] = codes.get(f["code"], 0) + 1
    assert t["by_code"] == dict(sorted(codes.items()))
    savings = [f["estimate"]["saving_mb"] for f in files if f["status"] == "converted"]
    assert t["estimated_saving_mb"] == sum(s for s in savings if s is not None) > 0
    assert t["estimate_unknown"] == sum(s is None for s in savings)
    assert "estimate" in data["estimate_note"]


def test_a_second_run_converts_nothing_more(run):
    root, entries, converted, _, first, second = run
    assert second.returncode == 5, second.stderr[-2000:]
    before = {f["path"]: f for f in report(root, "first.json")["files"]}
    after = {f["path"]: f for f in report(root, "second.json")["files"]}
    assert set(after) == set(before)                 # the backups (Dockerfile.orig) are not picked up
    assert report(root, "second.json")["totals"]["by_status"]["converted"] == 0
    for path, f in after.items():
        if path in converted:
            assert (f["status"], f["code"]) == ("unchanged", "SS001"), f
        else:
            assert (f["status"], f["code"]) == (before[path]["status"], before[path]["code"]), (f, before[path])
