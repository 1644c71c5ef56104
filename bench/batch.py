"""(b) `stagesplit batch` over a generated estate (bench/estate.py: corpus cases with variations,
broken and hostile files) against hadolint linting the same files, both on the same cores.

- stagesplit: `stagesplit batch ROOT --jobs J --report FILE --format json --cache-dir DIR`, wall
  time of the whole command (discovery, workers' start, report); files/s = the report's files /
  wall time. Peak memory: the summed RSS of the command and all its workers, sampled from /proc.
  First with DIR empty (a first run: every file is analysed, and the result cache filled), then
  the same command again over the unchanged estate (a re-run: the result cache answers every file
  it may, converter/batch/memo.py). The issue's goal is the first run's; the re-run is what a
  nightly batch or a pull request's preview pays for the files that did not change.
- hadolint: the files the report lists that are regular files (not the FIFO, links out of ROOT
  or oversized ones the estate plants: stagesplit skips them, hadolint would block on a FIFO),
  given many per call (`hadolint --no-fail -f json F1 ... F250`) so that it pays its start once per
  chunk, J calls at a time: the same cores as stagesplit's J workers.
- time per file at growing estate sizes (prefixes of the same file list, `--files-from`,
  `--no-cache`): flat means no per-file cost grows with the batch (the start of the pool is in
  every row).
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .common import TreeMemory, child_env, real_program, stagesplit_command
from .estate import generate, restore_permissions

CHUNK = 250     # files per hadolint call


def measure(n: int, sizes: tuple[int, ...], jobs: int, estate: str | None = None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="stagesplit-bench-"))
    root = Path(estate) if estate else work / "estate"
    try:
        t = time.perf_counter()
        entries = generate(root, n, seed=1)
        made = time.perf_counter() - t
        files = [str(root / e.path) for e in entries if e.listed and e.status != "skipped"]
        out: dict = {"estate_entries": len(entries), "estate_files_linted": len(files), "estate_seconds": made, "jobs": jobs}
        out.update(_stagesplit(root, work, jobs, work / "cache"))
        out["rerun"] = _stagesplit(root, work, jobs, work / "cache")
        out.update(_hadolint(files, jobs))
        if out.get("hadolint_files_per_s"):
            out["ratio"] = out["files_per_s"] / out["hadolint_files_per_s"]
            # per CPU second: what other programs on the machine take from both does not count
            out["cpu_ratio"] = out["files_per_cpu_s"] / max(out["hadolint_files_per_cpu_s"], 1e-9)
            out["rerun"]["ratio"] = out["rerun"]["files_per_s"] / out["hadolint_files_per_s"]
            out["rerun"]["cpu_ratio"] = out["rerun"]["files_per_cpu_s"] / max(out["hadolint_files_per_cpu_s"], 1e-9)
        out["per_file"] = _per_file(files, sizes, work, jobs)
        return out
    finally:
        restore_permissions(root)
        shutil.rmtree(work, ignore_errors=True)


def _stagesplit(root: Path, work: Path, jobs: int, cache: Path) -> dict:
    report = work / "report.json"
    argv = [*stagesplit_command(), "batch", str(root), "--jobs", str(jobs), "--report", str(report), "--format", "json",
            "--cache-dir", str(cache)]
    cpu = _children_cpu()
    seconds, peak_kb, code = _run_sampled(argv)
    cpu = _children_cpu() - cpu
    data = json.loads(report.read_text()) if report.exists() else {}
    count = data.get("totals", {}).get("files", 0)
    return {"command": " ".join(argv[:1] + ["batch", "ROOT"] + argv[3:5] + ["--report", "FILE", "--format", "json",
                                                                            "--cache-dir", "DIR"]),
            "exit_code": code, "files": count, "seconds": seconds, "files_per_s": count / seconds if seconds else 0.0,
            "cpu_seconds": cpu, "files_per_cpu_s": count / cpu if cpu else 0.0,
            "by_status": data.get("totals", {}).get("by_status", {}), "peak_rss_mb": peak_kb / 1024,
            "from_cache": data.get("totals", {}).get("from_cache", 0)}


def _children_cpu() -> float:
    """CPU seconds of the processes this one has waited for, and theirs (a batch's workers too)."""
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def _run_sampled(argv: list[str], stdin: str | None = None) -> tuple[float, int, int]:
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(), text=True)
    with TreeMemory(proc.pid) as mem:
        proc.communicate(stdin)
    return time.perf_counter() - t, mem.peak_kb, proc.returncode


def _hadolint(files: list[str], jobs: int) -> dict:
    hadolint = real_program("hadolint")
    if hadolint is None or not files:
        return {"hadolint": "not found"}
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]

    def lint(chunk: list[str]) -> int:
        return subprocess.run([hadolint, "--no-fail", "-f", "json", *chunk], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, check=False).returncode

    t, cpu = time.perf_counter(), _children_cpu()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lint, chunks))
    seconds, cpu = time.perf_counter() - t, _children_cpu() - cpu
    return {"hadolint": f"{hadolint} --no-fail -f json <{CHUNK} files>, {jobs} calls at a time",
            "hadolint_seconds": seconds, "hadolint_files_per_s": len(files) / seconds,
            "hadolint_files_per_cpu_s": len(files) / cpu if cpu else 0.0}


def _per_file(files: list[str], sizes: tuple[int, ...], work: Path, jobs: int) -> list[dict]:
    rows = []
    # the largest size stands for "all the files" when the estate lists fewer (some entries are skipped)
    for size in sorted({min(size, len(files)) for size in sizes}):
        argv = [*stagesplit_command(), "batch", "--files-from", "-", "--jobs", str(jobs),
                "--report", str(work / f"report-{size}.json"), "--format", "json", "--no-cache"]
        seconds, peak_kb, _ = _run_sampled(argv, "".join(f + "\n" for f in files[:size]))
        rows.append({"files": size, "seconds": seconds, "ms_per_file": seconds / size * 1000, "peak_rss_mb": peak_kb / 1024})
    # What each further file costs between two sizes: the pool's start (about a second, paid once)
    # drops out, so a flat batch shows equal numbers here even where ms_per_file falls.
    for a, b in zip(rows, rows[1:], strict=False):
        b["marginal_ms"] = (b["seconds"] - a["seconds"]) / (b["files"] - a["files"]) * 1000
    return rows


def show(r: dict) -> None:
    print(f"\n(b) batch: {r['files']} files of a generated estate ({r['estate_entries']} entries), --jobs {r['jobs']}")
    print(f"  {r['command']}")
    print(f"    {r['seconds']:7.1f} s  {r['files_per_s']:7.0f} files/s  {r['files_per_cpu_s']:5.0f} files per CPU second  "
          f"exit {r['exit_code']}  {r['by_status']}")
    print(f"    peak RSS of all its processes: {r['peak_rss_mb']:.0f} MB")
    again = r.get("rerun")
    if again:
        print(f"  the same command again, the estate unchanged ({again['from_cache']} files from the result cache):")
        print(f"    {again['seconds']:7.1f} s  {again['files_per_s']:7.0f} files/s  {again['files_per_cpu_s']:5.0f} files per CPU "
              f"second  exit {again['exit_code']}  peak RSS {again['peak_rss_mb']:.0f} MB")
    if "hadolint_seconds" in r:
        print(f"  {r['hadolint']} ({r['estate_files_linted']} files)")
        print(f"    {r['hadolint_seconds']:7.1f} s  {r['hadolint_files_per_s']:7.0f} files/s  "
              f"{r['hadolint_files_per_cpu_s']:5.0f} files per CPU second")
    print("  time per file as the batch grows (stagesplit batch --files-from, same files):")
    for row in r["per_file"]:
        marginal = f"  each further file {row['marginal_ms']:.2f} ms" if "marginal_ms" in row else ""
        print(f"    {row['files']:6} files  {row['ms_per_file']:6.2f} ms/file  {row['seconds']:6.1f} s  "
              f"peak RSS {row['peak_rss_mb']:.0f} MB{marginal}")

