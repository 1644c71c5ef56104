"""Refusals that need no program: what the file is, and steps no rule reads."""

from __future__ import annotations

import re

from heuristics import Decision, ecosystems, static_site, windows_images
from heuristics.ecosystem_hints import language_of

from ..context import BuildContext
from ..effects import Effect
from ..model import NOT_UTF8, Dockerfile, Instruction, Stage, Trivia
from ..refusals import Refusal
from .analysis import Analysis
from .types import Options

# `# stagesplit: ignore` on a comment line of its own, optionally followed by the reason (free text).
_IGNORE = re.compile(r"^[ \t]*#[ \t]*stagesplit[ \t]*:[ \t]*ignore\b[ \t:-]*(.*?)[ \t]*\r?\n?$", re.I)


def ignored(df: Dockerfile, options: Options) -> Refusal | None:
    """The owners' request to leave the file alone: an inline `# stagesplit: ignore [reason]` comment
    (a comment line outside any instruction) or an `ignore` override of the configuration.
    make_plan asks first, before any analysis."""
    for item in df.items:
        if isinstance(item, Trivia):
            m = _IGNORE.match(item.raw)
            if m:
                why = f": {NOT_UTF8.sub(chr(0xFFFD), m.group(1))}" if m.group(1) else ""   # reports are UTF-8
                return Refusal("SS025", f"ignored by the `# stagesplit: ignore` comment on line {item.line}{why}")
    if options.ignore:     # set from the configuration (converter/config.py, options.resolve)
        return configured_ignore(options.ignore)
    return None


def configured_ignore(why: str) -> Refusal:
    """The configuration's `ignore` for a file, in the words convert and batch both give."""
    return Refusal("SS025", f"ignored by the configuration: {why}")


def check(df: Dockerfile, a: Analysis, context: BuildContext, options: Options, decisions: list[Decision]) -> None:
    stage = a.stage
    windows = _windows_image(stage.base, a.base_ref, stage.instructions)
    if windows:
        raise Refusal("SS026", f"Windows container images are not supported: {windows}; only Linux images are split")
    last = stage.instructions[-1] if stage.instructions else stage.from_
    escape = re.escape(df.directive("escape") or "\\")
    if re.search(escape + r"[ \t]*\r?\n?\Z", last.raw.splitlines()[-1] if last.raw else ""):
        raise Refusal("SS020", f"line {last.end_line}: the file ends inside a continued instruction; "
                               "a runtime stage added after it would become part of it")
    onbuild = [i for i in stage.instructions if i.keyword == "ONBUILD"]
    if onbuild:
        raise Refusal("SS002", f"line {onbuild[0].start_line}: ONBUILD runs in images built FROM this one, which a runtime stage would not carry")
    platform = stage.from_.flag("platform")
    if platform is not None and "$" in platform:
        raise Refusal("SS003", "FROM --platform with a variable: the runtime base cannot be matched to it")
    unset = _args_without_default(df, stage.base)
    if unset or a.base_unresolved:
        raise Refusal("SS004", _unset_base_sentence(df, stage, unset))
    if a.base_ref == "scratch":
        raise Refusal("SS005", "FROM scratch: nothing is built, so there is nothing to split")
    decisions.append(Decision("build image", a.base_ref, f"{a.build.family} family, release {a.build.release}"))
    if df.needs_buildkit:
        decisions.append(Decision("builder", "BuildKit", "the input already uses BuildKit-only syntax; the output keeps it"))
    elif options.buildkit:
        decisions.append(Decision("builder", "BuildKit", "--buildkit: cache mounts on build commands"))
    else:
        decisions.append(Decision("builder", "BuildKit or the legacy builder", "the output adds no BuildKit-only syntax"))
    foreign = next((i for i in stage.instructions if i.not_utf8 and i.keyword not in _TEXT_ONLY), None)
    if foreign is not None:
        raise Refusal("SS007", f"line {foreign.start_line}: the {foreign.keyword} holds bytes that are not UTF-8 (Latin-1 text?), "
                               "which this analysis does not read as file names or commands; comments and LABEL values may hold them")
    if context.truncated:
        raise Refusal("SS006", "the build context is too large to list in full, so the files the program reads cannot be checked")
    _refuse_unsupported_ecosystem(a.base_ref, a.effects)
    unknown = [(e.instruction.start_line, u) for e in a.effects for u in e.unknown]
    if unknown:
        line, what = unknown[0]
        if "is not in the build context" in what:
            raise Refusal("SS010", f"line {line}: the {what}, so the image cannot be built from this context as it stands")
        raise Refusal("SS007", f"line {line}: {_unknown_sentence(what)}, so a file it writes could be missing from the runtime stage")
    _refuse_plain_nginx(a)


def _refuse_plain_nginx(a: Analysis) -> None:
    """A server image serving files this file only copies in is already a runtime image
    (heuristics/static_site.py says when, in the words of what the file does)."""
    if any(e.artifacts for e in a.effects):
        return
    why = static_site.already_a_runtime_image(a.base_ref, a.stage.instructions, a.effects)
    if why is not None:
        raise Refusal("SS009", f"nothing built: {why}")


# Instructions whose values the analysis does not read as file names or commands: their bytes
# are kept as they are (replayed from their raw text), whatever the encoding. An ENV or ARG value
# holding such a byte (U+FFFD to the analysis) that a path expands matches no file: a refusal then
# names it, never a wrong copy.
_TEXT_ONLY = frozenset({"LABEL", "MAINTAINER", "ENV", "ARG", "EXPOSE", "STOPSIGNAL"})


def _args_without_default(df: Dockerfile, base: str) -> list[str]:
    """The ARGs the FROM line names that are declared before it with no default (`ARG PY`): the
    engine reads them as empty unless --build-arg sets them, so the build image is not known."""
    declared = {k: v for ins in df.global_args for k, v in ins.pairs()}
    # `${TAG:-1.22}` gives its own default; `$TAG`, `${TAG}` and `${V:+-$V}` use the value as it is
    return [n for n, v in declared.items() if v is None
            and re.search(r"\$(?:" + re.escape(n) + r"\b|\{" + re.escape(n) + r"(?!:?-)\b)", base)]


def _unset_base_sentence(df: Dockerfile, stage: Stage, unset: list[str]) -> str:
    """What the FROM line depends on and what to do about it, naming the ARG and its line."""
    line = stage.from_.start_line
    if not unset:
        return (f"line {line}: the build image {stage.base} names a build argument no ARG before FROM declares, so the image "
                "is unknown until build time; declare it with a default before FROM (ARG NAME=value) to have the file split")
    where = {k: ins.start_line for ins in df.global_args for k, _ in ins.pairs()}
    names = ", ".join(f"ARG {n} (line {where[n]})" for n in unset)
    one = len(unset) == 1
    return (f"line {line}: the build image {stage.base} depends on {names}, which {'has' if one else 'have'} no default: "
            f"the image is known only at build time (--build-arg); give {'it' if one else 'them'} a default "
            f"(ARG {unset[0]}=...) to have the file split for that image")


def _windows_image(written: str, ref: str, instructions: tuple[Instruction, ...]) -> str:
    """Why the image is a Windows one ("" if it is not): its base's name, or a SHELL only Windows has."""
    for name in dict.fromkeys((ref, written)):
        why = windows_images.image(name)
        if why:
            return why
    for ins in instructions:
        if ins.keyword == "SHELL" and ins.args and windows_images.shell(ins.args[0]):
            return f"line {ins.start_line}: SHELL {ins.args[0]} is a Windows shell"
    return ""


def _unknown_sentence(what: str) -> str:
    """An effect no rule reads, as one plain clause."""
    marker = "(no rule says what it writes)"
    if what.endswith(marker):
        return f"no rule says what {what[:-len(marker)].strip()} writes"
    return what


def _refuse_unsupported_ecosystem(base_ref: str, effects: tuple[Effect, ...]) -> None:
    """A build in a language with no rules yet says so, before any step it cannot read."""
    if any(e.artifacts for e in effects):
        return
    repo = base_ref.split("@")[0].split(":")[0].rsplit("/", 1)[-1]
    names = [c.name for e in effects for c in e.commands]
    supported = list(dict.fromkeys(eco.language for eco in ecosystems()))
    lang = language_of(repo, names, frozenset(supported))
    if lang:
        raise Refusal("SS022", f"no rules for {lang} builds yet: only {', '.join(supported)} programs are split so far")
