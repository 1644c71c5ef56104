"""The command line as a user runs it: exit codes, outputs, files written or not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS

BOOKSTORE = CORPUS / "go" / "bookstore"


def run(*args, stdin: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def bookstore(tmp_path) -> Path:
    dest = tmp_path / "bookstore"
    shutil.copytree(BOOKSTORE, dest, ignore=shutil.ignore_patterns("expected.Dockerfile", "case.json"))
    return dest


def test_convert_prints_the_golden_file(bookstore):
    r = run("convert", bookstore / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (BOOKSTORE / "expected.Dockerfile").read_text()


def test_diff_is_a_unified_diff(bookstore):
    r = run("convert", "--diff", bookstore / "Dockerfile")
    assert r.returncode == 0
    assert "-FROM golang:1.19-alpine\n+FROM golang:1.19-alpine AS build\n" in r.stdout
    assert "+FROM alpine:3.22\n" in r.stdout


def test_in_place_keeps_orig_and_rewrites(bookstore):
    original = (bookstore / "Dockerfile").read_text()
    r = run("convert", "--in-place", bookstore / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert (bookstore / "Dockerfile.orig").read_text() == original
    assert (bookstore / "Dockerfile").read_text() == (BOOKSTORE / "expected.Dockerfile").read_text()
    assert not [p for p in os.listdir(bookstore) if p.startswith(".stagesplit-")]   # no temp files left


def test_check_exit_codes_and_writes_nothing(bookstore):
    before = (bookstore / "Dockerfile").read_text()
    r = run("convert", "--check", bookstore / "Dockerfile")
    assert r.returncode == 1 and r.stdout == ""
    assert (bookstore / "Dockerfile").read_text() == before and not (bookstore / "Dockerfile.orig").exists()
    expected = bookstore / "expected.Dockerfile"
    shutil.copy(BOOKSTORE / "expected.Dockerfile", expected)
    r = run("convert", "--check", expected)
    assert r.returncode == 0 and "left unchanged" in r.stderr


def test_stdin_with_context(bookstore):
    r = run("convert", "-", "--context", bookstore, stdin=(bookstore / "Dockerfile").read_text())
    assert r.returncode == 0 and r.stdout == (BOOKSTORE / "expected.Dockerfile").read_text()


def test_unchanged_prints_input_and_reason(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM nginx\nCOPY site /usr/share/nginx/html\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "i.html").write_text("x")
    r = run("convert", df)
    assert r.returncode == 0 and r.stdout == df.read_text()
    assert r.stderr.count("\n") == 1 and "left unchanged" in r.stderr


@pytest.mark.parametrize("content", ["", "RUN echo hi\n", "FROM alpine\nBOGUS x\n", "FROM\n", "\x00\x01binary"])
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, content):
    df = tmp_path / "Dockerfile"
    df.write_text(content)
    r = run("convert", "--in-place", df)
    assert r.returncode == 2
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("stagesplit: error:")
    assert df.read_text() == content and sorted(os.listdir(tmp_path)) == ["Dockerfile"]


def test_unreadable_and_bad_usage_exit_2(tmp_path):
    assert run("convert", tmp_path / "missing").returncode == 2
    assert run("convert", "--runtime", "busybox", tmp_path / "missing").returncode == 2
    assert run("convert", "--diff", "--in-place", BOOKSTORE / "Dockerfile").returncode == 2
    assert run("convert", "--in-place", "-", stdin="FROM x\n").returncode == 2


def test_explain_reports_effects_artifact_closure_decisions(bookstore):
    r = run("explain", bookstore / "Dockerfile")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "RUN  go build -o bookstore" in out and "builds: /home/bookstore" in out
    assert "writes: /home/go.mod" in out or "writes: /home/" in out
    assert "data files: /home/templates" in out
    assert "ParseGlob('templates/*')" in out
    assert "runtime base: alpine:3.22" in out and "linkage: static" in out


def test_explain_unchanged_says_why(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.19\nRUN ./configure\nCMD [\"x\"]\n")
    r = run("explain", df)
    assert r.returncode == 0 and "UNKNOWN" in r.stdout and "left unchanged" in r.stdout


@pytest.mark.parametrize("fmt, start", [("dot", "digraph provenance {"), ("mermaid", "flowchart LR")])
def test_explain_graph(bookstore, fmt, start):
    r = run("explain", "--graph", fmt, bookstore / "Dockerfile")
    assert r.returncode == 0 and r.stdout.startswith(start)
    assert "templates/index.html" in r.stdout and "produces" in r.stdout


def test_explain_graph_of_multistage_says_why(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.19 AS b\nRUN go version\nFROM alpine:3.22\nCMD [\"sh\"]\n")
    r = run("explain", "--graph", "dot", df)
    assert r.returncode == 0 and r.stdout == "" and "multi-stage" in r.stderr


def test_verify_without_engine_is_one_line(bookstore):
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    r = subprocess.run([sys.executable, "-m", "converter.cli", "verify", str(bookstore / "Dockerfile")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 3
    assert r.stderr.startswith("stagesplit: error: no Docker engine reachable") and len(r.stderr.strip().splitlines()) == 1


def test_verify_rejects_bad_probe_spec(bookstore):
    r = run("verify", "--probe-http", "notaport", bookstore / "Dockerfile")
    assert r.returncode == 2
    r = run("verify", "--probe-http", "80", "--probe-cmd", "x", bookstore / "Dockerfile")
    assert r.returncode == 2
