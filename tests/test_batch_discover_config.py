"""Discovery takes the configuration in force one folder down at a time, from what each folder
holds, and hands it to the worker (Found.config): for every file it must be the configuration
`config.in_force` finds by searching upward, in every case the search knows (nested repositories,
a pyproject.toml without [tool.stagesplit], a broken file above a valid one, an exclude)."""

from __future__ import annotations

import os
from pathlib import Path

from converter import config
from converter.batch import discover
from converter.errors import InputError

from .conftest import GO_MOD, HELLO

GO = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n'


def app(folder: Path, name: str = "Dockerfile") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "go.mod").write_text(GO_MOD)
    (folder / "main.go").write_text(HELLO)
    (folder / name).write_text(GO)


def searched(path: str, boundary: str | None) -> str | None:
    try:
        found = config.in_force(os.path.dirname(os.path.abspath(path)), boundary)
    except InputError:
        return discover.SEARCH
    return found.path if found is not None else None


def test_each_file_gets_the_configuration_the_search_finds(tmp_path):
    root = tmp_path / "org"
    (root / ".git").mkdir(parents=True)
    (root / ".stagesplit.toml").write_text('exclude = ["skipped/"]\nmax-size = "2KB"\n')
    app(root / "top")
    app(root / "plain-pyproject" / "deep")
    (root / "plain-pyproject" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    app(root / "own-pyproject")
    (root / "own-pyproject" / "pyproject.toml").write_text('[tool.stagesplit]\nstage-name = "compile"\n')
    app(root / "broken")
    (root / "broken" / ".stagesplit.toml").write_text("runtime = \n")
    app(root / "broken" / "below")
    app(root / "broken" / "mended")
    (root / "broken" / "mended" / ".stagesplit.toml").write_text('runtime = "alpine"\n')
    app(root / "broken" / "nested-repo")
    (root / "broken" / "nested-repo" / ".git").write_text("gitdir: elsewhere\n")   # a worktree's .git is a file
    app(root / "nested" / "inner")
    (root / "nested" / ".git").mkdir()
    app(root / "skipped")
    big = root / "top" / "big.Dockerfile"
    big.write_text(GO + "# padding\n" * 400)

    found = discover.discover((str(root),), discover.Filters())
    by_path = {f.path: f for f in found}
    assert str(root / "skipped" / "Dockerfile") not in by_path
    assert "larger than 2048 bytes" in (by_path[str(big)].note or "")
    expected = {
        "top": str(root / ".stagesplit.toml"),
        "plain-pyproject/deep": str(root / ".stagesplit.toml"),
        "own-pyproject": str(root / "own-pyproject" / "pyproject.toml"),
        "broken": discover.SEARCH,
        "broken/below": discover.SEARCH,
        "broken/mended": str(root / "broken" / "mended" / ".stagesplit.toml"),
        "broken/nested-repo": None,
        "nested/inner": None,
    }
    for folder, config_path in expected.items():
        f = by_path[str(root / folder / "Dockerfile")]
        assert f.config == config_path == searched(f.path, f.boundary), folder
    for f in found:
        assert f.config == searched(f.path, f.boundary), f.path


def test_config_flags_are_the_same_for_every_file(tmp_path):
    root = tmp_path / "repo"
    app(root / "a")
    (root / "a" / ".stagesplit.toml").write_text('runtime = "alpine"\n')
    given = tmp_path / "given.toml"
    given.write_text('runtime = "distroless"\n')
    (f,) = discover.discover((str(root),), discover.Filters(config_file=str(given)))
    assert f.config == str(given)
    (f,) = discover.discover((str(root),), discover.Filters(no_config=True))
    assert f.config is None


def test_the_estate_gets_what_the_search_finds(tmp_path):
    from bench import estate

    root = tmp_path / "estate"
    estate.generate(root, 200, seed=5)
    try:
        found = discover.discover((str(root),), discover.Filters())
        walked = [f for f in found if f.note is None]
        assert len(walked) > 150
        assert any(f.config not in (None, discover.SEARCH) for f in walked)
        for f in walked:
            assert f.config == searched(f.path, f.boundary), f.path
    finally:
        estate.restore_permissions(root)
