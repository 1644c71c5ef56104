"""docs/refusals.md: every refusal code is documented, and every example there, converted,
is left unchanged with exactly that code."""

from __future__ import annotations

import re

import pytest

from converter.refusals import REFUSALS

from .conftest import ROOT, convert

DOC = (ROOT / "docs" / "refusals.md").read_text()
SECTIONS = dict(re.findall(r"^## (SS\d{3}) [^\n]*\n(.*?)(?=^## |\Z)", DOC, re.M | re.S))


def _example(body: str):
    blocks = re.findall(r"```(\w+)\n(.*?)```", body, re.S)
    if not blocks:
        return None
    dockerfile = next(t for kind, t in blocks if kind == "dockerfile")
    files_text = next((t for kind, t in blocks if kind == "text"), "")
    files = {m.group(1): m.group(2) for m in re.finditer(r"^=== (\S+)\n(.*?)(?=^=== |\Z)", files_text, re.M | re.S)}
    runtime = re.search(r"^runtime: `(\w+)`", body, re.M)
    return dockerfile, files, runtime.group(1) if runtime else "auto"


def test_every_code_is_documented():
    assert set(SECTIONS) == set(REFUSALS)


@pytest.mark.parametrize("code", sorted(c for c in SECTIONS if _example(SECTIONS[c])))
def test_example_gives_its_code(code):
    dockerfile, files, runtime = _example(SECTIONS[code])
    plan, out = convert(dockerfile, files, runtime=runtime)
    assert not plan.changed and out == dockerfile
    assert plan.code == code, plan.reason
