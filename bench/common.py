"""What every part of the bench shares: the programs it runs, their environment, medians and a
sampler of the memory a process tree holds. I/O lives here (subprocesses, /proc)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def real_program(name: str) -> str | None:
    """The program itself, not pyenv's shim (the shim is a shell script that adds ~80 ms)."""
    try:
        found = subprocess.run(["pyenv", "which", name], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        found = ""
    return found if found and os.access(found, os.X_OK) else shutil.which(name)


def stagesplit_command() -> list[str]:
    """`stagesplit` as a user runs it (its console script); `python -m converter` without one."""
    script = real_program("stagesplit")
    return [script] if script else [sys.executable, "-m", "converter"]


def child_env() -> dict[str, str]:
    """The environment of measured runs: as a user's, with bytecode. (This machine sets
    PYTHONDONTWRITEBYTECODE=1, which would compile every module from source at each start.)"""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wall(argv: Sequence[str], env: dict[str, str] | None = None, cwd: str | None = None) -> float:
    """Seconds one run takes, output discarded; any exit code (a linter's findings are not failures)."""
    t = time.perf_counter()
    subprocess.run(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd, check=False)
    return time.perf_counter() - t


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class TreeMemory:
    """Peak of the summed resident memory of a process and all its descendants, sampled from
    /proc every few milliseconds while it runs (no psutil here; RUSAGE_CHILDREN would give the
    largest single process, not the sum of a pool's workers)."""

    def __init__(self, pid: int, every: float = 0.02):
        self.pid, self.every, self.peak_kb = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))
            self._stop.wait(self.every)


def _tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as f:
                resident = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue      # gone meanwhile
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = resident * (os.sysconf("SC_PAGE_SIZE") // 1024)
    tree, total = {root}, 0
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    for pid in tree:
        total += rss.get(pid, 0)
    return total
