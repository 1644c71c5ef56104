"""Engine fixtures: the tests' own Docker daemon (started if needed) and the stand-in base images.

Everything runs on a private daemon (dockerd.py: unix:///run/stagesplit-docker.sock, data
root /var/lib/stagesplit-docker), never on one the user has: each engine test runs with
DOCKER_HOST pointing there, and the user's daemons are snapshotted before the private one
is touched, for test_isolation.py to compare at the end.

Where no engine can be had, engine tests skip with one line saying why; under CI=true
they fail instead, because CI must prove every conversion on a real engine."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import time

import pytest

from . import userdaemons
from .dockerd import DATA_ROOT, DOCKER_HOST, FOREIGN_ENV, client, ensure_engine

RESULTS: list[tuple[str, str]] = []   # (case, "size before -> after, ratio"), printed at the end
TIDY: list[str] = []                  # what the session-end clean-up removed, printed at the end

# The environment the session started with: which daemons are the user's.
USER_ENV = dict(os.environ)
# Held shared by every test session using the private daemon; the last one out tidies it.
SESSIONS_LOCK = "/run/stagesplit-docker.sessions.lock"
VERIFY_REPOS = ("stagesplit-verify/",)   # run_verify's image tags


def pytest_configure(config):
    config.addinivalue_line("markers", "engine_last: run after every other test (engine isolation checks)")


def pytest_collection_modifyitems(session, config, items):
    last = [i for i in items if i.get_closest_marker("engine_last")]
    if last:
        items[:] = [i for i in items if not i.get_closest_marker("engine_last")] + last


class Say:
    """Lines on the terminal while pytest captures output: a cold run builds stand-ins for
    minutes. ``say(text, end="\\n")`` like print; each line starts "stagesplit engine: "."""

    def __init__(self, config):
        self.config = config
        self.midline = False

    def __call__(self, text: str, end: str = "\n") -> None:
        pm = self.config.pluginmanager
        tr, capman = pm.get_plugin("terminalreporter"), pm.get_plugin("capturemanager")
        if not self.midline:
            text = "stagesplit engine: " + text
        with capman.global_and_fixture_disabled() if capman else contextlib.nullcontext():
            if tr is None:
                stream = sys.__stderr__
                stream.write(text + end)
                stream.flush()
            else:
                if not self.midline:
                    tr.ensure_newline()
                    if getattr(getattr(tr, "_tw", None), "width_of_current_line", 0):
                        tr.write("\n")   # after -q's progress dots
                tr.write(text + end, flush=True)
        self.midline = not end.endswith("\n")


@pytest.fixture(scope="session")
def say(pytestconfig):
    return Say(pytestconfig)


def _install_missing(say) -> str | None:
    """Debian's docker.io, containerd and mmdebstrap, when missing and we may install them."""
    wanted = (("docker.io", "dockerd"), ("docker.io", "docker"), ("containerd", "containerd"),
              ("mmdebstrap", "mmdebstrap"))
    missing = sorted({pkg for pkg, binary in wanted if shutil.which(binary) is None})
    if not missing:
        return None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return f"{', '.join(missing)} missing and cannot be installed here (needs root and apt-get)"
    say(f"installing {' '.join(missing)} with apt-get... ", end="")
    t0 = time.monotonic()
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            say("failed")
            return f"`{' '.join(cmd)}` failed: {(r.stderr or r.stdout).strip().splitlines()[-1:]}"
    say(f"done in {time.monotonic() - t0:.0f}s")
    return None


@pytest.fixture(scope="session")
def user_daemons():
    """The user's daemons as they were before the private one was touched."""
    return userdaemons.snapshot(USER_ENV)


def _tidy(cli) -> list[str]:
    """Remove what the tests built and left on the private daemon: run_verify's images from an
    interrupted run, stopped containers, the dangling images the legacy builder leaves (the
    build stage of every multi-stage build, failed steps), unused volumes. The stand-ins stay."""
    done = []
    for img in cli.images.list():
        if all(t.startswith(VERIFY_REPOS) for t in img.tags) and img.tags:
            with contextlib.suppress(Exception):
                cli.images.remove(img.id, force=True)
                done.append(f"image {', '.join(img.tags)}")
    n = len(cli.containers.prune().get("ContainersDeleted") or [])
    if n:
        done.append(f"{n} stopped containers")
    n = len(cli.images.list(filters={"dangling": True}))
    r = cli.images.prune(filters={"dangling": True})
    if n:
        done.append(f"{n} dangling images ({(r.get('SpaceReclaimed') or 0) / 1e6:.0f} MB)")
    n = len(cli.volumes.prune().get("VolumesDeleted") or [])
    if n:
        done.append(f"{n} volumes")
    return done


@pytest.fixture(scope="session")
def engine(user_daemons, say):
    """A docker SDK client for the tests' own daemon (started when it is not running)."""
    reason = _install_missing(say) or ensure_engine(progress=say)
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs a Docker engine: {reason}")
        pytest.skip(f"no Docker engine: {reason}")
    lock = open(SESSIONS_LOCK, "a")
    fcntl.flock(lock, fcntl.LOCK_SH)
    cli = client()
    try:
        yield cli
    finally:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass   # another session still uses the daemon: it tidies when it ends
        else:
            from .standins import build_lock

            with build_lock():   # not under a stand-in build
                TIDY.extend(_tidy(cli))
        finally:
            lock.close()
            cli.close()


@pytest.fixture(autouse=True)
def _private_docker_host(monkeypatch):
    """Each engine test reaches the private daemon only: converter.engine.client()
    (docker.from_env), `stagesplit verify` subprocesses, the docker CLI."""
    for key in FOREIGN_ENV:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("DOCKER_HOST", DOCKER_HOST)


@pytest.fixture(scope="session")
def standins(engine, say):
    from .standins import StandinError, ensure_standins

    def ensure(tags):
        try:
            ensure_standins(sorted(set(tags)), progress=say)
        except StandinError as exc:
            pytest.fail(f"stand-in images: {exc}")

    return ensure


def pytest_terminal_summary(terminalreporter):
    if RESULTS:
        terminalreporter.section("stagesplit: image sizes (original -> converted)")
        for case, line in RESULTS:
            terminalreporter.write_line(f"{case:32} {line}")
    if TIDY:
        terminalreporter.write_line(f"stagesplit engine: removed from the private daemon ({DOCKER_HOST}, "
                                    f"data root {DATA_ROOT}): {'; '.join(TIDY)}")
