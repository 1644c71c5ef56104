"""The pre-commit hook (.pre-commit-hooks.yaml): its entry run as pre-commit runs it (entry,
then the staged files its `files`/`exclude` patterns select), and once through pre-commit
itself (`pre-commit try-repo`, which installs this repository into a fresh environment)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from converter.batch.discover import is_dockerfile_name

from .conftest import CORPUS, ROOT

REFUSED = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN ./configure\nCMD [\"/src/app\"]\n"


def hook(hook_id: str = "stagesplit") -> dict:
    (found,) = [h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()) if h["id"] == hook_id]
    return found


def selected(h: dict, paths: list[str]) -> list[str]:
    """The paths pre-commit hands the hook: `files` searched, `exclude` not (both re.search)."""
    return [p for p in paths if re.search(h["files"], p) and not re.search(h.get("exclude", "^$"), p)]


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(CORPUS / "go" / "bookstore", repo / "api")
    (repo / "api" / "expected.Dockerfile").unlink()                   # the corpus case's golden output
    (repo / "worker").mkdir()
    (repo / "worker" / "Dockerfile").write_text(REFUSED)
    (repo / "worker" / "Dockerfile.orig").write_text(REFUSED)        # a backup: never a hook input
    (repo / "README.md").write_text("Dockerfile notes\n")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)
    return repo


def run_hook(repo: Path, files: list[str], hook_id: str = "stagesplit") -> subprocess.CompletedProcess:
    h = hook(hook_id)
    argv = shlex.split(h["entry"]) + h.get("args", []) + files
    assert argv[0] == "stagesplit"
    argv = [sys.executable, "-m", "converter.cli", *argv[1:]]     # the console script of this checkout
    return subprocess.run(argv, cwd=repo, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


HOOKS = ("stagesplit", "stagesplit-fix")


@pytest.mark.parametrize("hook_id", HOOKS)
@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.prod", "api.Dockerfile", "web.dockerfile", "Containerfile",
                                  "Containerfile.dev", "Dockerfile.orig", "Dockerfile.j2", "Dockerfile.md", "README.md",
                                  "main.go", "Dockerfiles", "my-Dockerfile", ".dockerignore", "Dockerfile.dockerignore",
                                  ".stagesplit-Dockerfile.tmp", "Dockerfile~"])
def test_the_hook_selects_the_files_batch_finds(name, hook_id):
    for folder in ("", "services/api/"):
        assert bool(selected(hook(hook_id), [folder + name])) == is_dockerfile_name(name), folder + name


def test_the_fix_hook_rewrites_what_would_be_converted_and_keeps_no_backup(repo):
    original = (repo / "api" / "Dockerfile").read_text()
    expected = subprocess.run([sys.executable, "-m", "converter.cli", "convert", "api/Dockerfile"], cwd=repo,
                              capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    r = run_hook(repo, ["api/Dockerfile", "worker/Dockerfile"], "stagesplit-fix")
    assert r.returncode == 0, r.stderr           # pre-commit fails the commit because the file changed
    assert (repo / "api" / "Dockerfile").read_text() == expected != original
    assert not (repo / "api" / "Dockerfile.orig").exists()
    assert (repo / "worker" / "Dockerfile").read_text() == REFUSED          # left alone: untouched
    assert "stagesplit: worker/Dockerfile: left unchanged (SS007)" in r.stderr
    again = run_hook(repo, ["api/Dockerfile"], "stagesplit-fix")          # the next commit passes
    assert again.returncode == 0 and (repo / "api" / "Dockerfile").read_text() == expected


def test_the_hook_fails_with_the_diff_when_a_dockerfile_would_be_converted(repo):
    staged = subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True, check=True).stdout.split()
    files = selected(hook(), staged)
    assert files == ["api/Dockerfile", "worker/Dockerfile"]
    r = run_hook(repo, files)
    assert r.returncode == 1
    assert r.stdout.startswith("--- a/api/Dockerfile\n+++ b/api/Dockerfile\n") and "+FROM alpine:3.22\n" in r.stdout
    assert "worker/Dockerfile" not in r.stdout                      # nothing proposed there: no diff
    assert "stagesplit: api/Dockerfile: would be converted" in r.stderr
    assert "stagesplit: worker/Dockerfile: left unchanged (SS007)" in r.stderr
    assert (repo / "api" / "Dockerfile").read_text() == (CORPUS / "go" / "bookstore" / "Dockerfile").read_text()


def test_the_hook_passes_when_nothing_would_change(repo):
    converted = subprocess.run([sys.executable, "-m", "converter.cli", "convert", "api/Dockerfile"], cwd=repo,
                               capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    (repo / "api" / "Dockerfile").write_text(converted)             # already multi-stage now
    r = run_hook(repo, ["api/Dockerfile", "worker/Dockerfile"])
    assert r.returncode == 0 and r.stdout == ""


def test_an_unreadable_file_fails_the_hook_with_one_line_and_the_others_are_still_checked(repo):
    (repo / "broken.Dockerfile").write_text("FROM alpine\nWORKDIR\n")
    r = run_hook(repo, ["broken.Dockerfile", "api/Dockerfile"])
    assert r.returncode == 2
    assert "stagesplit: broken.Dockerfile: error: line 2: WORKDIR requires exactly one argument" in r.stderr
    assert "--- a/api/Dockerfile" in r.stdout


def test_pre_commit_itself_runs_the_hook(repo, tmp_path):
    """pre-commit installs this repository (its committed state) into a fresh environment and
    runs the hook on the files given."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("PYTHONPATH", None)
    r = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "stagesplit", "--files",
                        "api/Dockerfile", "worker/Dockerfile", "README.md", "api/pkg/main.go"],
                       cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "- hook id: stagesplit" in out and "- exit code: 1" in out
    assert "+++ b/api/Dockerfile" in out and "+FROM alpine:3.22" in out
    assert "worker/Dockerfile: left unchanged (SS007)" in out
    assert "README.md" not in out.split("- exit code: 1", 1)[1]
    # the fixing hook, from the same installed environment: it rewrites, and pre-commit says so
    r = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "stagesplit-fix", "--files",
                        "api/Dockerfile", "worker/Dockerfile"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    out = r.stdout + r.stderr
    assert r.returncode == 1 and "files were modified by this hook" in out, out
    assert (repo / "api" / "Dockerfile").read_text().count("FROM ") == 2
    assert not (repo / "api" / "Dockerfile.orig").exists()


def test_the_readme_config_names_this_hook():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("# .pre-commit-config.yaml\n", 1)[1].split("```", 1)[0]
    (entry,) = yaml.safe_load(block)["repos"]
    assert [h["id"] for h in entry["hooks"]] == [hook()["id"]] and entry["rev"]
    assert all(f"`{hook_id}`" in readme for hook_id in HOOKS)         # each hook is described
