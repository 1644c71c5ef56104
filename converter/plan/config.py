"""The config instructions the runtime stage replays (ENV, WORKDIR, USER, EXPOSE, CMD, ...),
the ARGs they expand, and the build image's values the original ran with and the runtime
base would not set (PATH, GOPATH, JAVA_HOME, its default WORKDIR)."""

from __future__ import annotations

from msgspec import Struct

from heuristics import Decision
from heuristics.base_images import BaseImage

from ..model import Dockerfile, Instruction, Stage
from ..variables import references
from .analysis import Analysis
from .entry import Entry

CONFIG_KEYWORDS = frozenset(
    "ENV LABEL MAINTAINER WORKDIR USER EXPOSE VOLUME STOPSIGNAL SHELL HEALTHCHECK ENTRYPOINT CMD".split()
)
# Instructions whose arguments Docker expands variables in (so ARGs must be re-declared).
_EXPANDS = frozenset("ENV LABEL WORKDIR USER EXPOSE VOLUME STOPSIGNAL".split())


class Replayed(Struct, frozen=True):
    head: tuple[Instruction, ...]
    tail: tuple[Instruction, ...]
    arg_lines: tuple[str, ...]
    extra_env: tuple[tuple[str, str], ...]
    workdir: str | None
    reset_entrypoint: bool          # the base has an ENTRYPOINT the original did not run through


def replay(df: Dockerfile, a: Analysis, ran: Entry, base: BaseImage, decisions: list[Decision]) -> Replayed:
    stage, build = a.stage, a.build
    escape = df.directive("escape") or "\\"
    # PATH: the original image searched the build image's PATH; when the program is found
    # through a folder the runtime base does not search, or the file extends "$PATH", start
    # the runtime stage from the build image's PATH so that every later ENV sees the same.
    extra_env: list[tuple[str, str]] = []
    build_path = dict(build.env).get("PATH", base.path)
    extends_path = any(i.keyword == "ENV" and any(k == "PATH" for k, _ in i.pairs())
                       and "PATH" in references(" ".join(i.args), escape=escape) for i in stage.instructions)
    missing_dirs = ran.path_dirs - set(base.path.split(":"))
    if base.provides and missing_dirs and not _sets_path(stage):
        # A base that ships a runtime finds it through its own PATH (the build image's JDK
        # folders do not exist there): start from it, plus where the programs were found.
        extra_env.append(("PATH", ":".join([*sorted(missing_dirs), base.path])))
        decisions.append(Decision("PATH", f"{base.ref}'s, and {', '.join(sorted(missing_dirs))}",
                                  f"the program is found through {', '.join(sorted(missing_dirs))}, which {base.ref} does not search"))
    elif not base.provides and build_path != base.path and (extends_path or (missing_dirs and not _sets_path(stage))):
        extra_env.append(("PATH", build_path))
        why = (f"the program is found through {', '.join(sorted(missing_dirs))}, which {base.ref} does not search"
               if missing_dirs else "the file extends $PATH, which must start from the same value as in the original")
        decisions.append(Decision("PATH", "the build image's", why))

    head, tail = _replay(stage)
    # Variables the build image sets (GOPATH, JAVA_HOME, …) that a replayed instruction expands
    # (`WORKDIR $GOPATH/src/app`): the runtime base does not set them, so they would expand to ""
    # there. Set them first, with the build image's values, as the original image had them.
    file_sets = {k for i in stage.instructions if i.keyword in ("ENV", "ARG") for k, _ in i.pairs()}
    image_env = dict(build.env)
    for name in sorted({n for i in head + tail if i.keyword in _EXPANDS for n in references(" ".join(i.args), escape=escape)}):
        if name in image_env and name not in file_sets and name not in dict(extra_env):
            extra_env.append((name, image_env[name]))
            decisions.append(Decision(name, image_env[name], f"a replayed instruction expands ${name}, which {a.base_ref} sets "
                                                              f"and {base.ref} does not"))
    default_workdir = None
    if build.workdir != "/" and not any(i.keyword == "WORKDIR" for i in head + tail):
        default_workdir = build.workdir
        decisions.append(Decision("WORKDIR", build.workdir, f"{a.base_ref} starts in {build.workdir} and the file sets no WORKDIR; "
                                                            "the runtime stage starts there too"))
    reset = bool(base.entrypoint) and not any(i.keyword == "ENTRYPOINT" for i in stage.instructions)
    if reset:
        decisions.append(Decision("ENTRYPOINT", "[]", f"{base.ref} starts everything through {' '.join(base.entrypoint)}; "
                                                      "the original ran its CMD directly"))
    return Replayed(head, tail, _arg_lines(df, stage, head + tail), tuple(extra_env), default_workdir, reset)


def _sets_path(stage: Stage) -> bool:
    return any(i.keyword == "ENV" and any(k == "PATH" for k, _ in i.pairs()) for i in stage.instructions)


def _replay(stage: Stage) -> tuple[tuple[Instruction, ...], tuple[Instruction, ...]]:
    """Config instructions in their order; the copies go before the first one that is not
    ENV/LABEL/WORKDIR/SHELL (so files land before USER, VOLUME and the commands)."""
    config = [i for i in stage.instructions if i.keyword in CONFIG_KEYWORDS]
    split = next((n for n, i in enumerate(config) if i.keyword not in ("ENV", "LABEL", "MAINTAINER", "WORKDIR", "SHELL")), len(config))
    return tuple(config[:split]), tuple(config[split:])


def _arg_lines(df: Dockerfile, stage: Stage, replayed: tuple[Instruction, ...]) -> tuple[str, ...]:
    """ARGs the replayed instructions expand, declared again (a stage starts with none)."""
    escape = df.directive("escape") or "\\"
    used: list[str] = []
    for ins in replayed:
        if ins.keyword in _EXPANDS:
            for name in sorted(references(" ".join(ins.args), escape=escape)):
                if name not in used:
                    used.append(name)
    if not used:
        return ()
    lines: list[str] = []
    stage_args = [i for i in stage.instructions if i.keyword == "ARG"]
    global_names = set(df.global_arg_defaults())
    for name in used:
        own = next((i for i in stage_args if name in [k for k, _ in i.pairs()]), None)
        if own is not None:
            lines.append(own.raw.rstrip("\r\n"))   # the renderer adds the file's own line ending
        elif name in global_names:
            lines.append(f"ARG {name}")
    return tuple(dict.fromkeys(lines))
