"""`convert --format sarif`: SARIF 2.1.0 for code scanning (GitHub's upload-sarif, IDE viewers).

One result per file: a refusal (its SS0xx code, at the line the reason names when it names
one), or a proposal (SS100: a runtime stage proposed, at the FROM line); each warning of a
converted file is a result too (SS101). Files that could not be read are tool execution
notifications, not results: nothing was found about them. The rules carry each code's title
and reason (converter/refusals.py, which docs/refusals.md illustrates with examples).

Written as plain dicts: the document is small, and sarif-om (the object model on PyPI) gives
classes that would still need a serialiser of their own; the tests validate this output
against the official 2.1.0 schema instead."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..refusals import REFUSALS
from .estimate import estimate
from .result import FileResult

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
PROPOSED = "SS100"
WARNED = "SS101"
# Codes of results that are not refusals: (name, description, level).
PROPOSALS: dict[str, tuple[str, str, str]] = {
    PROPOSED: ("runtime-stage-proposed",
               "the image carries its build tools; a runtime stage on a small base would hold only what the program needs to run",
               "warning"),
    WARNED: ("runtime-stage-warning",
             "the proposed runtime stage would receive a file or value that looks like a secret: check before applying it",
             "warning"),
}
# Refusals about the command the image runs point at ENTRYPOINT/CMD; the others at FROM.
_COMMAND_CODES = frozenset({"SS008", "SS009", "SS011", "SS014", "SS015", "SS016", "SS017", "SS023"})


def rules() -> list[dict[str, Any]]:
    out = []
    for code, (name, why) in sorted(REFUSALS.items()):
        out.append(_rule(code, name, f"Left unchanged: {why}.", "note",
                         f"stagesplit leaves the Dockerfile alone ({code} {name}): {why}. "
                         f"docs/refusals.md#{code.lower()}-{name} has an example."))
    for code, (name, why, level) in PROPOSALS.items():
        out.append(_rule(code, name, f"{why[:1].upper()}{why[1:]}.", level,
                         f"{why[:1].upper()}{why[1:]}. Run `stagesplit convert --diff FILE` to see the change, "
                         "`--in-place` to apply it."))
    return out


def _rule(code: str, name: str, text: str, level: str, help_text: str) -> dict[str, Any]:
    return {"id": code, "name": name, "shortDescription": {"text": text}, "fullDescription": {"text": text},
            "help": {"text": help_text}, "defaultConfiguration": {"level": level}}


def sarif(results: list[FileResult]) -> dict[str, Any]:
    ruleset = rules()
    index = {r["id"]: i for i, r in enumerate(ruleset)}
    found: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for r in results:
        uri = _uri(r.path)
        if r.error is not None or r.plan is None or r.df is None:
            notes.append({"level": "error", "message": {"text": f"{r.path}: {r.error or 'not read'}"},
                          "locations": [_location(uri, None)]})
            continue
        plan, lines = r.plan, r.df.text.splitlines()
        if r.changed and plan.runtime is not None:
            est = estimate(r.df, plan)
            size = f"; about {est.saving_mb} MB smaller ({est.note})" if est else ""
            copies = ", ".join(c.path for c in plan.runtime.copies)
            message = f"A runtime stage FROM {plan.runtime.base.ref} could hold only what the program needs ({copies}){size}."
            found.append(_result(PROPOSED, index, message, uri, _from_line(r)))
            for w in plan.warnings:
                found.append(_result(WARNED, index, w, uri, _from_line(r)))
        elif plan.code is not None and plan.code in index:
            found.append(_result(plan.code, index, f"Left unchanged: {plan.reason}", uri, _refusal_line(r, len(lines))))
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "stagesplit", "version": __version__, "semanticVersion": __version__, "rules": ruleset}},
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "results": found,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _result(code: str, index: dict[str, int], message: str, uri: str, line: int | None) -> dict[str, Any]:
    level = PROPOSALS[code][2] if code in PROPOSALS else "note"
    return {"ruleId": code, "ruleIndex": index[code], "level": level, "message": {"text": message},
            "locations": [_location(uri, line)]}


def _location(uri: str, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _uri(path: str) -> str:
    """The file as code scanning matches it: relative to the working folder (the repository's
    root in CI), else an absolute file URI; stdin is "Dockerfile", as in --diff."""
    if path == "-":
        return "Dockerfile"
    p = Path(path)
    if p.is_absolute():
        try:
            return quote(p.relative_to(Path.cwd()).as_posix())
        except ValueError:
            return p.as_uri()
    # a relative URI reference: spaces, brackets, | and newlines percent-encoded, / kept
    return quote(Path(os.path.normpath(path)).as_posix())


def _from_line(r: FileResult) -> int | None:
    if r.df is None or not r.df.stages:
        return None
    return r.df.stages[0].from_.start_line


def _refusal_line(r: FileResult, count: int) -> int | None:
    """The line a refusal names ("line 7: ..."), else ENTRYPOINT/CMD for a refusal about the
    command, else the FROM line."""
    if r.plan is None or r.df is None:
        return None
    m = re.search(r"\bline (\d+)\b", r.plan.reason)
    if m and 0 < int(m.group(1)) <= count:
        return int(m.group(1))
    if r.plan.code in _COMMAND_CODES:
        last = [i for i in r.df.instructions if i.keyword.upper() in ("CMD", "ENTRYPOINT")]
        if last:
            return last[-1].start_line
    return _from_line(r)
