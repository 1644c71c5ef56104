"""Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR:+x}`, `-`, `+`).

Written by hand because no library implements Dockerfile's rules: `os.path.expandvars`
knows no defaults, `string.Template` no modifiers, and a shell would also run commands.
Unknown variables expand to "" as in BuildKit; `expand` reports them so callers can
refuse to guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .errors import InputError

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_REF = re.compile(r"\\\$|\$(?:(" + _NAME + r")|\{(" + _NAME + r")(?:(:?[-+])((?:[^{}]|\{[^{}]*\})*))?\})")


MAX_EXPANSION = 1 << 20   # characters one word may grow to; beyond it the input is refused


def expand(word: str, env: Mapping[str, str]) -> tuple[str, frozenset[str]]:
    """Return `word` with variables substituted, and the names that had no value."""
    missing: set[str] = set()
    grown = [len(word)]

    def sub(m: re.Match[str]) -> str:
        out = _sub(m)
        grown[0] += len(out)
        if grown[0] > MAX_EXPANSION:
            raise InputError(f"a word expands to more than {MAX_EXPANSION >> 20} MiB of text: "
                             "not a Dockerfile this tool can analyse")
        return out

    def _sub(m: re.Match[str]) -> str:
        if m.group(0) == "\\$":
            return "$"
        name = m.group(1) or m.group(2)
        op, alt = m.group(3), m.group(4) or ""
        val = env.get(name)
        if op in (":-", "-"):
            if val is None or (op == ":-" and val == ""):
                return expand(alt, env)[0]
            return val
        if op in (":+", "+"):
            is_set = val is not None and (op == "+" or val != "")
            return expand(alt, env)[0] if is_set else ""
        if val is None:
            missing.add(name)
            return ""
        return val

    return _REF.sub(sub, word), frozenset(missing)


def references(word: str, *, escape: str = "\\") -> frozenset[str]:
    """Names a word refers to; ESCAPE is the file's escape character (with `# escape=`` `,
    `` `$X `` is no reference and `\\$X` is one)."""
    ref = _REF if escape == "\\" else _REF_BACKTICK
    return frozenset((m.group(1) or m.group(2)) for m in ref.finditer(word) if m.group(1) or m.group(2))


# _REF with "`" where it has its leading escaped backslash (BuildKit allows only these two escapes)
_REF_BACKTICK = re.compile("`" + _REF.pattern[len(r"\\"):])


# Special parameters of the POSIX shell: BuildKit reads `$$`, `$?`, `$1` as names, which a
# Dockerfile never sets, so they expand to "".
_SPECIAL = frozenset("@*#?-$!0")
# The runs of ordinary characters between the ones `process_word` acts on, per escape character.
_PLAIN = {esc: re.compile("[^'\"$" + re.escape(esc) + "]+") for esc in ("\\", "`")}


def process_word(word: str, env: Mapping[str, str], *, escape: str = "\\") -> str:
    """A Dockerfile word as BuildKit's shell lexer (ProcessWord) reads it for ENV, ARG, COPY,
    ADD, WORKDIR and USER: quotes removed, ESCAPE (the file's `# escape=` character, backslash
    by default) taking the next character literally, variables expanded outside single quotes.
    With `# escape=`` ` a backslash is an ordinary character (`C:\\app` stays) and `` `$HOME ``
    is the literal text `$HOME`.

    Written by hand: no library reads Dockerfile words (shlex expands no variables and knows
    only the backslash). Where BuildKit would stop the build (an open quote, a `${` never
    closed) the text is read leniently, as before: an open quote runs to the end of the word,
    the `$` of an unclosed `${` stays. The `?`, `#`, `%` and `/` forms are not evaluated here:
    their `$` stays as written."""
    plain = _PLAIN.get(escape) or re.compile("[^'\"$" + re.escape(escape) + "]+")
    if not word or plain.fullmatch(word):
        return word    # nothing to read (most words): no reader
    return _Reader(word, env, escape, plain).until(None) or ""


class _Reader:
    """One pass over a word: `pos` moves forward; `until` reads up to an unescaped stop character."""

    def __init__(self, text: str, env: Mapping[str, str], escape: str, plain: re.Pattern[str]):
        self.text, self.env, self.escape, self.plain, self.pos = text, env, escape, plain, 0
        self.grown = len(text)

    def until(self, stop: str | None) -> str | None:
        """The text read up to STOP (consumed), or to the end when STOP is None; None when STOP
        never comes (the caller then reads its `$` literally)."""
        text, n = self.text, len(self.text)
        out: list[str] = []
        while self.pos < n:
            ch = text[self.pos]
            if ch == stop:
                self.pos += 1
                return "".join(out)
            if ch == "'":
                end = text.find("'", self.pos + 1)
                end = n if end < 0 else end
                out.append(text[self.pos + 1:end])
                self.pos = end + 1
            elif ch == '"':
                out.append(self._double())
            elif ch == "$":
                out.append(self._dollar())
            elif ch == self.escape:
                out.append(text[self.pos + 1:self.pos + 2])   # a lone escape at the end is dropped
                self.pos += 2
            else:
                m = self.plain.match(text, self.pos)
                run = m.group() if m else ch
                if stop is not None and stop in run:
                    run = run[:run.index(stop)]
                out.append(run)
                self.pos += len(run)
        return "".join(out) if stop is None else None

    def _double(self) -> str:
        """After an opening double quote: up to the closing one. The escape character escapes
        only `"`, `$` and itself there; before anything else it stays."""
        text, n = self.text, len(self.text)
        out: list[str] = []
        self.pos += 1
        while self.pos < n:
            ch = text[self.pos]
            if ch == '"':
                self.pos += 1
                break
            if ch == "$":
                out.append(self._dollar())
                continue
            if ch == self.escape and self.pos + 1 < n and text[self.pos + 1] in ('"', "$", self.escape):
                out.append(text[self.pos + 1])
                self.pos += 2
                continue
            if ch == self.escape and self.pos + 1 == n:   # BuildKit ignores it (and then misses the quote)
                self.pos += 1
                continue
            out.append(ch)
            self.pos += 1
        return "".join(out)

    def _name(self) -> str:
        """A variable name at `pos` (consumed): letters, digits and `_`; or digits alone; or one
        special parameter."""
        text, n, i = self.text, len(self.text), self.pos
        if i < n and text[i].isdigit():
            while i < n and text[i].isdigit():
                i += 1
        elif i < n and text[i] in _SPECIAL:
            i += 1
        else:
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
        name, self.pos = text[self.pos:i], i
        return name

    def _dollar(self) -> str:
        """At a `$`: the expansion, consumed; a `$` that starts none is itself."""
        start = self.pos
        self.pos += 1
        if self.text[self.pos:self.pos + 1] != "{":
            name = self._name()
            return self._value(self.env.get(name, "")) if name else "$"
        self.pos += 1
        name = self._name() if self.text[self.pos:self.pos + 1] not in ("{", "}", ":") else ""
        op = self.text[self.pos:self.pos + 1]
        if op == ":" and self.text[self.pos + 1:self.pos + 2] in ("-", "+"):
            op = self.text[self.pos:self.pos + 2]
        if name and op == "}":
            self.pos += 1
            return self._value(self.env.get(name, ""))
        if name and op in ("-", "+", ":-", ":+"):
            self.pos += len(op)
            alt = self.until("}")
            if alt is not None:
                val = self.env.get(name)
                is_set = val is not None and (len(op) == 1 or val != "")
                if op.endswith("-"):
                    return self._value(val) if is_set and val is not None else alt
                return alt if is_set else ""
        self.pos = start + 1        # not a form read here: the `$` stays, the rest is read on
        return "$"

    def _value(self, value: str) -> str:
        self.grown += len(value)
        if self.grown > MAX_EXPANSION:
            raise InputError(f"a word expands to more than {MAX_EXPANSION >> 20} MiB of text: "
                             "not a Dockerfile this tool can analyse")
        return value
