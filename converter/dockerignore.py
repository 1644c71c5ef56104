"""`.dockerignore`: which files of a build context the engine never receives.

Docker's rules (moby's patternmatcher and its ignore-file reader), which this module follows:
- a line starting with `#` (in its first column) is a comment; lines are trimmed; blank lines skip;
- `!` makes an exception; the pattern after it is cleaned as Go's `filepath.Clean` does (`.`
  and `..` elements resolved, repeated and trailing slashes dropped) and one leading `/` is
  stripped, so `/foo`, `./foo` and `foo/` all mean `foo`;
- the glob is Go's `filepath.Match` plus `**`: `*` and `?` never match `/`, `[...]` is a class
  negated by `^` (moby hands the class to a regular expression, so `!` is a member there), a
  backslash makes the next character literal, `**/` matches any number of folders (none
  included) and a final `**` matches anything;
- a pattern excludes a path when it matches the path or one of its parent folders, and the
  last pattern that matches decides, so a later `!` line takes a file back;
- an excluded folder is not descended unless an exception pattern starts with its path (the
  rule of the Docker SDK and of the classic builder's archive walk);
- as the Docker SDK does when it sends a context, `Dockerfile` and `.dockerignore` are always
  sent.

Written here rather than taken from a library: the Docker SDK has the matcher (it stays a
dependency, for verify and as this module's reference in tests/test_dockerignore.py), but
importing it costs ~100 ms (requests, urllib3, ssl), most of a single conversion. `pathspec`
implements gitignore, whose rules differ: there a pattern without a slash matches at any depth
(`*.md` excludes `docs/a.md`; in a `.dockerignore` it excludes only `a.md` at the root), a
trailing `/` restricts a pattern to folders, a file inside an excluded folder cannot be taken
back by `!`, and `\\!`/`\\#` escapes and the character-class syntax follow git's fnmatch.
"""

from __future__ import annotations

import posixpath
import re

from msgspec import Struct

ALWAYS_SENT = ("Dockerfile", ".dockerignore")


class Pattern(Struct, frozen=True, gc=False):
    text: str                  # cleaned, without the `!`
    exception: bool
    regex: re.Pattern[str]     # the path itself
    within: re.Pattern[str] | None = None   # the path or one of its parent folders (`_within`)

    def matches(self, path: str) -> bool:
        """PATH (relative, `/`-separated) or one of its parent folders matches."""
        if self.within is not None:
            return self.within.match(path) is not None
        if self.regex.match(path):
            return True
        parts = path.split("/")
        return any(self.regex.match("/".join(parts[:i])) for i in range(1, len(parts)))


def _within(regex: re.Pattern[str]) -> re.Pattern[str]:
    """REGEX (anchored, ending in \\Z) widened to a path below what it matches: the pattern,
    then nothing or a `/` and anything. The engine tries every place where the pattern could end,
    so this is "the path or a parent folder matches", in one match instead of one per folder
    (every listed file of every context is asked)."""
    body = regex.pattern[:-2] if regex.pattern.endswith(r"\Z") else regex.pattern
    return re.compile(body + r"(?:/[\s\S]*)?\Z")


class IgnoreRules(Struct, frozen=True, gc=False):
    patterns: tuple[Pattern, ...] = ()

    def excluded(self, path: str) -> bool:
        """Whether the file or folder PATH (relative to the context root) is left out."""
        out = False
        for p in self.patterns:
            if p.exception == out and p.matches(path):   # only a pattern that can change the answer
                out = not p.exception
        return out

    def may_take_back_below(self, folder: str) -> bool:
        """Whether an exception may take back a file inside FOLDER, itself excluded: then the
        folder is still listed (its files decided one by one)."""
        return any(p.exception and p.text.startswith(folder) for p in self.patterns)


def parse(text: str) -> IgnoreRules:
    """The rules of a `.dockerignore` text; ValueError names a line Docker would refuse."""
    patterns = []
    for n, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if raw.startswith("#"):
            continue
        line = raw.strip()
        if not line:
            continue
        exception = line.startswith("!")
        if exception:
            line = line[1:].strip()
            if not line:
                raise ValueError(f"line {n}: '!' alone excludes nothing")
        cleaned = clean(line)
        regex = compile_glob(cleaned, n)
        patterns.append(Pattern(cleaned, exception, regex, _within(regex)))
    for name in ALWAYS_SENT:
        regex = re.compile(re.escape(name) + r"\Z")
        patterns.append(Pattern(name, True, regex, _within(regex)))
    return IgnoreRules(tuple(patterns))


def clean(pattern: str) -> str:
    """Go's filepath.Clean, then one leading `/` dropped."""
    p = posixpath.normpath(pattern)
    if p.startswith("//"):          # normpath keeps two leading slashes (POSIX); Clean does not
        p = "/" + p.lstrip("/")
    return p[1:] if len(p) > 1 and p.startswith("/") else p


def compile_glob(pattern: str, line: int = 0) -> re.Pattern[str]:
    """The regular expression of one cleaned pattern (anchored at both ends)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                out.append(".*" if i >= n else "(?:.*/)?")
            else:
                out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\":
            if i >= n:
                raise ValueError(f"line {line}: {pattern!r} ends with a lone backslash")
            out.append(re.escape(pattern[i]))
            i += 1
        elif ch == "[":
            end = _class_end(pattern, i)
            if end < 0:
                raise ValueError(f"line {line}: {pattern!r} has an unterminated '['")
            body = pattern[i:end]
            negated = body.startswith("^")
            if negated:
                body = body[1:]
            if not body:
                raise ValueError(f"line {line}: {pattern!r} has an empty character class")
            members = re.sub(r"\\(.)", lambda m: "\\" + m.group(1) if m.group(1) in "]\\^-" else m.group(1), body)
            members = members.replace("[", "\\[")
            out.append(("[^" if negated else "[") + members + "]")
            i = end + 1
        else:
            out.append(re.escape(ch))
    try:
        return re.compile("".join(out) + r"\Z")
    except re.error as e:   # a class range that runs backwards, [z-a]
        raise ValueError(f"line {line}: {pattern!r}: {e}") from None


def _class_end(pattern: str, start: int) -> int:
    """Index of the `]` that closes a class opened just before START, or -1."""
    i = start
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i
        i += 1
    return -1
