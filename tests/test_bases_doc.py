"""docs/bases.md matches the catalogues it documents, and --bases overrides rows."""

from __future__ import annotations

import pytest

from heuristics import base_images

from .conftest import ROOT, convert, runtime_part

DOC = (ROOT / "docs" / "bases.md").read_text()


@pytest.mark.parametrize("name", [n for n, _ in base_images.CATALOGUE.rows])
def test_every_runtime_base_is_documented(name):
    r = base_images.CATALOGUE.row(name)
    line = next(ln for ln in DOC.splitlines() if ln.startswith(f"| `{name}` |"))
    assert f"`{r['image']}`" in line and f"~{r['approx_mb']} MB" in line and r["libc"] in line


@pytest.mark.parametrize("repo", sorted(base_images.BUILD_IMAGES))
def test_every_build_image_is_documented(repo):
    d = base_images.BUILD_IMAGES[repo]
    build_section = DOC.split("## Build images", 1)[1]
    line = next(ln for ln in build_section.splitlines() if ln.startswith(f"| `{repo}` |"))
    assert f"`{d.workdir}`" in line


def test_default_releases_are_supported_ones():
    assert base_images.CATALOGUE.row("alpine")["release"] not in ("3.17", "3.18", "3.19", "3.20", "3.21")
    assert base_images.CATALOGUE.row("debian-slim")["release"] in ("bookworm", "trixie")


def test_override_replaces_only_the_given_keys():
    cat = base_images.CATALOGUE.with_overrides('[[base]]\nname = "alpine"\nimage = "mirror.example.com/alpine:{release}"\n', "t")
    assert cat.base("alpine").ref == "mirror.example.com/alpine:3.22" and cat.base("alpine").libc == "musl"
    with pytest.raises(ValueError, match="unknown: img"):
        base_images.CATALOGUE.with_overrides('[[base]]\nname = "alpine"\nimg = "x"\n', "t")
    with pytest.raises(ValueError, match="lacks"):
        base_images.CATALOGUE.with_overrides('[[base]]\nname = "new"\nimage = "x"\n', "t")


def test_override_reaches_the_output():
    from converter.plan import Options

    cat = base_images.CATALOGUE.with_overrides('[[base]]\nname = "alpine"\nimage = "mirror.example.com/alpine:{release}"\n', "t")
    df = "FROM golang:1.19-alpine\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    from converter.context import in_memory
    from converter.parse import parse
    from converter.plan import make_plan
    from converter.render import render

    from .conftest import GO_MOD, HELLO
    d = parse(df)
    out = render(d, make_plan(d, in_memory({"go.mod": GO_MOD, "main.go": HELLO}), Options(catalogue=cat)))
    assert runtime_part(out).startswith("FROM mirror.example.com/alpine:3.22\n")
    assert convert(df, {"go.mod": GO_MOD, "main.go": HELLO})[0].runtime.base.ref == "alpine:3.22"


def test_build_image_defaults():
    go = base_images.describe_build_image("golang:1.19")
    assert go.workdir == "/go" and dict(go.env)["GOPATH"] == "/go" and go.known
    assert base_images.describe_build_image("golang:1.22-alpine3.20").release == "3.20"
    assert base_images.describe_build_image("eclipse-temurin:17-jdk-jammy").family == "ubuntu"
    assert not base_images.describe_build_image("example.com/team/builder:1").known
    assert not base_images.describe_build_image("someuser/golang:1.19").known
