"""The typed model of a Dockerfile: frozen value classes (msgspec Structs), built once by `parse`.

The model keeps each instruction's exact source text (`raw`) so that the renderer can
reproduce every line it does not change byte for byte.
"""

from __future__ import annotations

import re

from msgspec import Struct, field

# Bytes of the file that are not UTF-8, as converter/parse.py's `decode` keeps them (lone surrogates).
NOT_UTF8 = re.compile("[\udc80-\udcff]")


class Instruction(Struct, frozen=True):
    """One instruction as BuildKit's parser sees it, plus its exact text."""

    keyword: str                 # upper-case: "RUN", "COPY", ...
    args: tuple[str, ...]        # BuildKit's values (ENV/LABEL: key, value, key, value ...)
    flags: tuple[str, ...] = ()  # raw flags, e.g. "--from=build"
    json_form: bool = False      # exec form (JSON array) for RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK
    raw: str = ""                # the source lines, continuation and newline included
    start_line: int = 0          # 1-based, inclusive
    end_line: int = 0
    sub_keyword: str | None = None   # ONBUILD's inner instruction keyword
    heredocs: tuple[str, ...] = ()   # heredoc bodies (input then needs BuildKit)

    def flag(self, name: str) -> str | None:
        """Value of `--name=value` (or "" for a bare `--name`), None when absent."""
        prefix = f"--{name}"
        for f in self.flags:
            if f == prefix:
                return ""
            if f.startswith(prefix + "="):
                return f[len(prefix) + 1:]
        return None

    @property
    def not_utf8(self) -> bool:
        """Its text holds bytes that are not UTF-8 (a Latin-1 `é`): its values hold U+FFFD there."""
        return NOT_UTF8.search(self.raw) is not None

    def pairs(self) -> tuple[tuple[str, str | None], ...]:
        """ENV/LABEL/ARG arguments as (key, value) pairs; an ARG without a default has value None."""
        if self.keyword == "ARG":
            out: list[tuple[str, str | None]] = []
            for a in self.args:
                key, sep, val = a.partition("=")
                out.append((key, val if sep else None))
            return tuple(out)
        return tuple(zip(self.args[0::2], self.args[1::2], strict=False))


class Trivia(Struct, frozen=True):
    """A line that is not part of an instruction: blank, comment or parser directive."""

    raw: str
    line: int        # 1-based


Item = Instruction | Trivia


class Stage(Struct, frozen=True):
    index: int
    from_: Instruction
    instructions: tuple[Instruction, ...]   # after FROM, up to the next FROM

    @property
    def base(self) -> str:
        return self.from_.args[0] if self.from_.args else ""

    @property
    def alias(self) -> str | None:
        a = self.from_.args
        if len(a) >= 3 and a[1].lower() == "as":
            return a[2]
        return None


class Dockerfile(Struct, frozen=True):
    text: str
    items: tuple[Item, ...]                  # every line of the file, in order
    global_args: tuple[Instruction, ...]     # ARGs before the first FROM
    stages: tuple[Stage, ...]
    directives: tuple[tuple[str, str], ...] = field(default=())   # ("syntax", "...")

    def global_arg_defaults(self) -> dict[str, str]:
        """ARGs declared before the first FROM, with their defaults ("" when none), each read as
        BuildKit reads it: a shell word (quotes removed, the file's escape character applied),
        the ARGs above it expanded (`ARG GO_VERSION="1.22"` is 1.22, not "1.22" with quotes)."""
        from .variables import process_word

        escape = self.directive("escape") or "\\"
        out: dict[str, str] = {}
        for a in self.global_args:
            for k, v in a.pairs():
                out[k] = process_word(v, out, escape=escape) if v else ""
        return out

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        return tuple(i for i in self.items if isinstance(i, Instruction))

    def directive(self, name: str) -> str | None:
        for k, v in self.directives:
            if k == name:
                return v
        return None

    @property
    def needs_buildkit(self) -> bool:
        """True when the input already relies on BuildKit-only syntax."""
        if self.directive("syntax"):
            return True
        for ins in self.instructions:
            if ins.heredocs or (ins.keyword == "RUN" and any(f.startswith(("--mount", "--network", "--security")) for f in ins.flags)):
                return True
            if ins.keyword in ("COPY", "ADD") and any(f.startswith(("--chmod", "--link", "--parents", "--exclude")) for f in ins.flags):
                return True
        return False
