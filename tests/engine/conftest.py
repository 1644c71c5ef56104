"""Engine fixtures: a Docker engine (started if needed) and the stand-in base images.

Where no engine can be had, engine tests skip with one line saying why; under CI=true
they fail instead, because CI must prove every conversion on a real engine."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .dockerd import ensure_engine

RESULTS: list[tuple[str, str]] = []   # (case, "size before -> after, ratio"), printed at the end


def _install_missing() -> str | None:
    """Debian's docker.io and mmdebstrap, when missing and we may install them."""
    missing = [pkg for pkg, binary in (("docker.io", "dockerd"), ("mmdebstrap", "mmdebstrap")) if shutil.which(binary) is None]
    if not missing:
        return None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return f"{', '.join(missing)} missing and cannot be installed here (needs root and apt-get)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            return f"`{' '.join(cmd)}` failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}"
    return None


@pytest.fixture(scope="session")
def engine():
    reason = _install_missing() or ensure_engine()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs a Docker engine: {reason}")
        pytest.skip(f"no Docker engine: {reason}")
    from converter.engine import client

    return client()


@pytest.fixture(scope="session")
def standins(engine):
    from .standins import ensure_standins

    def ensure(tags):
        ensure_standins(sorted(set(tags)))

    return ensure


def pytest_terminal_summary(terminalreporter):
    if RESULTS:
        terminalreporter.section("stagesplit: image sizes (original -> converted)")
        for case, line in RESULTS:
            terminalreporter.write_line(f"{case:32} {line}")
