"""The configuration (`[tool.stagesplit]` in pyproject.toml, `.stagesplit.toml`), as `convert` and
`batch` read it: which file applies, what it sets, that the command line wins, and one clear line
for a mistake."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import GO_MOD, HELLO, ROOT
from .test_cli import invoke

GO = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n'


def project(folder: Path, text: str = GO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "go.mod").write_text(GO_MOD)
    (folder / "main.go").write_text(HELLO)
    (folder / "Dockerfile").write_text(text)
    return folder / "Dockerfile"


def convert(*args):
    return invoke("convert", *args)


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


def test_config_file_replaces_the_nearest_configuration(repo):
    (repo / ".stagesplit.toml").write_text('runtime = "alpine"\n')
    (repo / "ci").mkdir()
    (repo / "ci" / "stagesplit.toml").write_text('runtime = "scratch"\nstage-name = "ci"\n')
    df = project(repo / "svc")
    assert runtime_from(convert(df).stdout).startswith("FROM alpine:")
    r = convert("--config", repo / "ci" / "stagesplit.toml", df)
    assert r.exit_code == 0, r.output
    assert runtime_from(r.stdout) == "FROM scratch" and "AS ci\n" in r.stdout
    r = convert("--config", repo / "ci" / "stagesplit.toml", "--runtime", "distroless", df)   # the command line still wins
    assert runtime_from(r.stdout).startswith("FROM gcr.io/distroless/") and "AS ci\n" in r.stdout


def test_config_file_may_be_a_pyproject_and_explain_reads_it(repo, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("shared") / "pyproject.toml"
    elsewhere.write_text('[project]\nname = "x"\n\n[tool.stagesplit]\nruntime = "distroless"\n')
    df = project(repo / "svc")
    assert runtime_from(convert("--config", elsewhere, df).stdout).startswith("FROM gcr.io/distroless/")
    r = invoke("explain", "--config", elsewhere, df)
    assert r.exit_code == 0 and "runtime base: gcr.io/distroless/" in r.stdout, r.output
    assert "runtime base: gcr.io/distroless/" not in invoke("explain", df).stdout


def test_no_config_applies_none(repo):
    (repo / "pyproject.toml").write_text('[tool.stagesplit]\nruntime = "scratch"\nstage-name = "compile"\n'
                                         '[[tool.stagesplit.overrides]]\npaths = ["legacy/"]\nignore = true\n')
    df = project(repo / "svc")
    assert runtime_from(convert(df).stdout) == "FROM scratch"
    r = convert("--no-config", df)
    assert r.exit_code == 0, r.output
    assert runtime_from(r.stdout) != "FROM scratch" and "AS build\n" in r.stdout
    legacy = project(repo / "legacy" / "api")
    assert convert(legacy).stdout == GO                    # ignored by the configuration
    assert "AS build\n" in convert("--no-config", legacy).stdout
    (repo / "pyproject.toml").write_text('[tool.stagesplit]\nruntime = "fast"\n')   # broken, and not read
    assert convert("--no-config", df).exit_code == 0
    (repo / "pyproject.toml").write_text('[tool.stagesplit]\nruntime = "scratch"\n')
    assert "runtime base: scratch" in invoke("explain", df).stdout
    r = invoke("explain", "--no-config", df)
    assert r.exit_code == 0 and "runtime base: scratch" not in r.stdout


@pytest.mark.parametrize("given, named", [
    ("missing.toml", "--config {path}: No such file or directory"),
    ("folder", "--config {path}: Is a directory"),
    ("empty-pyproject/pyproject.toml", "--config {path}: no [tool.stagesplit] table in it"),
    ("bad.toml", "bad.toml: stage_name: unknown key"),
])
@pytest.mark.parametrize("command", ["convert", "explain", "verify"])
def test_a_config_file_that_cannot_be_used_is_one_line(repo, given, named, command):
    (repo / "folder").mkdir()
    (repo / "empty-pyproject").mkdir()
    (repo / "empty-pyproject" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (repo / "bad.toml").write_text('stage_name = "x"\n')
    df = project(repo / "svc")
    before = df.read_text()
    r = invoke(command, "--config", repo / given, df)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("stagesplit: error: ")
    assert named.format(path=repo / given) in r.stderr, r.stderr
    assert df.read_text() == before and sorted(p.name for p in df.parent.iterdir()) == ["Dockerfile", "go.mod", "main.go"]


@pytest.mark.parametrize("command", ["convert", "explain", "verify", "batch"])
def test_config_and_no_config_exclude_each_other(repo, command):
    (repo / "c.toml").write_text('runtime = "scratch"\n')
    r = invoke(command, "--config", repo / "c.toml", "--no-config", project(repo / "svc"))
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == "stagesplit: error: --config and --no-config exclude each other\n"


def test_batch_takes_config_and_no_config(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".stagesplit.toml").write_text('runtime = "scratch"\nexclude = ["old/"]\n')
    project(repo / "svc")
    project(repo / "old")
    project(repo / "tools")
    (tmp_path / "ci.toml").write_text('runtime = "distroless"\nexclude = ["repo/tools/"]\n')   # globs: from ci.toml's folder

    def runtimes(*flags) -> dict[str, str]:
        r = subprocess.run([sys.executable, "-m", "converter.cli", "batch", "-j", "1", str(repo), "--format", "json", *flags],
                           cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return {Path(f["path"]).parent.name: f["runtime_base"] for f in json.loads(r.stdout)["files"]}

    assert runtimes() == {"svc": "scratch", "tools": "scratch"}
    given = runtimes("--config", str(tmp_path / "ci.toml"))
    assert set(given) == {"svc", "old"} and all(r.startswith("gcr.io/distroless/") for r in given.values())
    none = runtimes("--no-config")
    assert set(none) == {"svc", "old", "tools"}
    assert not any(r == "scratch" or r.startswith("gcr.io/distroless/") for r in none.values())
    r = subprocess.run([sys.executable, "-m", "converter.cli", "batch", str(repo), "--config", str(tmp_path / "missing.toml")],
                       cwd=ROOT, capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"stagesplit: error: --config {tmp_path / 'missing.toml'}: No such file or directory\n"
