"""Entry scripts: the `case "$1" in …) … esac` that `docker-entrypoint.sh` files use to pick
what to run. Pure.

bashlex, which reads every RUN line, does not implement `case` (it raises on the first
pattern), and entry scripts are where `case` lives. tree-sitter's bash grammar parses it; it
is used here only to cut each top-level case statement out of the script (its subject, and
each arm's patterns and body). The bodies and the rest of the script then go through the same
bashlex reader as everything else.

Example: with `CMD ["serve"]`, an arm `serve) exec /usr/local/bin/server ;;` is the program the
image runs; "serve" is a word the script handles, not a command to find on PATH.
"""

from __future__ import annotations

import fnmatch
from functools import lru_cache

from msgspec import Struct


class CaseArm(Struct, frozen=True, gc=False):
    patterns: tuple[str, ...]    # as written, quotes removed ("serve", "-*", "*")
    body: str                    # the arm's commands, as shell text

    def matches(self, word: str) -> bool:
        return any(fnmatch.fnmatchcase(word, p) for p in self.patterns)

    @property
    def is_default(self) -> bool:
        return "*" in self.patterns


class CaseStatement(Struct, frozen=True, gc=False):
    subject: str                 # as written: '"$1"', '$1', '"${1:-}"'
    arms: tuple[CaseArm, ...]

    @property
    def on_first_argument(self) -> bool:
        bare = self.subject.strip('"').replace("{", "").replace("}", "")
        return bare in ("$1", "$1:-")

    def arm_for(self, word: str) -> CaseArm | None:
        return next((a for a in self.arms if a.matches(word)), None)


@lru_cache(maxsize=1)
def _parser():
    import tree_sitter_bash
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_bash.language()))


def split_cases(script: str) -> tuple[str, tuple[CaseStatement, ...]]:
    """The script with its top-level case statements blanked out (lines kept, so line numbers
    stay), and those statements. A script without `case` comes back unchanged."""
    if "case" not in script or "esac" not in script:
        return script, ()
    data = bytearray(script.encode("utf-8"))
    tree = _parser().parse(bytes(data))
    found: list[CaseStatement] = []
    for node in tree.root_node.children:
        if node.type != "case_statement" or node.has_error:
            continue
        found.append(_statement(node, bytes(data)))
        for i in range(node.start_byte, node.end_byte):
            if data[i] != 0x0A:
                data[i] = 0x20
    return data.decode("utf-8"), tuple(found)


def _statement(node, src: bytes) -> CaseStatement:
    subject = ""
    arms: list[CaseArm] = []
    for child in node.children:
        if child.type in ("string", "word", "simple_expansion", "expansion", "raw_string", "concatenation") and not subject:
            subject = _text(child, src)
        elif child.type == "case_item":
            patterns: list[str] = []
            body_start = None
            for part in child.children:
                if part.type == ")":
                    body_start = part.end_byte
                elif body_start is None and part.type not in ("|", "("):
                    patterns.append(_text(part, src).strip("'\""))
            end = child.end_byte
            tail = _text(child, src)
            for terminator in (";;&", ";;", ";&"):
                if tail.rstrip().endswith(terminator):
                    end = child.start_byte + len(tail.rstrip().encode("utf-8")) - len(terminator)
                    break
            body = src[body_start:end].decode("utf-8") if body_start is not None else ""
            arms.append(CaseArm(tuple(patterns), body))
    return CaseStatement(subject, tuple(arms))


def _text(node, src: bytes) -> str:
    return src[node.start_byte:node.end_byte].decode("utf-8")
