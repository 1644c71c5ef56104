"""The build context is listed only as far as the Dockerfile copies it, with the file cap
applied while listing (converter/context.py)."""

from __future__ import annotations

import os
import random

import pytest

from converter import cli, context
from converter.context import in_memory, load_context
from converter.parse import parse
from converter.plan import make_plan

APP = {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": 'package main\n\nfunc main() { println("hi") }\n'}


def _app(root) -> None:
    for rel, text in APP.items():
        (root / rel).write_text(text)


@pytest.fixture
def scanned(monkeypatch):
    """The folders os.scandir lists, relative paths as given."""
    seen: list[str] = []
    real = os.scandir

    def spy(path="."):
        seen.append(os.fspath(path))
        return real(path)
    monkeypatch.setattr(context.os, "scandir", spy)
    return seen


def test_a_folder_the_dockerfile_never_copies_is_never_listed(tmp_path, scanned, capsys):
    _app(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    for i in range(100_000):
        (data / f"f{i}").touch()
    (tmp_path / "Dockerfile").write_text("FROM golang:1.21\nWORKDIR /src\nCOPY go.mod main.go ./\n"
                                         "RUN go build -o /app .\nCMD [\"/app\"]\n")
    assert cli.main(["convert", str(tmp_path / "Dockerfile")]) == 0
    assert "COPY --from=build /app /app" in capsys.readouterr().out
    assert not any(p.startswith(str(data)) for p in scanned), scanned
    assert str(tmp_path) not in scanned                 # files named one by one: not even the root is listed


def test_copy_dot_lists_all_but_the_cap_stops_the_walk(tmp_path, scanned, monkeypatch, capsys):
    _app(tmp_path)
    for d in range(20):
        (tmp_path / f"d{d}").mkdir()
        for i in range(10):
            (tmp_path / f"d{d}" / f"f{i}").touch()
    (tmp_path / "Dockerfile").write_text("FROM golang:1.21\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n")
    ctx = load_context(str(tmp_path))
    assert len(ctx.match(".")) == 203 and not ctx.truncated
    scanned.clear()
    monkeypatch.setattr(context, "MAX_FILES", 50)
    assert cli.main(["convert", str(tmp_path / "Dockerfile")]) == 0
    assert "SS006" in capsys.readouterr().err
    assert 1 < len(scanned) < 10, scanned              # stopped once 50 files were listed, not after all 21 folders


def test_an_ignored_folder_is_not_entered(tmp_path, scanned):
    _app(tmp_path)
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "index.js").write_text("")
    (tmp_path / ".dockerignore").write_text("node_modules\n")
    ctx = load_context(str(tmp_path))
    assert set(ctx.match(".")) == {"go.mod", "main.go", ".dockerignore"}
    assert not any("node_modules" in p for p in scanned)


def test_only_the_files_a_copy_takes_are_checked_for_sending(tmp_path):
    _app(tmp_path)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "key").write_text("k")
    ctx = load_context(str(tmp_path))
    calls: list[str] = []
    checked = context.BuildContext(root=ctx.root, listing=ctx.listing, reader=ctx.reader, sendable=calls.append)
    assert checked.match("go.mod") == ["go.mod"] and calls == ["go.mod"]
    assert checked.match("secret") == ["secret/key"] and calls == ["go.mod", "secret/key"]
    (tmp_path / "secret" / "key").chmod(0)             # an unreadable file elsewhere: no error until copied
    try:
        assert load_context(str(tmp_path)).match("go.mod") == ["go.mod"]
    finally:
        (tmp_path / "secret" / "key").chmod(0o644)


def _random_tree(rng: random.Random, root, depth=0) -> None:
    for name in rng.sample(["a", "b", "c.go", "d.txt", "src", "pkg", "x.md"], rng.randint(1, 4)):
        if depth < 3 and "." not in name and rng.random() < 0.5:
            (root / name).mkdir(exist_ok=True)
            _random_tree(rng, root / name, depth + 1)
        elif not (root / name).exists():
            (root / name).write_text(name)


@pytest.mark.parametrize("seed", range(25))
def test_lazy_matches_equal_matches_over_the_full_listing(tmp_path, seed):
    rng = random.Random(seed)
    _random_tree(rng, tmp_path)
    if rng.random() < 0.5:
        os.symlink("a", tmp_path / "link")
    (tmp_path / ".dockerignore").write_text(rng.choice(["", "*.md\n", "src\n!src/c.go\n", "**/b\n"]))
    full = load_context(str(tmp_path)).files
    whole = in_memory({f: "" for f in full})
    for pattern in [".", "a", "a/", "src", "*.go", "*/*.go", "*", "?", "[ab]", "pkg/*", "*/b", "a/b/c.go", "link",
                    "link/x", "nothing", "./src/../a", "*/src/*"]:
        assert load_context(str(tmp_path)).match(pattern) == whole.match(pattern), pattern


def test_an_exact_file_is_not_read_through_a_symlinked_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "f").write_text("x")
    os.symlink("real", tmp_path / "alias")
    ctx = load_context(str(tmp_path))
    assert ctx.match("alias/f") == [] and ctx.match("alias") == ["alias"] and ctx.match("real/f") == ["real/f"]
    df = parse("FROM golang:1.21\nCOPY alias/f /f\nCMD [\"/f\"]\n")
    plan = make_plan(df, ctx)
    assert plan.code == "SS010" and "not in the build context" in plan.reason


def test_reads_follow_links_only_inside_the_context(tmp_path):
    from converter.context import load_context

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "s.txt").write_text("secret\n")
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("ok\n")
    (root / "esc.txt").symlink_to("../out/s.txt")
    (root / "dl").symlink_to("sub")
    (root / "sub" / "outdir").symlink_to("../../out")
    ctx = load_context(str(root))
    assert ctx.read_text("sub/a.txt") == "ok\n" and ctx.read_text("dl/a.txt") == "ok\n"
    assert ctx.read_text("sub/../sub/a.txt") == "ok\n"
    for outside in ("esc.txt", "sub/outdir/s.txt", "../out/s.txt", "missing"):
        assert ctx.read_text(outside) is None, outside
