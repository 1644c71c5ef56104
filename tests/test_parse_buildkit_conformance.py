"""Our parse of BuildKit's own parser test files equals BuildKit's expected parse.

The files are read from ../shared/peer (never copied into the project)."""

from __future__ import annotations

import pytest

from converter.errors import InputError
from converter.model import Instruction
from converter.parse import parse_items

from .conftest import peer_dir

TESTFILES = peer_dir() / "buildkit-parser-testfiles" / "testfiles"
NEGATIVE = peer_dir() / "buildkit-parser-testfiles" / "testfiles-negative"

# BuildKit's dump shows NUL as \x00; the `dockerfile` binding hands strings through C, which
# ends them at NUL. Only this one case, and only that one character, differs.
NUL_CUT = {"json"}


def go_quote(s: str) -> str:
    """Go's strconv.Quote, which BuildKit's dump uses."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        esc = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
               "\r": "\\r", "\t": "\\t", "\v": "\\v"}.get(ch)
        if esc:
            out.append(esc)
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        else:
            out.append(ch)
    return "".join(out) + '"'


def dump(ins: Instruction, keyword: str | None = None) -> str:
    kw = (keyword or ins.keyword).lower()
    parts = [kw]
    if ins.flags:
        parts.append("[" + " ".join(go_quote(f) for f in ins.flags) + "]")
    if kw in ("env", "label"):
        # The binding drops BuildKit's third field: "=" for `k=v` form, "" for `ENV k v`.
        words = ins.raw.split(None, 2)
        sep = "=" if len(words) > 1 and "=" in words[1] else ""
        for k, v in ins.pairs():
            parts += [go_quote(k), go_quote(v), go_quote(sep)]
    else:
        parts += [go_quote(v) for v in ins.args]
    return "(" + " ".join(parts) + ")"


def dump_file(text: str) -> list[str]:
    items, _ = parse_items(text)
    out = []
    for ins in items:
        if not isinstance(ins, Instruction):
            continue
        if ins.keyword == "ONBUILD":
            out.append(f"(onbuild {dump(ins, ins.sub_keyword)})")
        elif ins.keyword == "MAINTAINER":
            out.append(f"(maintainer {' '.join(go_quote(a) for a in ins.args)})")
        else:
            out.append(dump(ins))
    return out


def _cases(folder):
    if not folder.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"peer test data missing: {folder}"))]
    return sorted(p.name for p in folder.iterdir() if (p / "Dockerfile").exists())


@pytest.mark.parametrize("name", _cases(TESTFILES))
def test_parse_matches_buildkit(name):
    text = (TESTFILES / name / "Dockerfile").read_text(encoding="utf-8")
    expected = (TESTFILES / name / "result").read_text(encoding="utf-8").splitlines()
    got = dump_file(text)
    if name in NUL_CUT:
        expected = [e.replace("\\x00", "") for e in expected]
    assert got == expected


@pytest.mark.parametrize("name", _cases(TESTFILES))
def test_every_line_is_kept(name):
    """Instructions and trivia together hold the file's exact text."""
    text = (TESTFILES / name / "Dockerfile").read_text(encoding="utf-8")
    items, _ = parse_items(text)
    assert "".join(i.raw for i in items) == text


@pytest.mark.parametrize("name", _cases(NEGATIVE))
def test_negative_files_are_rejected(name):
    text = (NEGATIVE / name / "Dockerfile").read_text(encoding="utf-8")
    with pytest.raises(InputError):
        parse_items(text)


def test_peer_data_is_there():
    """The conformance cases above must run, not skip: the peer data ships beside the project."""
    assert TESTFILES.is_dir() and NEGATIVE.is_dir(), f"missing {TESTFILES.parent} (../shared/peer)"
    assert len(_cases(TESTFILES)) >= 30
