"""The engine tests' own Docker daemon: started when needed, never the user's.

The engine tests tag locally built stand-ins with public names (``alpine:3.22``
without apk, ``golang:1.19``, ...; see standins.py) and build throwaway images.
Doing that on a daemon the user already has would replace their images, so
the suite runs a daemon of its own, next to any other and sharing no state
with it:

    socket      unix:///run/stagesplit-docker.sock        (DOCKER_HOST below)
    data root   /var/lib/stagesplit-docker                 (images: the stand-in cache)
    exec root   /run/stagesplit-docker                     (runtime state, daemon.json)
    pid file    /run/stagesplit-docker.pid
    containerd  its own, /run/stagesplit-docker/containerd/containerd.sock,
                root /var/lib/stagesplit-docker/containerd
    logs        /tmp/stagesplit-dockerd.log, /tmp/stagesplit-containerd.log

dockerd runs with no iptables and no default bridge (containers get no network
unless run with ``--network host``), with a daemon.json of its own (so the
user's /etc/docker/daemon.json does not apply and /etc/docker/key.json is not
written) and containerd namespace ``stagesplit``.  containerd is started here
rather than left to dockerd because dockerd attaches to the system containerd
(/run/containerd/containerd.sock) whenever that one runs, and starts its own
only when none does.

The daemon outlives the test run: the next run finds it, with the stand-ins
in its data root.  ``python -m tests.engine.dockerd --stop`` stops it (and
its containerd); removing /var/lib/stagesplit-docker then removes its images.

    DOCKER_HOST                             the private daemon's address
    docker_env(base=None) -> dict           environment whose docker CLI/SDK reach only it
    client(timeout=600)                     docker SDK client for it
    engine_available() -> bool
    ensure_engine(start=True, progress=None) -> None | str   # None = it answers, else why not
    stop_engine() -> str

``python -m tests.engine.dockerd`` runs ``ensure_engine`` and exits non-zero
with the reason when the daemon cannot be had.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

SOCKET = "/run/stagesplit-docker.sock"
DOCKER_HOST = f"unix://{SOCKET}"
DATA_ROOT = "/var/lib/stagesplit-docker"
EXEC_ROOT = "/run/stagesplit-docker"
DOCKERD_PIDFILE = "/run/stagesplit-docker.pid"
DOCKERD_CONFIG = f"{EXEC_ROOT}/daemon.json"
DOCKERD_LOG = "/tmp/stagesplit-dockerd.log"
CONTAINERD_DIR = f"{EXEC_ROOT}/containerd"
CONTAINERD_SOCKET = f"{CONTAINERD_DIR}/containerd.sock"
CONTAINERD_CONFIG = f"{CONTAINERD_DIR}/containerd.toml"
CONTAINERD_PIDFILE = f"{CONTAINERD_DIR}/containerd.pid"
CONTAINERD_ROOT = f"{DATA_ROOT}/containerd"
CONTAINERD_LOG = "/tmp/stagesplit-containerd.log"
CONTAINERD_NAMESPACE = "stagesplit"
START_LOCK = "/run/stagesplit-docker.lock"
START_TIMEOUT = 60.0

# The user's default daemon, for the record (never used here).
DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock"

DOCKERD_ARGS = [
    "--iptables=false", "--ip6tables=false", "--bridge=none",
    f"--host={DOCKER_HOST}",
    f"--data-root={DATA_ROOT}",
    f"--exec-root={EXEC_ROOT}",
    f"--pidfile={DOCKERD_PIDFILE}",
    f"--config-file={DOCKERD_CONFIG}",
    f"--containerd={CONTAINERD_SOCKET}",
    f"--containerd-namespace={CONTAINERD_NAMESPACE}",
    f"--containerd-plugins-namespace={CONTAINERD_NAMESPACE}-plugins",
]

# Everything else in daemon.json stays at dockerd's defaults; the trust key
# would otherwise go to /etc/docker/key.json, shared with the default daemon.
DOCKERD_CONFIG_JSON = {"deprecated-key-path": f"{DATA_ROOT}/key.json"}

# As dockerd's own supervisor writes it for a containerd it manages, with our paths.
CONTAINERD_TOML = f"""\
version = 2
root = "{CONTAINERD_ROOT}/daemon"
state = "{CONTAINERD_DIR}/daemon"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "{CONTAINERD_SOCKET}"

[debug]
  level = "info"

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "{CONTAINERD_ROOT}/opt"
  [plugins."io.containerd.runtime.v1.linux"]
    runtime_root = "{CONTAINERD_ROOT}/runc"
"""

# Variables that would point a docker CLI/SDK at some other daemon or context.
FOREIGN_ENV = ("DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "DOCKER_TLS")

Progress = Callable[[str], None]


def docker_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default os.environ) with DOCKER_HOST set to the private daemon."""
    env = dict(os.environ if base is None else base)
    for key in FOREIGN_ENV:
        env.pop(key, None)
    env["DOCKER_HOST"] = DOCKER_HOST
    return env


def client(timeout: int = 600):
    """A docker SDK client for the private daemon (raises if the SDK is missing)."""
    import docker  # type: ignore[import-not-found]

    return docker.DockerClient(base_url=DOCKER_HOST, timeout=timeout)


def _ping_sdk(timeout: float) -> bool | None:
    """True/False from the docker SDK; None when the SDK is not installed."""
    try:
        import docker  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return None
    try:
        c = client(timeout=max(1, int(timeout)))
        try:
            return bool(c.ping())
        finally:
            c.close()
    except Exception:
        return False


def _ping_cli(timeout: float) -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        proc = subprocess.run(
            ["docker", "version", "--format", "{{.Server.Version}}"],
            env=docker_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and bool(proc.stdout.strip())


def engine_available(timeout: float = 3.0) -> bool:
    """Whether the private daemon answers (docker SDK ping; the CLI if no SDK)."""
    if not os.path.exists(SOCKET):
        return False
    ok = _ping_sdk(timeout)
    if ok is None:
        ok = _ping_cli(timeout)
    return ok


def _containerd_answers() -> bool:
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(2.0)
        try:
            s.connect(CONTAINERD_SOCKET)
        except OSError:
            return False
    return True


def _log_tail(path: str, lines: int = 5) -> str:
    try:
        with open(path, errors="replace") as fh:
            tail = fh.read().splitlines()[-lines:]
    except OSError:
        return ""
    return " | ".join(line.strip() for line in tail)


def _pid_state(pid: int) -> str | None:
    """The process state letter of pid, None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return [a.decode(errors="replace") for a in fh.read().split(b"\0") if a]
    except OSError:
        return []


def _our_pid(pidfile: str, marker: str) -> int | None:
    """The live process a pid file of ours names, if its command line has ``marker``.

    /run is not a tmpfs on these machines, so a killed daemon's pid file
    survives (even a reboot), and its pid may since belong to anything else.
    """
    try:
        pid = int(Path(pidfile).read_text().strip() or 0)
    except (OSError, ValueError):
        return None
    if pid <= 0 or _pid_state(pid) in (None, "Z", "X"):
        return None
    return pid if any(marker in arg for arg in _cmdline(pid)) else None


def _clear_stale_pidfile(pidfile: str, marker: str) -> None:
    # dockerd refuses to start while the pid in its pid file exists, zombies included.
    if _our_pid(pidfile, marker) is None:
        with contextlib.suppress(OSError):
            os.unlink(pidfile)


@contextlib.contextmanager
def _start_lock() -> Iterator[None]:
    """One starter at a time (two test sessions, a CI step)."""
    with open(START_LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _spawn(cmd: list[str], log_path: str) -> subprocess.Popen:
    with open(log_path, "ab") as log:
        # A new session so that the daemon outlives this Python process
        # (tests, .ci/install.sh) and is not hit by its terminal's signals.
        return subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True, cwd="/",
        )


def _wait(ready: Callable[[], bool], proc: subprocess.Popen, what: str, log: str,
          timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return None
        rc = proc.poll()
        if rc is not None:
            if ready():  # lost a race with another starter that now answers
                return None
            return f"{what} exited with status {rc} (log {log}: {_log_tail(log)})"
        time.sleep(0.3)
    return f"{what} (pid {proc.pid}) did not answer within {timeout:.0f}s (log {log}: {_log_tail(log)})"


def _start_containerd(timeout: float) -> str | None:
    os.makedirs(CONTAINERD_DIR, exist_ok=True)
    os.makedirs(CONTAINERD_ROOT, exist_ok=True)
    Path(CONTAINERD_CONFIG).write_text(CONTAINERD_TOML)
    _clear_stale_pidfile(CONTAINERD_PIDFILE, CONTAINERD_CONFIG)
    if _our_pid(CONTAINERD_PIDFILE, CONTAINERD_CONFIG) is not None:
        return f"containerd (pid file {CONTAINERD_PIDFILE}) runs but does not answer on {CONTAINERD_SOCKET}"
    with contextlib.suppress(OSError):
        os.unlink(CONTAINERD_SOCKET)
    proc = _spawn(["containerd", "--config", CONTAINERD_CONFIG], CONTAINERD_LOG)
    Path(CONTAINERD_PIDFILE).write_text(f"{proc.pid}\n")
    return _wait(_containerd_answers, proc, "containerd", CONTAINERD_LOG, timeout)


def _start_dockerd(timeout: float) -> str | None:
    os.makedirs(EXEC_ROOT, exist_ok=True)
    os.makedirs(DATA_ROOT, exist_ok=True)
    Path(DOCKERD_CONFIG).write_text(json.dumps(DOCKERD_CONFIG_JSON, indent=2) + "\n")
    _clear_stale_pidfile(DOCKERD_PIDFILE, f"--pidfile={DOCKERD_PIDFILE}")
    proc = _spawn(["dockerd", *DOCKERD_ARGS], DOCKERD_LOG)
    return _wait(lambda: engine_available(timeout=2.0), proc, "dockerd", DOCKERD_LOG, timeout)


def ensure_engine(start: bool = True, timeout: float = START_TIMEOUT,
                  progress: Progress | None = None) -> str | None:
    """Return None when the private daemon answers, else a one-line reason.

    When it does not answer and ``start`` is true, start its containerd and
    dockerd in the background (we must be root), and wait up to ``timeout``
    seconds for each.  Tests use the reason to skip.  Another daemon (the
    default one, DOCKER_HOST's) is never looked at, started or stopped.
    """
    if engine_available() and _containerd_answers():
        return None
    if not start:
        return f"the private Docker daemon ({DOCKER_HOST}) does not answer (not starting it: start=False)"
    for binary, package in (("dockerd", "docker.io"), ("containerd", "containerd")):
        if shutil.which(binary) is None:
            return f"{binary} is not installed (apt-get install {package})"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "starting the tests' own dockerd needs root"
    if shutil.which("docker") is None and _ping_sdk(1.0) is None:
        return "neither the docker CLI nor the docker Python SDK is installed"

    say = progress or (lambda text: None)
    with _start_lock():
        t0 = time.monotonic()
        if not _containerd_answers():
            if _our_pid(DOCKERD_PIDFILE, f"--pidfile={DOCKERD_PIDFILE}") is not None:
                # Its containerd died: dockerd would take long to reconnect.
                say("restarting the tests' own dockerd: its containerd had stopped")
                _stop(DOCKERD_PIDFILE, f"--pidfile={DOCKERD_PIDFILE}", "dockerd")
            say(f"starting the tests' own containerd ({CONTAINERD_SOCKET})")
            reason = _start_containerd(timeout)
            if reason:
                return reason
        if not engine_available():
            say(f"starting the tests' own dockerd ({DOCKER_HOST}, data root {DATA_ROOT})")
            reason = _start_dockerd(timeout)
            if reason:
                return reason
            say(f"dockerd ready in {time.monotonic() - t0:.1f}s")
    return None


def _stop(pidfile: str, marker: str, what: str, timeout: float = 30.0) -> str:
    pid = _our_pid(pidfile, marker)
    if pid is None:
        _clear_stale_pidfile(pidfile, marker)
        return f"{what}: not running"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid_state(pid) not in (None, "Z", "X"):
        if time.monotonic() > deadline:
            return f"{what} (pid {pid}): still running {timeout:.0f}s after SIGTERM"
        time.sleep(0.2)
    return f"{what} (pid {pid}): stopped"


def stop_engine() -> str:
    """Stop the private dockerd and its containerd (no other daemon)."""
    with _start_lock():
        lines = [_stop(DOCKERD_PIDFILE, f"--pidfile={DOCKERD_PIDFILE}", "dockerd"),
                 _stop(CONTAINERD_PIDFILE, CONTAINERD_CONFIG, "containerd")]
    return "; ".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-start", action="store_true", help="only check, never start dockerd")
    parser.add_argument("--stop", action="store_true", help="stop the private dockerd and its containerd")
    parser.add_argument("--timeout", type=float, default=START_TIMEOUT)
    args = parser.parse_args(argv)
    if args.stop:
        print(f"docker engine ({DOCKER_HOST}): {stop_engine()}")
        return 0
    t0 = time.monotonic()
    reason = ensure_engine(start=not args.no_start, timeout=args.timeout,
                           progress=lambda text: print(f"docker engine: {text}", flush=True))
    if reason is not None:
        print(f"docker engine ({DOCKER_HOST}): unavailable: {reason}", file=sys.stderr)
        return 1
    print(f"docker engine: ready ({time.monotonic() - t0:.1f}s): {DOCKER_HOST}, data root {DATA_ROOT}")
    print(f"  use it:  export DOCKER_HOST={DOCKER_HOST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
