"""Find or start a Docker engine for the engine tests.

The machines this project runs on (developers' and CI) have no Docker engine
running by default and no route to any container registry.  ``ensure_engine``
starts ``dockerd`` itself when it can (binary present, we are root), in the
mode that works here: no iptables and no default bridge (containers get no
network unless run with ``--network host``).

    engine_available() -> bool
    ensure_engine(start=True) -> None | str   # None = engine answers, else why not

``python -m tests.engine.dockerd`` runs ``ensure_engine`` and exits non-zero
with the reason when no engine can be had.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

DOCKERD_LOG = "/tmp/stagesplit-dockerd.log"
DOCKERD_ARGS = ["--iptables=false", "--ip6tables=false", "--bridge=none"]
START_TIMEOUT = 60.0
DOCKERD_PIDFILE = "/var/run/docker.pid"
CONTAINERD_PIDFILE = "/var/run/docker/containerd/containerd.pid"


def _ping_sdk(timeout: float) -> bool | None:
    """True/False from the docker SDK; None when the SDK is not installed."""
    try:
        import docker  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        client = docker.from_env(timeout=max(1, int(timeout)))
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _ping_cli(timeout: float) -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        proc = subprocess.run(
            ["docker", "version", "--format", "{{.Server.Version}}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0 and bool(proc.stdout.strip())


def engine_available(timeout: float = 3.0) -> bool:
    """Whether a Docker engine answers (docker SDK ping; the CLI if no SDK)."""
    ok = _ping_sdk(timeout)
    if ok is None:
        ok = _ping_cli(timeout)
    return ok


def _log_tail(path: str, lines: int = 5) -> str:
    try:
        with open(path, "r", errors="replace") as fh:
            tail = fh.read().splitlines()[-lines:]
    except OSError:
        return ""
    return " | ".join(line.strip() for line in tail)


def _pid_alive(pid: int) -> bool:
    """Whether pid is a running process (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _clear_stale_pidfiles() -> None:
    """Remove pid files left by a dockerd/containerd that was killed.

    /run is not a tmpfs on these machines, so a killed daemon's pid file
    survives (even a reboot), and dockerd refuses to start while the pid in
    it exists, zombies included.
    """
    for path in (DOCKERD_PIDFILE, CONTAINERD_PIDFILE):
        try:
            with open(path) as fh:
                pid = int(fh.read().strip() or 0)
        except (OSError, ValueError):
            continue
        if pid <= 0 or not _pid_alive(pid):
            try:
                os.unlink(path)
            except OSError:
                pass


def _start_dockerd(log_path: str) -> subprocess.Popen:
    log = open(log_path, "ab")
    try:
        # A new session so that the daemon outlives this Python process
        # (tests, .ci/install.sh) and is not hit by its terminal's signals.
        return subprocess.Popen(
            ["dockerd", *DOCKERD_ARGS],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )
    finally:
        log.close()


def ensure_engine(start: bool = True, timeout: float = START_TIMEOUT) -> str | None:
    """Return None when a Docker engine answers, else a one-line reason.

    When none answers and ``start`` is true, start ``dockerd`` in the
    background (logging to ``DOCKERD_LOG``) if it exists and we are root, and
    wait up to ``timeout`` seconds for it.  Tests use the reason to skip.
    """
    if engine_available():
        return None
    if not start:
        return "no Docker engine answers (not starting one: start=False)"
    if shutil.which("dockerd") is None:
        return "no Docker engine answers and dockerd is not installed (apt-get install docker.io)"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "no Docker engine answers and starting dockerd needs root"
    if shutil.which("docker") is None and _ping_sdk(1.0) is None:
        return "neither the docker CLI nor the docker Python SDK is installed"

    _clear_stale_pidfiles()
    proc = _start_dockerd(DOCKERD_LOG)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if engine_available(timeout=2.0):
            return None
        rc = proc.poll()
        if rc is not None:
            # It may have lost a race with another starter that now answers.
            if engine_available(timeout=2.0):
                return None
            return (
                f"dockerd exited with status {rc} "
                f"(log {DOCKERD_LOG}: {_log_tail(DOCKERD_LOG)})"
            )
        time.sleep(0.5)
    return (
        f"dockerd (pid {proc.pid}) did not answer within {timeout:.0f}s "
        f"(log {DOCKERD_LOG}: {_log_tail(DOCKERD_LOG)})"
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-start", action="store_true", help="only check, never start dockerd")
    parser.add_argument("--timeout", type=float, default=START_TIMEOUT)
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    reason = ensure_engine(start=not args.no_start, timeout=args.timeout)
    if reason is not None:
        print(f"docker engine: unavailable: {reason}", file=sys.stderr)
        return 1
    print(f"docker engine: ready ({time.monotonic() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
