"""Shared helpers: convert a Dockerfile held in strings, with an in-memory build context."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from converter.context import in_memory
from converter.parse import parse
from converter.plan import Options, Plan, make_plan
from converter.render import render

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """The suite's caches (converter/user_cache.py, batch's result cache) go to a folder of its
    own, removed at the end: tests never read or fill the user's cache."""
    import atexit
    import shutil
    import tempfile

    if "STAGESPLIT_TEST_CACHE" not in os.environ:      # one folder for the whole run, xdist workers too
        folder = tempfile.mkdtemp(prefix="stagesplit-test-cache-")
        os.environ["STAGESPLIT_TEST_CACHE"] = folder
        atexit.register(shutil.rmtree, folder, True)
    os.environ["XDG_CACHE_HOME"] = os.environ["STAGESPLIT_TEST_CACHE"]
CORPUS = ROOT / "corpus"
PEER = ROOT.parent / "shared" / "peer"


def convert(dockerfile: str, files: dict[str, str] | None = None, **opts) -> tuple[Plan, str]:
    df = parse(dockerfile)
    plan = make_plan(df, in_memory(files or {}), Options(**opts))
    return plan, render(df, plan)


def runtime_part(text: str) -> str:
    """The text of the last stage (from its FROM line on)."""
    lines = text.splitlines()
    last = max(i for i, ln in enumerate(lines) if ln.startswith("FROM "))
    return "\n".join(lines[last:]) + "\n"


GO_MOD = "module example.com/app\n\ngo 1.19\n"
HELLO = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'


@pytest.fixture
def go_app():
    """A minimal Go module as context files."""
    return {"go.mod": GO_MOD, "main.go": HELLO}


def corpus_cases(ecosystem: str | None = None) -> list[Path]:
    base = CORPUS if ecosystem is None else CORPUS / ecosystem
    return sorted(p.parent for p in base.rglob("Dockerfile") if p.parent.joinpath("case.json").exists())


def peer_dir() -> Path:
    return Path(os.environ.get("STAGESPLIT_PEER", PEER))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test is a failure: CI proves everything (hadolint, the peer data,
    the engine), and a skip there would pass for a result it did not give."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which must run every test: {reason}"
