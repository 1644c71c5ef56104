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


def references(word: str) -> frozenset[str]:
    """Names a word refers to."""
    return frozenset((m.group(1) or m.group(2)) for m in _REF.finditer(word) if m.group(0) != "\\$")


def process_word(word: str, env: Mapping[str, str]) -> str:
    """A Dockerfile word as BuildKit's shell lexer reads it (ENV/LABEL/ARG values):
    quotes removed, backslash escapes applied, variables expanded outside single quotes."""
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch == "'":  # single quotes: literal
            end = word.find("'", i + 1)
            end = n if end < 0 else end
            out.append(word[i + 1:end])
            i = end + 1
        elif ch == '"':
            j, buf = i + 1, []
            while j < n and word[j] != '"':
                if word[j] == "\\" and j + 1 < n and word[j + 1] in '"\\$':
                    buf.append("\x00" if word[j + 1] == "$" else word[j + 1])
                    j += 2
                    continue
                buf.append(word[j])
                j += 1
            out.append(expand("".join(buf), env)[0])
            i = j + 1
        elif ch == "\\" and i + 1 < n:
            out.append("\x00" if word[i + 1] == "$" else word[i + 1])
            i += 2
        else:
            j = i
            while j < n and word[j] not in "'\"\\":
                j += 1
            if j == i:   # a lone backslash at the very end stays itself
                out.append(ch)
                j += 1
            else:
                out.append(expand(word[i:j], env)[0])
            i = j
    return "".join(out).replace("\x00", "$")   # NUL marks a literal "$" (never in a Dockerfile)
