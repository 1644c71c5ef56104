"""`--diff` output is a patch: `patch` applies every diff the corpus produces, also to a file
with no final newline, and the result is the converted file byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .conftest import corpus_cases
from .test_cli import invoke

CASES = [c for c in corpus_cases() if (c / "expected.Dockerfile").exists()]


def _diff(path) -> str:
    """`stagesplit convert --diff`, run in this process (the command line itself is tested in
    test_cli: a process per case would make this the slowest test of the suite)."""
    runtime = json.loads((path.parent / "case.json").read_text()).get("runtime", "auto")
    r = invoke("convert", "--diff", "--runtime", runtime, path)
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs patch(1)")
@pytest.mark.parametrize("final_newline", [True, False], ids=["newline", "no-final-newline"])
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_patch_applies_the_diff(case, final_newline, tmp_path):
    app = tmp_path / case.name
    shutil.copytree(case, app)
    original = (case / "Dockerfile").read_text()
    if not final_newline:
        (app / "Dockerfile").write_text(original.rstrip("\n"))
    diff = _diff(app / "Dockerfile")
    r = subprocess.run(["patch", "-p1", "--dry-run", "-s"], input=diff.replace(f"a/{app}/", "a/").replace(f"b/{app}/", "b/"),
                       capture_output=True, text=True, cwd=app)
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(["patch", "-p1", "-s"], input=diff.replace(f"a/{app}/", "a/").replace(f"b/{app}/", "b/"),
                       capture_output=True, text=True, cwd=app)
    assert r.returncode == 0, r.stdout + r.stderr
    got = (app / "Dockerfile").read_text()
    if final_newline:
        assert got == (case / "expected.Dockerfile").read_text()
    else:
        assert "AS build" in got and got.endswith("\n")
