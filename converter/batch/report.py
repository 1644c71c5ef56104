"""The batch report: json (schema below, versioned), csv (one row per file) and markdown (totals
and a table), all from the same records and totals, so that they agree.

JSON, schema 1:
  {"schema": 1, "tool": "stagesplit", "version", "write": bool, "interrupted": bool,
   "estimate_note": str,
   "totals": {"files", "not_processed", "by_status": {converted, unchanged, error, skipped},
              "by_code": {"SS0xx": n}, "estimated_saving_mb", "estimate_unknown", "from_cache"},
   "files": [{"path", "status", "code", "reason", "ecosystem", "artifacts", "build_image",
              "runtime_base", "warnings", "estimate": {"build_image_mb", "runtime_base_mb",
              "saving_mb"} | null, "cached", "written", "backup"}]}
("cached": the record is an earlier identical conversion's, converter/batch/memo.py.)
Adding a key keeps the schema number; renaming or removing one, or changing a meaning, bumps it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter

from .record import STATUSES, Record

SCHEMA = 1
FORMATS = ("json", "csv", "markdown")
CSV_COLUMNS = ("path", "status", "code", "reason", "ecosystem", "artifacts", "build_image", "runtime_base", "warnings",
               "estimated_saving_mb", "written", "backup")


def totals(records: list[Record | None]) -> dict:
    done = [r for r in records if r is not None]
    by_status = Counter(r.status for r in done)
    by_code = Counter(r.code for r in done if r.status == "unchanged" and r.code)
    converted = [r for r in done if r.status == "converted"]
    known = [r.estimate.saving_mb for r in converted if r.estimate is not None and r.estimate.saving_mb is not None]
    return {"files": len(records), "not_processed": len(records) - len(done),
            "by_status": {s: by_status.get(s, 0) for s in STATUSES},
            "by_code": dict(sorted(by_code.items())),
            "estimated_saving_mb": sum(known),
            "estimate_unknown": len(converted) - len(known),
            "from_cache": sum(r.cached for r in done)}


def render(fmt: str, records: list[Record | None], write: bool, interrupted: bool) -> str:
    from ..preview.estimate import NOTE

    done = [r for r in records if r is not None]
    t = totals(records)
    if fmt == "json":
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("stagesplit")
        except PackageNotFoundError:
            v = "unknown"
        return json.dumps({"schema": SCHEMA, "tool": "stagesplit", "version": v, "write": write, "interrupted": interrupted,
                           "estimate_note": NOTE, "totals": t, "files": [r.to_json() for r in done]}, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(CSV_COLUMNS)
        for r in done:
            w.writerow([r.path, r.status, r.code or "", r.reason, r.ecosystem or "", ";".join(r.artifacts), r.build_image or "",
                        r.runtime_base or "", " | ".join(r.warnings), _saving(r, csv=True), "yes" if r.written else "no",
                        r.backup or ""])
        return out.getvalue()
    if fmt == "markdown":
        return _markdown(done, t, write, interrupted, NOTE)
    raise ValueError(fmt)


def _saving(r: Record, csv: bool = False) -> str:
    """The estimated saving as a cell: a number, "unknown" (converted, the build image's size not
    known) or empty (nothing converted)."""
    if r.status != "converted" or r.estimate is None:
        return "" if r.status != "converted" else "unknown"
    s = r.estimate.saving_mb
    if s is None:
        return "unknown"
    return str(s) if csv else f"~{s} MB"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ") if text else ""


def _markdown(done: list[Record], t: dict, write: bool, interrupted: bool, note: str) -> str:
    s = t["by_status"]
    lines = ["# stagesplit batch report", ""]
    if interrupted:
        lines += [f"**Interrupted**: {t['not_processed']} of {t['files']} files were not processed.", ""]
    verb = "converted (written)" if write else "to convert (dry run: nothing written)"
    lines += [f"{t['files']} files: {s['converted']} {verb}, {s['unchanged']} left unchanged, {s['error']} errors, "
              f"{s['skipped']} skipped.", "",
              f"Estimated saving (an estimate): ~{t['estimated_saving_mb']} MB over the converted files whose build image "
              f"size is known ({t['estimate_unknown']} unknown). {note}.", ""]
    lines += ["| status | files |", "| --- | ---: |", *[f"| {k} | {v} |" for k, v in s.items()], ""]
    if t["by_code"]:
        from ..refusals import REFUSALS

        lines += ["| code | why left unchanged | files |", "| --- | --- | ---: |",
                  *[f"| {c} | {REFUSALS.get(c, ('', ''))[0]} | {n} |" for c, n in t["by_code"].items()], ""]
    lines += ["| file | status | code | ecosystem | runtime base | est. saving | reason |",
              "| --- | --- | --- | --- | --- | ---: | --- |"]
    for r in done:
        lines.append(f"| {_cell(r.path)} | {r.status}{' (written)' if r.written else ''} | {r.code or ''} | "
                     f"{_cell(r.ecosystem or '')} | {_cell(r.runtime_base or '')} | {_saving(r)} | {_cell(r.reason)} |")
    return "\n".join(lines) + "\n"


def write_report(text: str, path: str) -> None:
    """To PATH atomically ('-': stdout); names that are not UTF-8 are kept readable with escapes."""
    data = text.encode("utf-8", errors="backslashreplace")
    if path == "-":
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".stagesplit-{os.getpid()}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def format_for(path: str | None, given: str | None) -> str:
    if given:
        return given
    ext = os.path.splitext(path or "")[1].lower()
    return {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown"}.get(ext, "markdown")
