"""Plan + model -> the converted Dockerfile text. Pure.

Minimal diff: every line of the input is kept byte for byte, except the first FROM, which
gains `AS <stage>`. Lines the plan inserts in the build stage and the whole runtime stage
are new; the runtime stage replays the user's own text for each config instruction.
"""

from __future__ import annotations

import json
import re

from .model import Dockerfile, Instruction, Trivia
from .plan import Copy, Plan

_MARK = "# stagesplit:"


def render(df: Dockerfile, plan: Plan) -> str:
    if not plan.changed:
        return df.text
    nl = "\r\n" if "\r\n" in df.text else "\n"
    first_from = df.stages[0].from_
    inserts = {i.before_line: i for i in plan.insertions}
    rewrites = {r.line: r.raw for r in plan.rewrites}
    out: list[str] = []
    for item in df.items:
        if isinstance(item, Trivia):
            out.append(item.raw)
            continue
        if item.start_line in inserts:
            out.extend(line + nl for line in inserts[item.start_line].lines)
        raw = rewrites.get(item.start_line, item.raw)
        if item is first_from and df.stages[0].alias is None:
            raw = _add_alias(raw, plan.stage_name)
        out.append(raw)
    text = "".join(out)
    if not text.endswith("\n"):
        text += nl
    return text + nl + nl.join(runtime_stage(plan)) + nl


def _add_alias(raw: str, name: str) -> str:
    body = raw.rstrip("\r\n")
    ending = raw[len(body):]
    return f"{body} AS {name}{ending}"


def runtime_stage(plan: Plan) -> list[str]:
    b = plan.base
    if b is None:
        raise ValueError("a changed plan without a runtime base")
    lines = [f"{_MARK} runtime stage: only what {', '.join(plan.programs[:1])} needs to run; build tools stay in \"{plan.stage_name}\""]
    lines.append(f"FROM --platform={plan.platform} {b.ref}" if plan.platform else f"FROM {b.ref}")
    lines.extend(f"{_MARK} warning: {w}" for w in plan.warnings)
    lines.extend(plan.arg_lines)
    if plan.installs:
        lines.append(f"{_MARK} needed at run time, missing from {b.ref}")
        lines.append(_install(b.package_manager, plan.installs))
    if plan.extra_env:
        names = " and ".join(k for k, _ in plan.extra_env)
        lines.append(f"{_MARK} {names} as in the original image (its base set {'them' if len(plan.extra_env) > 1 else 'it'})")
        lines.append("ENV " + " ".join(f"{k}={_env_quote(v)}" for k, v in plan.extra_env))
    if plan.workdir:
        lines.append(f"{_MARK} the working directory of the build image, where the original ran")
        lines.append(f"WORKDIR {plan.workdir}")
    lines.extend(_config(i) for i in plan.head)
    for c in plan.copies:
        lines.append(f"{_MARK} {c.why}")
        lines.append(_copy(plan.stage_name, c))
    lines.extend(_config(i) for i in plan.tail)
    return lines


def _config(ins: Instruction) -> str:
    return ins.raw.rstrip("\r\n")


def _copy(stage: str, c: Copy) -> str:
    chown = f" --chown={c.chown}" if c.chown else ""
    if re.search(r"[\s\"'$\\]", c.path):
        return f"COPY --from={stage}{chown} {json.dumps([c.path, c.path])}"
    return f"COPY --from={stage}{chown} {c.path} {c.path}"


def _install(manager: str | None, pkgs: tuple[str, ...]) -> str:
    names = " ".join(pkgs)
    if manager == "apk":
        return f"RUN apk add --no-cache {names}"
    if manager == "apt":
        return ("RUN apt-get update && apt-get install -y --no-install-recommends "
                f"{names} && rm -rf /var/lib/apt/lists/*")
    raise ValueError(f"no package manager to install {names}")


def _env_quote(v: str) -> str:
    return v if re.fullmatch(r"[\w/:.,@%+=-]*", v) else json.dumps(v)
