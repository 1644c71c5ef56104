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
from functools import lru_cache

from immutables import Map
from msgspec import Struct, field

from .variables import expand


class Word(Struct, frozen=True, gc=False):
    text: str
    known: bool = True


class SimpleCommand(Struct, frozen=True, gc=False):
    argv: tuple[Word, ...]
    cwd: str
    env: Mapping[str, str]                  # the environment it sees (ENV + ARG + prefixes), immutable
    redirect_writes: tuple[Word, ...] = ()   # targets of > and >>
    conditional: bool = False               # inside if/while/for or after || (may not run)
    user: str | None = None                 # the USER the RUN runs as (None: the image's default, root)

    @property
    def name(self) -> str:
        return self.argv[0].text if self.argv else ""

    @property
    def args(self) -> tuple[str, ...]:
        return tuple(w.text for w in self.argv[1:])

    def envmap(self) -> Mapping[str, str]:
        return self.env


class ShellReading(Struct, frozen=True, gc=False):
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
        subs = [p for p in parts if p.kind in ("commandsubstitution", "processsubstitution")]
        if subs:
            for p in subs:   # their commands run too, at build time: read them like any other
                if getattr(p, "command", None) is not None:
                    self.walk(p.command, True)
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
        elif kind == "for" and (loop := _literal_loop(node)) is not None:
            # `for d in server cli; do go build -o /bin/$d ./cmd/$d; done`: the list is
            # literal words, so the body is read once per word, the variable set to it
            name, items, body = loop
            outer_env = self.env
            for item in items:
                self.env = outer_env.set(name, item)
                for p in body:
                    self.walk(p, conditional)
            self.env = outer_env.set(name, items[-1]) if items else outer_env
        elif kind in ("if", "for", "while", "until"):
            if kind == "for":
                self.problems.append("a for loop (its variable is not followed)")
            for p in node.parts:
                if p.kind not in ("reservedword",) and p.kind != "word":
                    self.walk(p, True)
        elif kind == "command":
            self.command(node, conditional)
        elif kind == "conditional-substitution":
            self.walk(node.tree, True)
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
                for sub in getattr(p, "parts", []) or []:
                    if sub.kind == "commandsubstitution" and getattr(sub, "command", None) is not None:
                        self.walk(sub.command, True)   # `x=$(cp a b)` runs cp too
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
        elif name in (".", "source") and not conditional and len(argv) == 2 and argv[1].known \
                and argv[1].text.endswith("bin/activate"):
            # a Python virtual environment's activate script sets only these for what follows
            venv = posixpath.dirname(posixpath.dirname(posixpath.normpath(posixpath.join(self.cwd, argv[1].text))))
            path = f"{venv}/bin:{self.env['PATH']}" if self.env.get("PATH") else f"{venv}/bin"
            self.env = self.env.set("VIRTUAL_ENV", venv).set("PATH", path)
            if "PYTHONHOME" in self.env:
                self.env = self.env.delete("PYTHONHOME")


# `time` where a command starts: the shell keyword, which bashlex does not know.
_TIME_KEYWORD = re.compile(r"(^|[;&|({!\n]\s*|\b(?:then|do|else|elif)\s+)time(?=\s)")


def _bashlex():
    """bashlex, imported on the first RUN that needs it, with its parser tables cached
    (converter/bashlex_tables.py says why)."""
    from .bashlex_tables import import_bashlex

    return import_bashlex()


@lru_cache(maxsize=1024)
def _parsed(script: str) -> tuple[object, ...] | str:
    """The trees of SCRIPT, or the name of the error bashlex raised: cached by text, as the
    Dockerfiles of a batch repeat the same RUN lines (`apt-get update && apt-get install ...`).
    Bounded, so a batch keeps flat memory. Shared between callers, so nothing may change a tree:
    `_Walker` only reads them."""
    try:
        return tuple(_parse(script))
    except Exception as e:  # bashlex raises several types for what it cannot read
        return type(e).__name__


def _parse(script: str):
    """bashlex's parse; a script it rejects only for the `time` keyword is parsed again with
    `time` read as a command word (which the wrapper rules then read through); one it rejects
    for what stands inside a `$(…)` (`$(git describe || echo dev)`: bashlex cannot read lists
    there) is parsed with each substitution read on its own, standing for a value known only
    at build time."""
    bashlex = _bashlex()
    try:
        return bashlex.parse(script)
    except Exception:
        retried = _TIME_KEYWORD.sub(lambda m: m.group(1) + "'time'", script) if "time" in script else script
        cut, _ = _cut_expansions(retried, substitutions=False)
        if cut != script:
            try:
                return bashlex.parse(cut)
            except Exception:
                pass
        outer, inner = _cut_expansions(retried, substitutions=True)
        if not inner:
            raise
        trees = list(bashlex.parse(outer))
        for text in inner:
            trees.extend(_Conditional(t) for t in _parse(text))
        return trees


class _Conditional:
    """A tree from a command substitution: its commands may or may not run."""

    kind = "conditional-substitution"

    def __init__(self, tree):
        self.tree = tree


def _cut_expansions(script: str, substitutions: bool) -> tuple[str, list[str]]:
    """SCRIPT with each `$((…))` replaced by an unset variable and, with SUBSTITUTIONS, each
    top-level `$(…)` too; and the texts those substitutions held.

    bashlex cannot parse arithmetic expansion (`n=$((n + 1))`, the counter of every wait-for
    loop), and a number runs no command; one holding a command substitution or a backquote runs
    a command, so then nothing is cut (bashlex's error stands and the script is not read). A
    substitution's commands are read on their own. A scanner rather than a pattern: parentheses
    nest and quotes hide them; nothing inside single quotes is cut, and anything unbalanced
    leaves the script as it is."""
    out: list[str] = []
    inner: list[str] = []
    i, n, quote, count = 0, len(script), "", 0
    while i < n:
        ch = script[i]
        if ch == "\\" and quote != "'" and i + 1 < n:
            out.append(script[i:i + 2])
            i += 2
            continue
        if ch in "'\"" and (not quote or quote == ch):
            quote = "" if quote == ch else ch
        elif quote != "'" and script.startswith("$((", i):
            j = _closing(script, i + 3, 2, quotes=False)
            body = script[i + 3:j - 2]
            if not j or not script.startswith("))", j - 2) or "$(" in body or "`" in body:
                return script, []
            count += 1
            out.append(f"${{__stagesplit_arithmetic_{count}}}")
            i = j
            continue
        elif substitutions and quote != "'" and script.startswith("$(", i):
            j = _closing(script, i + 2, 1, quotes=True)
            if not j:
                return script, []
            inner.append(script[i + 2:j - 1])
            out.append(f"${{__stagesplit_substitution_{len(inner)}}}")
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out), inner


def _closing(script: str, j: int, depth: int, quotes: bool) -> int:
    """Where the parentheses open before J (DEPTH of them) are closed: the index after the last
    one, or 0 when they never are. With QUOTES, parentheses inside quotes or escaped do not count."""
    q = ""
    while j < len(script) and depth:
        c = script[j]
        if quotes and c == "\\" and j + 1 < len(script):
            j += 2
            continue
        if q:
            q = "" if c == q else q
        elif quotes and c in "'\"":
            q = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        j += 1
    return 0 if depth else j


_MAX_LOOP_ITEMS = 64     # a longer literal list is read as any other loop (its variable not followed)


def _literal_loop(node) -> tuple[str, list[str], list] | None:
    """(variable, words, body) of `for NAME in WORD...; do BODY; done` whose words are
    literal (no expansion, substitution or glob); None for any other loop."""
    parts = list(node.parts)
    if len(parts) < 5 or parts[1].kind != "word" or parts[2].kind != "reservedword" or parts[2].word != "in":
        return None
    items: list[str] = []
    i = 3
    while i < len(parts) and parts[i].kind == "word":
        w = parts[i]
        if getattr(w, "parts", None) or any(ch in w.word for ch in "*?[$`"):
            return None
        items.append(w.word)
        i += 1
    if len(items) > _MAX_LOOP_ITEMS:
        return None
    body = [p for p in parts[i:] if p.kind != "reservedword"]
    return parts[1].word, items, body


def read_shell(script: str, cwd: str, env: Mapping[str, str]) -> ShellReading:
    """Parse `script` and list its simple commands; never raises on odd shell."""
    walker = _Walker(cwd, env)
    if all(not line.strip() or line.lstrip().startswith("#") for line in script.splitlines()):
        # Nothing but comments and blank lines (an entry script whose `case` was cut out,
        # scripts.split_cases): no command; bashlex raises on such text.
        return ShellReading((), ())
    trees = _parsed(script)
    if isinstance(trees, str):
        return ShellReading((), (f"shell that bashlex cannot parse ({trees})",))
    for t in trees:
        walker.walk(t)
    return ShellReading(tuple(walker.out), tuple(walker.problems))


def exec_commands(argv: tuple[str, ...], cwd: str, env: Mapping[str, str]) -> ShellReading:
    """Exec form: one command, no shell, no variable substitution."""
    return ShellReading((SimpleCommand(tuple(Word(a) for a in argv), cwd, env if isinstance(env, Map) else Map(env)),))
