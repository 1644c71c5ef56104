"""batch's result cache (converter/batch/memo.py) as a user meets it: a second run over the same
files gives the same report from the cache, and any change the conversion could depend on (a
source's text, a file added to a folder a COPY takes, .dockerignore, the options, the Dockerfile)
makes that file analysed again, with the answer the change calls for."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench import estate

from .conftest import CORPUS, ROOT


def batch(root: Path, cache: Path | None, *args: str) -> subprocess.CompletedProcess:
    where = ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    return subprocess.run([sys.executable, "-m", "converter.cli", "batch", str(root), "--format", "json", *where, *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def files(result: subprocess.CompletedProcess) -> dict[str, dict]:
    return {f["path"]: f for f in json.loads(result.stdout)["files"]}


def one(result: subprocess.CompletedProcess) -> dict:
    (record,) = files(result).values()
    return record


def without_cached(records: dict[str, dict]) -> dict[str, dict]:
    return {p: {k: v for k, v in r.items() if k != "cached"} for p, r in records.items()}


@pytest.fixture
def npm_start(tmp_path):
    """corpus/node/npm-start (converted: `npm start` runs `node server.js`) in a folder of its own."""
    root = tmp_path / "repo"
    shutil.copytree(CORPUS / "node" / "npm-start", root / "app", ignore=shutil.ignore_patterns("expected.*", "case.json"))
    return root


def test_a_second_run_gives_the_same_report_from_the_cache(tmp_path):
    root = tmp_path / "estate"
    estate.generate(root, 150, seed=11)
    try:
        plain = batch(root, None, "-j", "2")
        first = batch(root, tmp_path / "cache", "-j", "2")
        second = batch(root, tmp_path / "cache", "-j", "2")
    finally:
        estate.restore_permissions(root)
    assert plain.returncode == first.returncode == second.returncode
    assert without_cached(files(first)) == without_cached(files(plain))
    assert without_cached(files(second)) == without_cached(files(plain))
    again = files(second)
    # a file the configuration leaves alone is answered before it is read: never cached
    by_config = [r for r in again.values() if r["reason"].startswith("ignored by the configuration")]
    analysed = [r for r in again.values() if r["status"] in ("converted", "unchanged") and r not in by_config]
    assert len(analysed) > 100 and all(r["cached"] for r in analysed), [r["path"] for r in analysed if not r["cached"]]
    # errors and skipped files are never taken from the cache: they are looked at again
    assert by_config and not any(r["cached"] for r in again.values() if r["status"] in ("error", "skipped") or r in by_config)
    assert json.loads(second.stdout)["totals"]["from_cache"] == len(analysed)
    assert f"{len(analysed)} from the cache" in second.stderr
    assert not any(r["cached"] for r in files(plain).values())


def test_a_changed_source_is_analysed_again(npm_start, tmp_path):
    cache = tmp_path / "cache"
    first = one(batch(npm_start, cache))
    assert first["status"] == "converted" and not first["cached"]
    assert one(batch(npm_start, cache))["cached"]
    package = npm_start / "app" / "package.json"
    package.write_text(package.read_text().replace('"start": "node server.js"', '"start": "nodemon server.js"'))
    changed = one(batch(npm_start, cache))
    assert changed["status"] == "unchanged" and not changed["cached"]
    assert changed == {**one(batch(npm_start, None)), "cached": False}
    assert one(batch(npm_start, cache))["cached"]


def test_a_file_added_where_a_copy_takes_the_folder_is_analysed_again(npm_start, tmp_path):
    cache = tmp_path / "cache"
    batch(npm_start, cache)
    (npm_start / "app" / "public" / "new.html").write_text("<p>new</p>\n")
    assert not one(batch(npm_start, cache))["cached"]
    assert one(batch(npm_start, cache))["cached"]
    # a file no COPY takes and no analysis reads changes nothing the conversion saw
    (npm_start / "app" / "NOTES.txt").write_text("not copied\n")
    assert one(batch(npm_start, cache))["cached"]


def test_a_dockerignore_and_the_options_are_part_of_what_is_compared(npm_start, tmp_path):
    cache = tmp_path / "cache"
    batch(npm_start, cache)
    (npm_start / "app" / ".dockerignore").write_text("public/\n")
    assert not one(batch(npm_start, cache))["cached"]
    assert one(batch(npm_start, cache))["cached"]
    by_flag = one(batch(npm_start, cache, "--runtime", "distroless"))
    assert not by_flag["cached"] and by_flag == {**one(batch(npm_start, None, "--runtime", "distroless")), "cached": False}
    (npm_start / ".stagesplit.toml").write_text('stage_name = "compile"\n')
    assert not one(batch(npm_start, cache))["cached"]


def test_the_same_template_in_two_repositories_is_analysed_once(npm_start, tmp_path):
    shutil.copytree(npm_start / "app", npm_start / "copy")
    result = files(batch(npm_start, tmp_path / "cache", "-j", "1"))
    first, second = result[str(npm_start / "app" / "Dockerfile")], result[str(npm_start / "copy" / "Dockerfile")]
    assert [first["cached"], second["cached"]] == [False, True]
    assert {**second, "path": first["path"], "cached": False} == first


def test_write_from_the_cache_rewrites_the_file_as_an_analysis_would(npm_start, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(npm_start, other)
    cache = tmp_path / "cache"
    batch(npm_start, cache)                                    # a dry run fills the cache
    written = one(batch(npm_start, cache, "--write"))
    assert written["cached"] and written["written"]
    assert one(batch(other, None, "--write"))["written"]
    assert (npm_start / "app" / "Dockerfile").read_text() == (other / "app" / "Dockerfile").read_text()
    assert (npm_start / "app" / "Dockerfile").read_text() != (npm_start / "app" / "Dockerfile.orig").read_text()


def test_no_cache_writes_no_cache_and_a_broken_cache_is_no_error(npm_start, tmp_path):
    cache = tmp_path / "cache"
    batch(npm_start, None)
    assert not cache.exists()
    batch(npm_start, cache)
    (database,) = cache.glob("batch-results-*.sqlite")
    database.write_bytes(b"not a database" * 100)
    again = batch(npm_start, cache)
    assert again.returncode == 0 and one(again)["status"] == "converted" and not one(again)["cached"]
    assert one(batch(npm_start, cache))["cached"]          # made anew
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    unwritable = batch(npm_start, blocked)
    assert unwritable.returncode == 0 and one(unwritable)["status"] == "converted"
    assert f"no result cache (cannot write {blocked})" in unwritable.stderr


def test_a_new_version_replaces_the_old_database(tmp_path, monkeypatch):
    from converter.batch import memo

    first = memo.prepare(str(tmp_path))
    assert first is not None and Path(first).exists()
    monkeypatch.setattr(memo, "signature", lambda: "another-version")
    second = memo.prepare(str(tmp_path))
    assert second is not None and second != first
    assert not Path(first).exists() and [p.name for p in tmp_path.glob("batch-results-*.sqlite")] == [Path(second).name]
    with sqlite3.connect(second) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone() == (0,)


def test_the_signature_follows_the_code_not_its_install(tmp_path):
    """An edited module is another version: no entry of the old code is ever read. The same code
    installed afresh elsewhere (a CI job's new environment) is the same version: its cache, kept
    between jobs, is found again."""
    from converter.batch import memo

    def copy(where: Path) -> list[str]:
        places = [str(where / "converter"), str(where / "heuristics")]
        shutil.copytree(ROOT / "converter", places[0], ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "heuristics", places[1], ignore=shutil.ignore_patterns("__pycache__"))
        return places

    first, second = copy(tmp_path / "one"), copy(tmp_path / "two")
    for folder in second:                       # installed later: other times, the same bytes
        for path in Path(folder).rglob("*"):
            os.utime(path, (1_700_000_000, 1_700_000_000))
    before = memo.signature(first)
    assert memo.signature(second) == before
    node = Path(second[1]) / "node.py"
    node.write_text(node.read_text() + "\n# edited\n")
    assert memo.signature(second) != before


def test_a_link_out_of_the_context_is_a_changed_answer(npm_start, tmp_path):
    cache = tmp_path / "cache"
    assert one(batch(npm_start, cache))["status"] == "converted"
    outside = tmp_path / "outside.js"
    server = npm_start / "app" / "server.js"
    outside.write_text(server.read_text())
    server.unlink()
    server.symlink_to(outside)                  # the same text, but the engine would not send it
    again = one(batch(npm_start, cache))
    assert not again["cached"]
    assert again == {**one(batch(npm_start, None)), "cached": False}


def test_a_latin1_file_is_rewritten_from_the_cache_byte_for_byte(npm_start, tmp_path):
    dockerfile = npm_start / "app" / "Dockerfile"
    data = dockerfile.read_bytes().replace(b"FROM node:18\n", b"FROM node:18\n# caf\xe9 (Latin-1)\n", 1)
    dockerfile.write_bytes(data)
    other = tmp_path / "other"
    shutil.copytree(npm_start, other)
    cache = tmp_path / "cache"
    batch(npm_start, cache)
    written = one(batch(npm_start, cache, "--write"))
    assert written["cached"] and written["written"]
    assert one(batch(other, None, "--write"))["written"]
    assert dockerfile.read_bytes() == (other / "app" / "Dockerfile").read_bytes()
    assert b"# caf\xe9 (Latin-1)\n" in dockerfile.read_bytes()


def test_the_oldest_entries_go_past_the_cap(tmp_path, monkeypatch):
    from converter.batch import memo
    from converter.batch.record import Record

    path = memo.prepare(str(tmp_path))
    assert path is not None
    m = memo.Memo(path)
    for n in range(5):
        m.keep(bytes([n]) * 20, [("read", "main.go", b"x" * 16)], Record("", "converted", f"entry {n}"))
    for n in range(memo.PER_KEY + 2):           # one text in more contexts than a key keeps
        m.keep(b"k" * 20, [("read", "main.go", bytes([n]) * 16)], Record("", "unchanged", f"context {n}"))
    m.commit()
    assert [r.reason for _, r in m.entries(b"k" * 20)] == [f"context {n}" for n in reversed(range(2, memo.PER_KEY + 2))]
    monkeypatch.setattr(memo, "MAX_ROWS", 3 + memo.PER_KEY)
    assert memo.prepare(str(tmp_path)) == path             # a new batch starts: the oldest go
    assert [m.entries(bytes([n]) * 20) != [] for n in range(5)] == [False, False, True, True, True]
    assert len(m.entries(b"k" * 20)) == memo.PER_KEY
