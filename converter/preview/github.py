"""`convert --format github`: Markdown for a pull-request comment (or a job summary).

Per file: the verdict, what changes and why (the runtime base and the reason it was chosen,
what the runtime stage copies and why, what the build stage gains, warnings), the size
estimate, the diff in a collapsed ```diff block and the provenance as a ```mermaid block,
which GitHub draws. A file left unchanged shows its code and reason.

GitHub refuses a comment over 65,536 characters: past LIMIT, the remaining files lose their
diff and picture, then all but their heading (the table keeps every verdict), with a note."""

from __future__ import annotations

import re

from ..refusals import REFUSALS
from .estimate import estimate
from .mermaid import provenance_mermaid
from .result import FileResult

LIMIT = 60_000


def markdown(results: list[FileResult], limit: int = LIMIT) -> str:
    converted = sum(r.changed for r in results)
    errors = sum(r.error is not None for r in results)
    unchanged = len(results) - converted - errors
    counts = [f"{converted} would be converted", f"{unchanged} left unchanged"] + ([f"{errors} not read"] if errors else [])
    noun = "Dockerfile" if len(results) == 1 else "Dockerfiles"
    out = [f"## stagesplit: {len(results)} {noun}: {', '.join(counts)}", "", _table(results), ""]
    used = sum(len(s) + 1 for s in out)
    shortened = 0
    for r in results:
        text = _section(r, details=True)
        if used + len(text) > limit:
            shortened += 1
            text = _section(r, details=False)
            if used + len(text) > limit:
                text = text.split("\n", 1)[0] + "\n"     # its heading; the table above has its verdict
        out.append(text)
        used += len(text) + 1
    if shortened:
        out.append(f"_{shortened} of the files above are shown without their diff and picture, or only by their heading: "
                   "the whole would pass GitHub's size limit for a comment. `stagesplit convert --diff FILE` shows them._")
    return "\n".join(out).rstrip("\n") + "\n"


def _table(results: list[FileResult]) -> str:
    rows = ["| Dockerfile | verdict | runtime base | size (estimate) |", "| --- | --- | --- | --- |"]
    for r in results:
        base = size = ""
        if r.error is not None:
            verdict = "error"
        elif r.changed and r.plan is not None and r.plan.runtime is not None and r.df is not None:
            verdict = "would be converted"
            base = _code(r.plan.runtime.base.ref)
            est = estimate(r.df, r.plan)
            size = f"~{est.saving_mb} MB smaller" if est else ""
        elif r.plan is not None and r.plan.code:
            verdict = f"left unchanged ({r.plan.code})"
        else:
            verdict = "unchanged"
        # a | inside a cell ends it, also inside inline code, unless escaped (GFM tables)
        cells = [_code(r.path), verdict, base, size]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def _section(r: FileResult, details: bool) -> str:
    out: list[str] = []
    if r.error is not None or r.plan is None or r.df is None:
        out += [f"### {_code(r.path)}: error", "", f"> {_text(r.error or 'not read')}", ""]
        return "\n".join(out)
    plan, df = r.plan, r.df
    if not r.changed or plan.runtime is None:
        if plan.code:
            title, why = REFUSALS.get(plan.code, ("", ""))
            out += [f"### {_code(r.path)}: left unchanged ({plan.code} {title})", "", f"> {_text(plan.reason)}", ""]
            if why:
                out += [f"Why this leaves the file alone: {_text(why)}.", ""]
        else:
            out += [f"### {_code(r.path)}: unchanged", "", f"> {_text(plan.reason)}", ""]
        out += _warnings(plan.warnings)
        return "\n".join(out)

    runtime = plan.runtime
    out += [f"### {_code(r.path)}: would be converted", "",
            f"A runtime stage `FROM {runtime.base.ref}` takes only what the program needs; "
            f"the build stage `{plan.build.stage_name if plan.build else 'build'}` keeps every original line.", ""]
    base_why = next((d.why for d in plan.decisions if d.topic == "runtime base"), "")
    if base_why:
        out += [f"**Runtime base** {_code(runtime.base.ref)}: {_text(base_why)}", ""]
    out += ["**The runtime stage copies**", ""]
    out += [f"- {_code(c.path)}: {_text(c.why)}" for c in runtime.copies]
    if runtime.installs:
        out.append(f"- installs {', '.join(_code(p) for p in runtime.installs)}")
    out.append("")
    gains = _build_gains(plan)
    if gains:
        out += ["**The build stage gains**", "", *gains, ""]
    out += _warnings(plan.warnings)
    est = estimate(df, plan)
    if est is not None:
        out += [f"**Size (estimate)**: {_code(est.build_image)} ~{est.build_mb} MB → {_code(est.runtime_base)} "
                f"~{est.runtime_mb} MB: about {est.saving_mb} MB smaller ({est.note}).", ""]
    if plan.decisions:
        out += ["<details><summary>Every decision</summary>", "", "| topic | choice | why |", "| --- | --- | --- |"]
        out += [f"| {_cell(d.topic)} | {_cell(d.choice)} | {_cell(d.why)} |" for d in plan.decisions]
        out += ["", "</details>", ""]
    if details:
        out += [f"<details><summary>Diff of {_code(r.path)}</summary>", "", _fence(r.diff, "diff"), "", "</details>", ""]
        picture = provenance_mermaid(plan)
        if picture:
            out += ["**Provenance**: context file → instruction → image path → artifact → runtime stage", "",
                    _fence(picture, "mermaid"), ""]
    return "\n".join(out)


def _build_gains(plan) -> list[str]:
    """The lines the build stage gains, each with the reason its comment gives."""
    if plan.build is None:
        return []
    blocks = [ins.lines for ins in plan.build.insertions] + ([plan.build.appended] if plan.build.appended else [])
    out = []
    for lines in blocks:
        why = " ".join(line.strip()[len("# stagesplit:"):].strip() for line in lines if line.strip().startswith("# stagesplit:"))
        code = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
        if code:
            out.append(f"- {', '.join(_code(c) for c in code)}" + (f": {_text(why)}" if why else ""))
    out += [f"- line {rw.line} becomes {_code(rw.raw.splitlines()[0])}" for rw in plan.build.rewrites]
    return out


def _warnings(warnings: tuple[str, ...]) -> list[str]:
    if not warnings:
        return []
    return ["**Warnings**", "", *[f"- :warning: {_text(w)}" for w in warnings], ""]


def _text(s: str) -> str:
    """Prose from the analysis, safe in Markdown: no HTML, one line."""
    return " ".join(s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def _cell(s: str) -> str:
    return _text(s).replace("|", "\\|")


def _code(s: str) -> str:
    """Inline code that survives backticks in the text."""
    s = " ".join(s.split())
    ticks = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (ticks + 1)
    return f"{fence} {s} {fence}" if ticks else f"`{s}`"


def _fence(text: str, lang: str) -> str:
    """A fenced block longer than any backtick run in TEXT (a Dockerfile may hold one)."""
    ticks = max([3, *(len(m) + 1 for m in re.findall(r"`{3,}", text))])
    fence = "`" * ticks
    return f"{fence}{lang}\n{text.rstrip(chr(10))}\n{fence}"
