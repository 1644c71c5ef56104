"""Shell text -> the simple commands it runs, with the working directory and environment
each one sees. Parsing is bashlex's; this module only walks its tree.

Values are resolved from the Dockerfile's ENV/ARG state, the way the shell would see them at
build time. A word whose value cannot be known (command substitution, unknown variable,
glob) is kept with `known=False`, so that callers can refuse to guess.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import bashlex
from immutables import Map

from .variables import expand


@dataclass(frozen=True)
class Word:
    text: str
    known: bool = True


@dataclass(frozen=True)
class SimpleCommand:
    argv: tuple[Word, ...]
    cwd: str
    env: Mapping[str, str]                  # the environment it sees (ENV + ARG + prefixes), immutable
    redirect_writes: tuple[Word, ...] = ()   # targets of > and >>
    conditional: bool = False               # inside if/while/for or after || (may not run)

    @property
    def name(self) -> str:
        return self.argv[0].text if self.argv else ""

    @property
    def args(self) -> tuple[str, ...]:
        return tuple(w.text for w in self.argv[1:])

    def envmap(self) -> Mapping[str, str]:
        return self.env


@dataclass(frozen=True)
class ShellReading:
    commands: tuple[SimpleCommand, ...]
    problems: tuple[str, ...] = field(default=())   # parts that could not be read


class _Walker:
    def __init__(self, cwd: str, env: Mapping[str, str]):
        self.cwd = cwd
        # A persistent map: each command's environment shares structure with the one before,
        # so a long file costs linear memory, not one copy of the environment per command.
        self.env: Map[str, str] = env if isinstance(env, Map) else Map(env)
        self.out: list[SimpleCommand] = []
        self.problems: list[str] = []

    # -- words ---------------------------------------------------------------
    def word(self, node) -> Word:
        parts = getattr(node, "parts", []) or []
        if any(p.kind in ("commandsubstitution", "processsubstitution") for p in parts):
            return Word(node.word, known=False)
        text, missing = expand(node.word, self.env)
        known = not missing and "$" not in text.replace("$@", "").replace("$*", "")
        return Word(text, known=known)

    # -- tree ----------------------------------------------------------------
    def walk(self, node, conditional: bool = False) -> None:
        kind = node.kind
        if kind == "list":
            cond = conditional
            for p in node.parts:
                if p.kind == "operator":
                    cond = conditional or p.op == "||"
                    continue
                self.walk(p, cond)
        elif kind == "pipeline":
            for p in node.parts:
                if p.kind != "pipe":
                    self.walk(p, conditional)
        elif kind == "compound":
            saved = self.cwd
            words = [p.word for p in node.list if p.kind == "reservedword"]
            subshell = words[:1] == ["("]
            for p in node.list:
                if p.kind not in ("reservedword",):
                    self.walk(p, conditional)
            if subshell:
                self.cwd = saved
        elif kind in ("if", "for", "while", "until"):
            if kind == "for":
                self.problems.append("a for loop (its variable is not followed)")
            for p in node.parts:
                if p.kind not in ("reservedword",) and p.kind != "word":
                    self.walk(p, True)
        elif kind == "command":
            self.command(node, conditional)
        elif kind == "function":
            self.problems.append("a shell function definition")
        elif kind in ("reservedword", "operator", "pipe"):
            pass
        else:
            self.problems.append(f"shell construct {kind!r}")

    def command(self, node, conditional: bool) -> None:
        prefix_env: dict[str, str] = {}
        argv: list[Word] = []
        redirects: list[Word] = []
        for p in node.parts:
            if p.kind == "assignment" and not argv:
                key, _, val = p.word.partition("=")
                prefix_env[key] = expand(val, self.env)[0]
            elif p.kind == "word":
                argv.append(self.word(p))
            elif p.kind == "redirect":
                if p.type in (">", ">>", ">|", "&>") and hasattr(p.output, "word"):
                    redirects.append(self.word(p.output))
            elif p.kind == "compound":
                self.walk(p, conditional)
        if not argv:
            self.env = self.env.update(prefix_env)   # bare assignment: a shell variable from here on
            return
        env = self.env.update(prefix_env) if prefix_env else self.env
        cmd = SimpleCommand(tuple(argv), self.cwd, env, tuple(redirects), conditional)
        self.out.append(cmd)
        name = argv[0].text
        if name == "cd" and not conditional:
            target = argv[1] if len(argv) > 1 else Word(env.get("HOME", "/root"))
            if target.known:
                self.cwd = posixpath.normpath(posixpath.join(self.cwd, target.text))
            else:
                self.problems.append(f"cd to an unknown directory ({target.text})")
        elif name == "export":
            for w in argv[1:]:
                key, sep, val = w.text.partition("=")
                if sep:
                    self.env = self.env.set(key, val)


# `time` where a command starts: the shell keyword, which bashlex does not know.
_TIME_KEYWORD = re.compile(r"(^|[;&|({!\n]\s*|\b(?:then|do|else|elif)\s+)time(?=\s)")


def _parse(script: str):
    """bashlex's parse; a script it rejects only for the `time` keyword is parsed again with
    `time` read as a command word (which the wrapper rules then read through)."""
    try:
        return bashlex.parse(script)
    except Exception:
        if "time" not in script:
            raise
        retried = _TIME_KEYWORD.sub(lambda m: m.group(1) + "'time'", script)
        if retried == script:
            raise
        return bashlex.parse(retried)


def read_shell(script: str, cwd: str, env: Mapping[str, str]) -> ShellReading:
    """Parse `script` and list its simple commands; never raises on odd shell."""
    walker = _Walker(cwd, env)
    try:
        trees = _parse(script)
    except Exception as e:  # bashlex raises several types for what it cannot read
        return ShellReading((), (f"shell that bashlex cannot parse ({type(e).__name__})",))
    for t in trees:
        walker.walk(t)
    return ShellReading(tuple(walker.out), tuple(walker.problems))


def exec_commands(argv: tuple[str, ...], cwd: str, env: Mapping[str, str]) -> ShellReading:
    """Exec form: one command, no shell, no variable substitution."""
    return ShellReading((SimpleCommand(tuple(Word(a) for a in argv), cwd, env if isinstance(env, Map) else Map(env)),))
