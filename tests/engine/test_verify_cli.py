"""`stagesplit verify` as a user runs it, on the seed bookstore case."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ..conftest import CORPUS
from .dockerd import docker_env

pytestmark = pytest.mark.engine
BOOKSTORE = CORPUS / "go" / "bookstore"


def verify(*args):
    # The tests' own daemon, never the user's (see dockerd.py).
    return subprocess.run([sys.executable, "-m", "converter.cli", "verify", *args], capture_output=True, text=True,
                          env=docker_env())


def test_verify_bookstore_prints_equal_behaviour_and_sizes(engine, standins):
    standins(["golang:1.19-alpine", "alpine:3.22"])
    r = verify("--probe-http", "8080/", "--probe-http", "8080/books", str(BOOKSTORE / "Dockerfile"))
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout
    for row in ("build ok", "probe equal", "config equal", "size", "layers", "build time"):
        assert row in out
    assert "NO" not in out and "x smaller" in out
    print(out)   # the table README shows


def test_verify_json(engine, standins):
    standins(["golang:1.19-alpine", "alpine:3.22"])
    r = verify("--json", "--probe-cmd", "", "--runtime", "alpine", str(CORPUS / "go" / "path-binary" / "Dockerfile"))
    data = json.loads(r.stdout)
    assert r.returncode == 0 and data["ok"] and data["probe_equal"] and data["ratio"] > 1
    assert data["original"]["probe"][0] == ["exit", "0"]


def test_verify_catches_a_runtime_stage_missing_its_templates(engine, standins):
    """The proof can fail: drop the templates COPY and the probe must differ."""
    from converter.parse import read
    from converter.verify import Probe, run_verify

    standins(["golang:1.19-alpine", "alpine:3.22"])
    df = read(str(BOOKSTORE / "Dockerfile"))
    good = (BOOKSTORE / "expected.Dockerfile").read_text()
    broken = "\n".join(ln for ln in good.splitlines() if "/home/templates" not in ln) + "\n"
    assert broken != good
    report = run_verify(df, broken, True, "test", str(BOOKSTORE), Probe(http_port=8080, http_paths=("/",)), "bookstore")
    assert report.original.built and report.converted.built
    assert not report.ok and not report.probe_equal


def test_http_probe_refuses_a_port_someone_else_holds(engine, standins):
    import socket

    from converter.engine import probe_http

    standins(["alpine:3.22"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = probe_http(engine, "alpine:3.22", port, ["/"])
    assert r.error == f"port {port} is already in use on this machine" and r.observations == ()


def test_verify_leaves_no_image_behind(engine, standins):
    """Every image a verify run builds (both files, the build stage, each step) is removed: on a
    user's daemon a verify run must leave it as it found it."""
    from converter.parse import read
    from converter.verify import Probe, run_verify

    standins(["golang:1.19-alpine", "alpine:3.22"])
    case = CORPUS / "go" / "path-binary"
    df = read(str(case / "Dockerfile"))
    converted = (case / "expected.Dockerfile").read_text()
    before = {i["Id"] for i in engine.api.images(all=True)}
    report = run_verify(df, converted, True, "test", str(case), Probe(cmd=()), "path-binary")
    assert report.original.built and report.converted and report.converted.built
    after = {i["Id"] for i in engine.api.images(all=True)}
    assert after - before == set(), f"verify left {len(after - before)} images behind"
    assert before - after == set(), "verify removed images it did not build"
    assert engine.containers.list(all=True) == []
