"""A build image pinned by digest gets a runtime base that is not (the catalogue names bases by
tag, and a digest cannot be known offline): the converted file says so, with how to pin it, in a
comment of the runtime stage and among the plan's warnings; a base declared pinned is written as
declared and needs no such word."""

from __future__ import annotations

from heuristics.base_images import CATALOGUE

from .conftest import GO_MOD, HELLO, convert, runtime_part

DIGEST = "sha256:" + "ab" * 32
GO = 'FROM golang:1.22{pin}\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n'
FILES = {"go.mod": GO_MOD, "main.go": HELLO}


def test_a_pinned_build_image_and_an_unpinned_runtime_base_are_said():
    plan, out = convert(GO.format(pin="@" + DIGEST), FILES)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM alpine:")
    (warning,) = [w for w in plan.warnings if "pinned by digest" in w]
    assert plan.runtime is not None and plan.runtime.base.ref in warning and "docker buildx imagetools inspect" in warning
    assert f"# stagesplit: warning: {warning}" in rt


def test_no_word_without_a_pin_or_for_a_pinned_base():
    plan, _ = convert(GO.format(pin=""), FILES)
    assert plan.changed and not any("pinned" in w for w in plan.warnings)
    pinned = CATALOGUE.with_overrides(f'[[base]]\nname = "alpine"\nimage = "alpine:3.22@{DIGEST}"\n', "bases.toml")
    plan, out = convert(GO.format(pin="@" + DIGEST), FILES, catalogue=pinned)
    assert plan.changed and runtime_part(out).startswith(f"FROM alpine:3.22@{DIGEST}\n")
    assert not any("pinned" in w for w in plan.warnings)


def test_scratch_has_no_digest_to_pin():
    plan, out = convert(GO.format(pin="@" + DIGEST), FILES, runtime="scratch")
    assert plan.changed and runtime_part(out).startswith("FROM scratch")
    assert not any("pinned" in w for w in plan.warnings)

