"""The configuration (`[tool.stagesplit]` in pyproject.toml, `.stagesplit.toml`), as `convert` and
`batch` read it: which file applies, what it sets, that the command line wins, and one clear line
for a mistake."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from converter import config
from converter.cli import app

from .conftest import GO_MOD, HELLO, ROOT

GO = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n'


def project(folder: Path, text: str = GO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "go.mod").write_text(GO_MOD)
    (folder / "main.go").write_text(HELLO)
    (folder / "Dockerfile").write_text(text)
    return folder / "Dockerfile"


def convert(*args: str):
    config.find.cache_clear()
    config.read.cache_clear()
    from converter import options

    options._catalogue.cache_clear()
    return CliRunner().invoke(app, ["convert", *map(str, args)])


def runtime_from(out: str) -> str:
    return [line for line in out.splitlines() if line.startswith("FROM ")][-1]


@pytest.fixture
def repo(tmp_path):
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_pyproject_sets_the_runtime_and_the_stage_name(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.stagesplit]\nruntime = "distroless"\nstage-name = "compile"\n')
    df = project(repo / "svc")
    r = convert(df)
    assert r.exit_code == 0, r.output
    assert runtime_from(r.stdout).startswith("FROM gcr.io/distroless/")
    assert "FROM golang:1.22 AS compile" in r.stdout


def test_the_command_line_wins(repo):
    (repo / ".stagesplit.toml").write_text('runtime = "distroless"\nstage-name = "compile"\n')
    df = project(repo / "svc")
    r = convert(df, "--runtime", "alpine", "--stage-name", "b")
    assert runtime_from(r.stdout).startswith("FROM alpine:") and "AS b\n" in r.stdout


def test_stagesplit_toml_wins_over_pyproject_and_the_nearest_file_wins(repo):
    (repo / "pyproject.toml").write_text('[tool.stagesplit]\nruntime = "distroless"\n')
    (repo / ".stagesplit.toml").write_text('runtime = "alpine"\n')
    df = project(repo / "a" / "b")
    assert runtime_from(convert(df).stdout).startswith("FROM alpine:")
    (repo / "a" / "pyproject.toml").write_text('[tool.stagesplit]\nruntime = "scratch"\n')
    assert runtime_from(convert(df).stdout) == "FROM scratch"
    (repo / "a" / "pyproject.toml").write_text('[project]\nname = "no stagesplit table"\n')   # passed over
    assert runtime_from(convert(df).stdout).startswith("FROM alpine:")


def test_the_search_stops_at_the_repository_root(tmp_path):
    (tmp_path / ".stagesplit.toml").write_text('runtime = "scratch"\n')
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    df = project(tmp_path / "repo" / "svc")
    assert runtime_from(convert(df).stdout) != "FROM scratch"


def test_overrides_by_path_later_ones_win(repo):
    (repo / ".stagesplit.toml").write_text(
        'runtime = "alpine"\n'
        '[[overrides]]\npaths = ["services/**"]\nruntime = "distroless"\n'
        '[[overrides]]\npaths = ["services/edge/"]\nruntime = "scratch"\nstage-name = "edge"\n')
    assert runtime_from(convert(project(repo / "tools" / "t")).stdout).startswith("FROM alpine:")
    assert runtime_from(convert(project(repo / "services" / "api")).stdout).startswith("FROM gcr.io/distroless/")
    out = convert(project(repo / "services" / "edge")).stdout
    assert runtime_from(out) == "FROM scratch" and "AS edge" in out


def test_an_override_gives_the_build_context(repo):
    (repo / "ctx" / "go.mod").parent.mkdir()
    (repo / "ctx" / "go.mod").write_text(GO_MOD)
    (repo / "ctx" / "main.go").write_text(HELLO)
    (repo / "docker").mkdir()
    (repo / "docker" / "Dockerfile").write_text(GO)
    r = convert(repo / "docker" / "Dockerfile")
    assert r.exit_code == 0
    (repo / ".stagesplit.toml").write_text('[[overrides]]\npaths = ["docker/Dockerfile"]\ncontext = "ctx"\n')
    r2 = convert(repo / "docker" / "Dockerfile")
    assert r2.exit_code == 0 and "COPY --from=" in r2.stdout


def test_an_ignore_override_leaves_the_file_unchanged_in_convert(repo):
    (repo / "pyproject.toml").write_text('[tool.stagesplit]\n[[tool.stagesplit.overrides]]\npaths = ["legacy/"]\n'
                                         'ignore = true\nreason = "frozen"\n')
    df = project(repo / "legacy" / "api")
    r = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(df)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == GO
    assert "left unchanged (SS025): ignored by the configuration: " in r.stderr
    assert "pyproject.toml: overrides[0] (paths legacy/): frozen" in r.stderr
    assert convert(project(repo / "api")).stdout != GO


def test_base_rows_replace_the_catalogue_images(repo):
    (repo / ".stagesplit.toml").write_text('runtime = "alpine"\n[[base]]\nname = "alpine"\nimage = "mirror.example.com/alpine:{release}"\n')
    assert runtime_from(convert(project(repo / "svc")).stdout).startswith("FROM mirror.example.com/alpine:")


@pytest.mark.parametrize("text, named", [
    ('runtime = "fast"\n', "runtime: 'fast': expected one of"),
    ('stage_name = "x"\n', "stage_name: unknown key (did you mean stage-name?)"),
    ('buildkit = "yes"\n', "buildkit: expected true or false"),
    ('[[overrides]]\nruntime = "alpine"\n', "overrides[0].paths: required"),
    ('[[overrides]]\npaths = ["a/"]\nignore = 1\n', "overrides[0].ignore: expected true or false"),
    ('max-size = "lots"\n', "max-size:"),
    ('[[base]]\nname = "newbase"\n', "new base 'newbase' lacks"),
    ('runtime = \n', "not valid TOML"),
])
def test_a_mistake_is_one_line_naming_the_file_and_the_key(repo, text, named):
    (repo / ".stagesplit.toml").write_text(text)
    df = project(repo / "svc")
    r = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(df)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and ".stagesplit.toml" in r.stderr and named in r.stderr, r.stderr


def test_pyproject_mistakes_name_the_table(repo):
    (repo / "pyproject.toml").write_text('[tool.stagesplit]\nclosure = "wide"\n')
    df = project(repo / "svc")
    r = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(df)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "pyproject.toml: tool.stagesplit.closure: 'wide'" in r.stderr


def test_batch_reads_excludes_ignores_and_settings_per_repository(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for repo in (a, b):
        (repo / ".git").mkdir(parents=True)
    (a / ".stagesplit.toml").write_text('runtime = "distroless"\nexclude = ["vendor/"]\n'
                                        '[[overrides]]\npaths = ["legacy/"]\nignore = true\nreason = "frozen"\n')
    (b / ".stagesplit.toml").write_text('runtime = "fast"\n')     # broken: its files are errors, the batch goes on
    project(a / "svc")
    project(a / "vendor" / "x")
    project(a / "legacy" / "old")
    project(b / "svc")
    r = subprocess.run([sys.executable, "-m", "converter.cli", "batch", "-j", "2", str(tmp_path), "--format", "json"],
                       cwd=ROOT, capture_output=True, text=True)
    files = {f["path"]: f for f in json.loads(r.stdout)["files"]}
    assert set(files) == {str(a / "svc" / "Dockerfile"), str(a / "legacy" / "old" / "Dockerfile"), str(b / "svc" / "Dockerfile")}
    assert files[str(a / "svc" / "Dockerfile")]["runtime_base"].startswith("gcr.io/distroless/")
    ignored = files[str(a / "legacy" / "old" / "Dockerfile")]
    assert (ignored["status"], ignored["code"]) == ("unchanged", "SS025") and "frozen" in ignored["reason"]
    broken = files[str(b / "svc" / "Dockerfile")]
    assert broken["status"] == "error" and "runtime: 'fast'" in broken["reason"]
    assert r.returncode == 5
