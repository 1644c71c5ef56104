"""`stagesplit batch --timeout / --max-memory`: a file whose analysis hangs, stalls inside C code
(a regular expression that backtracks for ever, holding the GIL) or eats memory costs that file
only: its record says which limit stopped it, every other file is converted, the totals and the
exit code (5) say so, and no process is left running. The misbehaviour is injected by a
sitecustomize in the workers' path that wraps the parser for files carrying a marker, so the
product holds no test hook."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import GO_MOD, HELLO, ROOT

GO = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n'

HOOK = """\
import os
import re
import time

import converter.parse as p

_parse = p.parse


def parse(text):
    if "HANG-ME" in text:           # a loop in Python: the watchdog thread sees it
        while True:
            time.sleep(0.05)
    if "STALL-ME" in text:          # a loop in C holding the GIL: only faulthandler's thread runs
        with open(os.environ["STAGESPLIT_LIMITS_LOG"], "a") as log:
            log.write("stall started\\n")
        re.match(r"(a+)+$", "a" * 64 + "b")
    if "EAT-ME" in text:            # memory without end
        hoard = []
        while True:
            hoard.append(b"x" * (8 << 20))
            time.sleep(0.005)
    if "SWELL-ME" in text:          # 3 GB in one call into C: the watchdog cannot run meanwhile
        b"x" * (3 << 30)
    if "SLOW-ME" in text:           # slow, but it ends
        time.sleep(2.5)
    return _parse(text)


p.parse = parse
"""


def tree(root: Path, marks: dict[int, str], n: int) -> list[Path]:
    out = []
    for k in range(n):
        folder = root / f"s{k:02d}"
        folder.mkdir(parents=True)
        (folder / "go.mod").write_text(GO_MOD)
        (folder / "main.go").write_text(HELLO)
        text = GO.replace("CMD", f"# {marks[k]}\nCMD") if k in marks else GO
        (folder / "Dockerfile").write_text(text)
        out.append(folder / "Dockerfile")
    return out


def environment(tmp_path: Path, token: str) -> dict[str, str]:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK)
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)]), "STAGESPLIT_LIMITS_TEST": token,
            "STAGESPLIT_LIMITS_LOG": str(tmp_path / "starts.log")}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "converter.cli", "batch", "-j", "2", *args]


def still_running(token: str, wait: float = 10) -> list[int]:
    """The processes (the batch's workers, its resource tracker) that still carry TOKEN in their
    environment, once they had WAIT seconds to go."""
    needle = f"STAGESPLIT_LIMITS_TEST={token}".encode()
    deadline = time.monotonic() + wait
    while True:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if needle in f.read().split(b"\0"):
                        found.append(int(pid))
            except OSError:
                pass
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@pytest.fixture
def token():
    """A mark in the environment of the batch and of every process it starts; whatever still
    carries it after the test is ended (so that a failing test leaves nothing running either)."""
    mark = uuid.uuid4().hex
    yield mark
    for pid in still_running(mark, wait=0):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def test_a_file_that_hangs_stalls_or_eats_memory_costs_that_file_only(tmp_path, token):
    marks = {3: "HANG-ME", 7: "EAT-ME", 12: "STALL-ME"}
    files = tree(tmp_path / "tree", marks, 16)
    report = tmp_path / "report.json"
    r = subprocess.run(command(str(tmp_path / "tree"), "--write", "--timeout", "2", "--max-memory", "300",
                               "--report", str(report)),
                       cwd=ROOT, capture_output=True, timeout=240, env=environment(tmp_path, token))
    assert r.returncode == 5, r.stderr.decode()[-3000:]
    data = json.loads(report.read_text())
    by_path = {f["path"]: f for f in data["files"]}
    assert list(by_path) == [str(p) for p in files]
    for k, path in enumerate(files):
        f = by_path[str(path)]
        if k in marks:
            assert f["status"] == "error" and not f["written"], f
            assert path.read_text() == GO.replace("CMD", f"# {marks[k]}\nCMD")
            assert not Path(str(path) + ".orig").exists()
        else:
            assert f["status"] == "converted" and f["written"], f
            assert "COPY --from=" in path.read_text() and Path(str(path) + ".orig").read_text() == GO
    assert by_path[str(files[3])]["reason"] == "stopped after 2 s (--timeout): the analysis did not finish; left unchanged"
    assert by_path[str(files[12])]["reason"] == "stopped after 2 s (--timeout): the analysis did not finish; left unchanged"
    assert by_path[str(files[7])]["reason"] == \
        "stopped at 300 MB (--max-memory): the analysis needed more memory than that; left unchanged"
    t = data["totals"]
    assert t["files"] == 16 and t["not_processed"] == 0 and data["interrupted"] is False
    assert t["by_status"] == {"converted": 13, "unchanged": 0, "error": 3, "skipped": 0}
    stderr = r.stderr.decode()
    assert "13 converted, 0 unchanged, 3 errors" in stderr
    assert f"{files[7]}: error: stopped at 300 MB (--max-memory)" in stderr
    assert still_running(token) == []


def test_a_stall_in_c_code_is_named_by_its_worker_and_not_run_again(tmp_path, token):
    """A worker stalled in C code cannot write a note (the GIL is held): its board, eight bytes
    of shared memory it writes before each file, names the file once faulthandler has ended it,
    so the file is not run again to be found (which cost the stall's timeout twice)."""
    files = tree(tmp_path / "tree", {5: "STALL-ME"}, 10)
    report = tmp_path / "report.json"
    r = subprocess.run(command(str(tmp_path / "tree"), "--timeout", "2", "--report", str(report), "--no-cache"),
                       cwd=ROOT, capture_output=True, timeout=240, env=environment(tmp_path, token))
    assert r.returncode == 5, r.stderr.decode()[-3000:]
    by_path = {f["path"]: f for f in json.loads(report.read_text())["files"]}
    assert by_path[str(files[5])]["reason"] == "stopped after 2 s (--timeout): the analysis did not finish; left unchanged"
    assert [by_path[str(p)]["status"] for p in files] == ["converted"] * 5 + ["error"] + ["converted"] * 4
    assert (tmp_path / "starts.log").read_text() == "stall started\n"
    assert still_running(token) == []


def test_a_limit_of_zero_is_no_limit(tmp_path, token):
    files = tree(tmp_path / "tree", {1: "SLOW-ME"}, 3)
    env = environment(tmp_path, token)
    limited = subprocess.run(command(str(tmp_path / "tree"), "--timeout", "1", "--format", "json"),
                             cwd=ROOT, capture_output=True, timeout=240, env=env)
    assert limited.returncode == 5, limited.stderr.decode()[-3000:]
    assert [(f["status"], f["reason"].split(":")[0]) for f in json.loads(limited.stdout)["files"]] == \
        [("converted", "runtime stage on alpine"), ("error", "stopped after 1 s (--timeout)"),
         ("converted", "runtime stage on alpine")]
    free = subprocess.run(command(str(tmp_path / "tree"), "--timeout", "0", "--max-memory", "0", "--format", "json"),
                          cwd=ROOT, capture_output=True, timeout=240, env=env)
    assert free.returncode == 0, free.stderr.decode()[-3000:]
    assert [f["status"] for f in json.loads(free.stdout)["files"]] == ["converted"] * 3
    assert [f["path"] for f in json.loads(free.stdout)["files"]] == [str(p) for p in files]
    assert still_running(token) == []


def test_ctrl_c_while_a_worker_hangs_ends_every_process(tmp_path, token):
    """With no time limit a hanging worker would never end by itself: a Ctrl-C still stops it,
    reports what was done and leaves no process behind."""
    files = tree(tmp_path / "tree", {0: "HANG-ME"}, 12)
    report = tmp_path / "report.json"
    proc = subprocess.Popen(command(str(tmp_path / "tree"), "--timeout", "0", "--report", str(report), "--format", "json"),
                            cwd=ROOT, stderr=subprocess.PIPE, env=environment(tmp_path, token))
    lines = _until_a_file_is_done(proc)   # the other worker has converted something
    proc.send_signal(signal.SIGINT)
    # Not stderr.read(): a worker left running would hold the pipe open, and the test hang.
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, "".join(lines) + err.decode()
    data = json.loads(report.read_text())
    assert data["interrupted"] is True
    done = {f["path"]: f["status"] for f in data["files"]}
    assert str(files[0]) not in done and done and set(done.values()) == {"converted"}
    assert data["totals"]["not_processed"] == 12 - len(done)
    assert still_running(token) == []


def test_a_batch_started_with_ctrl_c_ignored_keeps_ignoring_it(tmp_path, token):
    """Under nohup, or as a shell's background job, SIGINT comes ignored: the batch then lets it
    pass and finishes, as the user arranged."""
    files = tree(tmp_path / "tree", {0: "SLOW-ME"}, 4)
    report = tmp_path / "report.json"
    proc = subprocess.Popen(command(str(tmp_path / "tree"), "--report", str(report), "--format", "json"),
                            cwd=ROOT, stderr=subprocess.PIPE, env=environment(tmp_path, token),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    lines = _until_a_file_is_done(proc)   # converting has begun (the slow file takes 2.5 s more)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, "".join(lines) + err.decode()
    data = json.loads(report.read_text())
    assert data["interrupted"] is False
    assert [(f["path"], f["status"]) for f in data["files"]] == [(str(p), "converted") for p in files]
    assert still_running(token) == []


def _until_a_file_is_done(proc: subprocess.Popen) -> list[str]:
    """The batch's progress lines on stderr, read until one counts a finished file."""
    assert proc.stderr is not None
    lines = []
    while True:
        line = proc.stderr.readline().decode()
        lines.append(line)
        if not line or ("files (" in line and not line.startswith("stagesplit: batch: 0/")):
            return lines


def test_memory_grown_inside_c_code_meets_the_data_limit(tmp_path, token):
    """Memory taken inside one call into C (the GIL held: the watchdog cannot look) stops at the
    worker's data limit (twice --max-memory and 512 MB) as a MemoryError: that file's error, the
    others converted, and no process of the batch ever held the 3 GB."""
    files = tree(tmp_path / "tree", {2: "SWELL-ME"}, 6)
    report = tmp_path / "report.json"
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    r = subprocess.run([sys.executable, "-c", probe, *command(str(tmp_path / "tree"), "--max-memory", "300",
                                                              "--report", str(report), "--no-cache")],
                       cwd=ROOT, capture_output=True, timeout=240, env=environment(tmp_path, token))
    assert r.returncode == 5, r.stderr.decode()[-3000:]
    by_path = {f["path"]: f for f in json.loads(report.read_text())["files"]}
    assert [by_path[str(p)]["status"] for p in files] == ["converted", "converted", "error", "converted", "converted",
                                                          "converted"]
    assert by_path[str(files[2])]["reason"].startswith("ran out of memory (--max-memory")
    peak_mb = int(r.stdout.decode().split()[-1]) / 1024     # ru_maxrss: KB, the largest of every process below
    assert peak_mb < 1200, peak_mb
    assert still_running(token) == []
