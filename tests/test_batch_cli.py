"""`stagesplit batch` as a user drives it: the report formats agree, a dry run writes nothing,
--files-from (a file, stdin, NUL-separated), --include/--exclude, .gitignore above ROOT, symbolic
links, exit codes, a backup in the way, a worker that dies, and Ctrl-C in the middle of --write."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench import estate

from .conftest import GO_MOD, HELLO, ROOT

GO = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n'
MULTI = 'FROM golang:1.22 AS b\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=b /app /app\nCMD ["/app"]\n'


def batch(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "converter.cli", "batch", "-j", "2", *args], cwd=cwd or ROOT,
                          input=stdin, capture_output=True, timeout=300, env=env)


def app(folder: Path, text: str = GO, name: str = "Dockerfile") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "go.mod").write_text(GO_MOD)
    (folder / "main.go").write_text(HELLO)
    (folder / name).write_text(text)
    return folder / name


def paths(result: subprocess.CompletedProcess) -> list[str]:
    return [f["path"] for f in json.loads(result.stdout)["files"]]


def snapshot(root: Path) -> dict[str, str]:
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            if os.path.isfile(p) and not os.path.islink(p) and os.access(p, os.R_OK):
                out[p] = hashlib.sha256(Path(p).read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small") / "estate"
    entries = estate.generate(root, 120, seed=3)
    yield root, entries
    estate.restore_permissions(root)


def test_formats_agree_and_a_dry_run_writes_nothing(small):
    root, entries = small
    before = snapshot(root)
    runs = {fmt: batch(str(root), "--format", fmt) for fmt in ("json", "csv", "markdown")}
    assert {r.returncode for r in runs.values()} == {5}, runs["json"].stderr[-1000:]   # broken files among them
    assert snapshot(root) == before
    data = json.loads(runs["json"].stdout)
    assert data["write"] is False and data["totals"]["files"] == sum(e.listed for e in entries)
    rows = list(csv.DictReader(io.StringIO(runs["csv"].stdout.decode())))
    assert [(r["path"], r["status"], r["code"] or None) for r in rows] == \
        [(f["path"], f["status"], f["code"]) for f in data["files"]]
    for r, f in zip(rows, data["files"], strict=True):
        saving = f["estimate"]["saving_mb"] if f["estimate"] else None
        assert r["estimated_saving_mb"] == ("" if f["status"] != "converted" else "unknown" if saving is None else str(saving))
    md = runs["markdown"].stdout.decode()
    t = data["totals"]["by_status"]
    assert f"{data['totals']['files']} files: {t['converted']} to convert (dry run: nothing written), {t['unchanged']} left unchanged, " \
           f"{t['error']} errors, {t['skipped']} skipped." in md
    assert f"~{data['totals']['estimated_saving_mb']} MB" in md and "an estimate" in md
    table = [line for line in md.splitlines() if line.startswith("| ") and line.count("|") == 8][2:]
    assert len(table) == len(data["files"])
    assert [line.split(" | ")[1].split(" ")[0] for line in table] == [f["status"] for f in data["files"]]


def test_files_from_a_file_stdin_and_nul_separated(small, tmp_path):
    root, entries = small
    chosen = [os.path.join(str(root), e.path) for e in entries if e.kind == "case"][:7]
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(chosen) + "\n")
    r = batch("--files-from", str(listing), "--format", "json")
    assert paths(r) == [os.path.normpath(p) for p in chosen], r.stderr
    r = batch("--files-from", "-", "--format", "json", stdin=("\n".join(reversed(chosen)) + "\n").encode())
    assert paths(r) == [os.path.normpath(p) for p in reversed(chosen)]
    r = batch("--files-from", "-", "-0", "--format", "json", stdin="\0".join(chosen[:3]).encode())
    assert paths(r) == [os.path.normpath(p) for p in chosen[:3]]
    r = batch("--files-from", str(tmp_path / "missing.txt"))
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1 and b"missing.txt" in r.stderr


def test_sharding_covers_every_file_once(small, tmp_path):
    """Four shards of one listing (as a CI matrix would split it) report every file exactly once;
    NUL-separated, since the estate has a folder name with a newline in it."""
    root, entries = small
    whole = json.loads(batch(str(root), "--format", "json").stdout)["files"]
    listing = [f["path"] for f in whole if f["status"] != "skipped"]
    shards = [listing[k::4] for k in range(4)]
    seen = []
    for shard in shards:
        r = batch("--files-from", "-", "-0", "--format", "json", stdin="\0".join(shard).encode())
        seen += [(f["path"], f["status"], f["code"]) for f in json.loads(r.stdout)["files"]]
    assert sorted(seen) == sorted((f["path"], f["status"], f["code"]) for f in whole if f["status"] != "skipped")


def test_include_and_exclude(tmp_path):
    app(tmp_path / "svc" / "a")
    app(tmp_path / "svc" / "b", name="Dockerfile.ci")
    app(tmp_path / "tools" / "c", name="build.docker")
    r = batch(str(tmp_path), "--exclude", "svc/a/", "--format", "json")
    assert paths(r) == [str(tmp_path / "svc" / "b" / "Dockerfile.ci")]
    r = batch(str(tmp_path), "--include", "*.docker", "--include", "*.ci", "--format", "json")
    assert paths(r) == [str(tmp_path / "svc" / "b" / "Dockerfile.ci"), str(tmp_path / "tools" / "c" / "build.docker")]


def test_gitignore_above_root_and_nested(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".gitignore").write_text("services/gen/\n")
    app(repo / "services" / "gen" / "x")
    app(repo / "services" / "api")
    app(repo / "services" / "api" / "old", name="Dockerfile.legacy")
    (repo / "services" / "api" / ".gitignore").write_text("old/\n")
    r = batch(str(repo / "services"), "--format", "json")
    assert paths(r) == [str(repo / "services" / "api" / "Dockerfile")]
    r = batch(str(repo / "services"), "--no-gitignore", "--format", "json")
    assert len(paths(r)) == 3


def test_symbolic_links_never_lead_out_of_root(tmp_path):
    outside = app(tmp_path / "outside")
    root = tmp_path / "root"
    app(root / "real")
    (root / "linked-dir").symlink_to(tmp_path / "outside")
    (root / "inner").mkdir()
    (root / "inner" / "Dockerfile").symlink_to(outside)
    (root / "alias").symlink_to(root / "real")                 # inside ROOT: not followed, found once
    r = batch(str(root), "--format", "json")
    files = {f["path"]: f for f in json.loads(r.stdout)["files"]}
    assert files[str(root / "real" / "Dockerfile")]["status"] == "converted"
    for p in (root / "linked-dir", root / "inner" / "Dockerfile"):
        assert files[str(p)]["status"] == "skipped" and "out of ROOT" in files[str(p)]["reason"]
    assert len(files) == 3
    r = batch(str(root), "--write", "--format", "json")
    assert outside.read_text() == GO and not (tmp_path / "outside" / "Dockerfile.orig").exists()


def test_exit_codes(tmp_path):
    app(tmp_path / "a", MULTI)
    assert batch(str(tmp_path), "--check").returncode == 0
    app(tmp_path / "b")
    r = batch(str(tmp_path), "--check")
    assert r.returncode == 1 and b"1 to convert" in r.stderr
    assert not (tmp_path / "b" / "Dockerfile.orig").exists()
    for args in (("--write", "--check"), (str(tmp_path / "nope"),), ("--max-size", "lots"), ("--jobs", "0"),
                 (str(tmp_path), "--write", "--report", str(tmp_path / "no-such-folder" / "r.json"))):
        r = batch(*args)
        assert r.returncode == 2 and r.stderr.decode().count("\n") == 1, (args, r.stderr)
    assert not (tmp_path / "b" / "Dockerfile.orig").exists()         # a report that cannot be written: nothing converted
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "Dockerfile").write_text("FROM\n")
    r = batch(str(tmp_path), "--format", "json")
    assert r.returncode == 5
    assert {f["status"] for f in json.loads(r.stdout)["files"]} == {"converted", "unchanged", "error"}


def test_a_backup_in_the_way_is_that_files_error_only(tmp_path):
    a = app(tmp_path / "a")
    b = app(tmp_path / "b")
    Path(str(a) + ".orig").write_text("mine\n")
    r = batch(str(tmp_path), "--write", "--format", "json")
    files = {f["path"]: f for f in json.loads(r.stdout)["files"]}
    assert r.returncode == 5
    assert files[str(a)]["status"] == "error" and "never overwritten" in files[str(a)]["reason"]
    assert a.read_text() == GO and Path(str(a) + ".orig").read_text() == "mine\n"
    assert files[str(b)]["written"] and b.read_text() != GO and Path(str(b) + ".orig").read_text() == GO


def test_a_worker_that_dies_costs_one_file(tmp_path):
    """A file that kills its worker process (a crash in native code) is that file's error; the
    others are all converted. The crash is made by a sitecustomize in the workers' path."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import os\n"
        "import converter.parse as p\n"
        "_parse = p.parse\n"
        "def parse(text):\n"
        "    if 'CRASH-ME' in text:\n"
        "        os._exit(70)\n"
        "    return _parse(text)\n"
        "p.parse = parse\n")
    for k in range(12):
        app(tmp_path / "tree" / f"s{k:02d}", GO.replace("CMD", "# CRASH-ME\nCMD") if k == 5 else GO)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)])}
    r = batch(str(tmp_path / "tree"), "--format", "json", env=env)
    files = json.loads(r.stdout)["files"]
    assert r.returncode == 5, r.stderr
    assert [f["status"] for f in files] == ["converted"] * 5 + ["error"] + ["converted"] * 6
    assert "worker process died" in files[5]["reason"]


def test_ctrl_c_stops_cleanly_and_reports_what_was_done(tmp_path):
    root = tmp_path / "estate"
    entries = estate.generate(root, 400, seed=11)
    before = {os.path.join(str(root), e.path): Path(root, e.path).read_bytes() for e in entries
              if e.status == "converted"}
    report = tmp_path / "report.json"
    proc = subprocess.Popen([sys.executable, "-m", "converter.cli", "batch", "-j", "2", str(root), "--write",
                             "--report", str(report)], cwd=ROOT, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    lines = []
    while True:     # the first progress line after some files are done
        line = proc.stderr.readline().decode()
        lines.append(line)
        if not line or ("files (" in line and not line.startswith("stagesplit: batch: 0/")):
            break
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 130, "".join(lines) + rest
    assert "interrupted" in rest
    data = json.loads(report.read_text())
    assert data["interrupted"] is True and 0 < data["totals"]["not_processed"] < data["totals"]["files"]
    written = {f["path"] for f in data["files"] if f["written"]}
    for path, original in before.items():
        now = Path(path).read_bytes()
        if path in written:
            assert Path(path + ".orig").read_bytes() == original and b"COPY --from=" in now
        else:
            assert now == original and not os.path.exists(path + ".orig"), path
    leftovers = [n for _, _, names in os.walk(root) for n in names
                 if n.startswith(".stagesplit-") and n.endswith(".tmp") and "999999" not in n]
    assert leftovers == []
    estate.restore_permissions(root)



def test_workers_are_replaced_and_every_file_is_still_done(tmp_path):
    """Workers are replaced every FILES_PER_WORKER files (memory the parser leaks stays bounded);
    here after 3, so that 40 files take several pools, none of them stalling."""
    for k in range(40):
        app(tmp_path / "tree" / f"s{k:02d}")
    code = ("import sys; import converter.batch.runner as r; r.FILES_PER_WORKER = 3; r.MAX_CHUNK = 2; "
            "from converter.cli import main; sys.exit(main(sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, "batch", "-j", "2", str(tmp_path / "tree"), "--format", "json"],
                       cwd=ROOT, capture_output=True, timeout=240)
    assert r.returncode == 0, r.stderr
    files = json.loads(r.stdout)["files"]
    assert [f["path"] for f in files] == [str(tmp_path / "tree" / f"s{k:02d}" / "Dockerfile") for k in range(40)]
    assert {f["status"] for f in files} == {"converted"}


def test_listed_files_still_obey_exclude_and_the_configuration(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".stagesplit.toml").write_text('exclude = ["vendor/"]\n')
    keep, vendored, other = app(tmp_path / "svc"), app(tmp_path / "vendor" / "x"), app(tmp_path / "old", name="build.docker")
    listing = "\n".join(map(str, (keep, vendored, other))).encode()
    r = batch("--files-from", "-", "--format", "json", stdin=listing)
    assert paths(r) == [str(keep), str(other)]          # a listed file is taken whatever its name
    r = batch("--files-from", "-", "--exclude", "*.docker", "--format", "json", stdin=listing)
    assert paths(r) == [str(keep)]
