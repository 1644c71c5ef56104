"""Plan + model -> the converted Dockerfile text. Pure.

Minimal diff: every line of the input is kept byte for byte, except the first FROM, which
gains `AS <stage>`. Lines the plan inserts in the build stage and the whole runtime stage
are new; the runtime stage replays the user's own text for each config instruction.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex

from .model import Dockerfile, Instruction, Trivia
from .plan import Copy, Plan, RuntimeStage

_MARK = "# stagesplit:"


def render(df: Dockerfile, plan: Plan) -> str:
    if not plan.changed or plan.build is None or plan.runtime is None:
        return df.text
    nl = "\r\n" if "\r\n" in df.text else "\n"
    first_from = df.stages[0].from_
    inserts = {i.before_line: i for i in plan.build.insertions}
    rewrites = {r.line: r.raw for r in plan.build.rewrites}
    out: list[str] = []
    for item in df.items:
        if isinstance(item, Trivia):
            out.append(item.raw)
            continue
        if item.start_line in inserts:
            out.extend(line + nl for line in inserts[item.start_line].lines)
        raw = rewrites.get(item.start_line, item.raw)
        if item is first_from and df.stages[0].alias is None:
            raw = _add_alias(raw, plan.build.stage_name)
        out.append(raw)
    text = "".join(out)
    if not text.endswith("\n"):
        text += nl
    if plan.build.appended:
        text += nl + nl.join(plan.build.appended) + nl
    runtime = runtime_stage(plan.runtime, plan.build.stage_name, plan.findings.programs, plan.warnings,
                            df.directive("escape") or "\\")
    return text + nl + nl.join(runtime) + nl


def _add_alias(raw: str, name: str) -> str:
    body = raw.rstrip("\r\n")
    ending = raw[len(body):]
    return f"{body} AS {name}{ending}"


def runtime_stage(stage: RuntimeStage, build_name: str, programs: tuple[str, ...], warnings: tuple[str, ...],
                  escape: str = "\\") -> list[str]:
    b = stage.base
    lines = [f"{_MARK} runtime stage: only what {', '.join(programs[:1])} needs to run; build tools stay in \"{build_name}\""]
    lines.append(f"FROM --platform={stage.platform} {b.ref}" if stage.platform else f"FROM {b.ref}")
    lines.extend(f"{_MARK} warning: {w}" for w in warnings)
    lines.extend(stage.arg_lines)
    if stage.installs:
        lines.append(f"{_MARK} needed at run time, missing from {b.ref}")
        lines.append(_install(b.package_manager, stage.installs))
    if stage.extra_env:
        names = " and ".join(k for k, _ in stage.extra_env)
        lines.append(f"{_MARK} {names} as in the original image (its base set {'them' if len(stage.extra_env) > 1 else 'it'})")
        lines.append("ENV " + " ".join(f"{k}={_env_quote(v, escape)}" for k, v in stage.extra_env))
    if stage.reset_entrypoint:
        lines.append(f"{_MARK} {b.ref} has an ENTRYPOINT of its own; the original ran its command without one")
        lines.append("ENTRYPOINT []")
    if stage.workdir:
        lines.append(f"{_MARK} the working directory of the build image, where the original ran")
        lines.append(f"WORKDIR {stage.workdir}")
    lines.extend(_config(i) for i in stage.head)
    for c in stage.copies:
        lines.append(f"{_MARK} {c.why}")
        lines.append(_copy(build_name, c, escape))
    if stage.links:
        lines.append(f"{_MARK} symbolic links the build made, made again (COPY would copy the file each points to)")
        folders = sorted({posixpath.dirname(p) for p, _ in stage.links} - _BASE_FOLDERS)
        made = [f"mkdir -p {' '.join(folders)}"] if folders else []
        lines.append("RUN " + " && ".join(made + [f"ln -sf {_sh(t)} {_sh(p)}" for p, t in stage.links]))
    if stage.home:
        folder, user = stage.home
        lines.append(f"{_MARK} {user}'s home folder, which the build made and the user owns (COPY makes folders root's)")
        lines.append(f"RUN mkdir -p {_sh(folder)} && chown {_sh(user)}: {_sh(folder)}")
    lines.extend(_config(i) for i in stage.tail)
    if stage.cmd:
        lines.append(f"{_MARK} the build image's default command, which the original ran")
        lines.append("CMD " + json.dumps(list(stage.cmd)))
    return lines


# Folders every base with a shell has: a link made there needs no mkdir.
_BASE_FOLDERS = frozenset({"/bin", "/sbin", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"})


def _sh(word: str) -> str:
    return shlex.quote(word)


def _config(ins: Instruction) -> str:
    return ins.raw.rstrip("\r\n")


def _copy(stage: str, c: Copy, escape: str) -> str:
    chown = f" --chown={c.chown}" if c.chown else ""
    if re.search(r"[\s\"'$\\`]", c.path):
        # JSON form keeps spaces in one word; BuildKit then still reads each element as a shell
        # word (quotes removed, escapes applied, $ expanded), so the path's own quotes, dollars and
        # escape characters are escaped for that reading: ["/app/we\\\"ird.txt"] is /app/we"ird.txt.
        word = _word(c.path, escape)
        return f"COPY --from={stage}{chown} {json.dumps([word, word], ensure_ascii=False)}"
    return f"COPY --from={stage}{chown} {c.path} {c.path}"


def _word(text: str, escape: str) -> str:
    """TEXT as a word BuildKit's shell lexer reads back as TEXT (outside quotes the escape
    character makes the next character literal; spaces are literal in a single word)."""
    return "".join(escape + ch if ch in (escape, '"', "'", "$") else ch for ch in text)


def _install(manager: str | None, pkgs: tuple[str, ...]) -> str:
    names = " ".join(pkgs)
    if manager == "apk":
        return f"RUN apk add --no-cache {names}"
    if manager == "apt":
        return ("RUN apt-get update && apt-get install -y --no-install-recommends "
                f"{names} && rm -rf /var/lib/apt/lists/*")
    raise ValueError(f"no package manager to install {names}")


def _env_quote(v: str, escape: str) -> str:
    """An ENV value BuildKit reads back as V: bare when it has no special character, else in
    double quotes, where only `"`, `$` and the escape character need escaping (json.dumps would
    write \\uXXXX and \\n, which the lexer keeps as they are, and leave $ to expansion)."""
    if re.fullmatch(r"[\w/:.,@%+=-]*", v):
        return v
    return '"' + "".join(escape + ch if ch in (escape, '"', "$") else ch for ch in v) + '"'
