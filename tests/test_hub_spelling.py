"""The runtime stage's FROM spells Docker Hub as the user spelt their build image: after
`FROM docker.io/library/golang:1.22` it is `FROM docker.io/library/alpine:3.22`, so that a registry
allow-list or a policy check ("every FROM starts with docker.io/") passes the whole converted file.
Only the built-in catalogue's official images are respelt: scratch, gcr.io and mcr.microsoft.com
bases, and a base whose image a --bases file or the configuration gives, are written as they are."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from converter.parse import parse
from converter.preview.estimate import estimate
from heuristics.base_images import CATALOGUE, hub_spelling, official_repository, same_image, spelt_like

from .conftest import GO_MOD, HELLO, ROOT, convert, runtime_part

GO = {"go.mod": GO_MOD, "main.go": HELLO}
PY = {"requirements.txt": "flask\n", "app.py": "import flask\nprint(flask.__name__)\n"}
ALPINE = CATALOGUE.base("alpine").ref          # alpine:3.22, as the catalogue spells it


def go_file(image: str, extra: str = "") -> str:
    return f"FROM {image}\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n{extra}CMD [\"/app\"]\n"


def from_line(out: str) -> str:
    return runtime_part(out).splitlines()[0]


@pytest.mark.parametrize("build, runtime", [
    ("golang:1.22", ALPINE),
    ("docker.io/library/golang:1.22", f"docker.io/library/{ALPINE}"),
    ("docker.io/golang:1.22", f"docker.io/{ALPINE}"),
    ("index.docker.io/library/golang:1.22", f"index.docker.io/library/{ALPINE}"),
    ("index.docker.io/golang:1.22", f"index.docker.io/{ALPINE}"),
    ("library/golang:1.22", f"library/{ALPINE}"),
    ("docker.io/library/golang:1.22@sha256:" + "a" * 64, f"docker.io/library/{ALPINE}"),   # the spelling, not the digest
])
def test_the_runtime_from_spells_docker_hub_as_the_build_image_does(build, runtime):
    plan, out = convert(go_file(build), GO)
    assert plan.changed, plan.reason
    assert out.startswith(f"FROM {build} AS build\n")
    assert from_line(out) == f"FROM {runtime}"
    assert plan.reason == f"runtime stage on {runtime}"


def test_every_mention_of_the_base_in_the_file_uses_the_spelling():
    # a HEALTHCHECK that calls curl: the install's comment names the base too
    plan, out = convert(go_file("docker.io/library/golang:1.22", "HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"), GO)
    rt = runtime_part(out)
    assert rt.startswith(f"FROM docker.io/library/{ALPINE}\n# stagesplit: needed at run time, missing from docker.io/library/{ALPINE}\n"
                         "RUN apk add --no-cache curl\n"), rt
    assert not re.search(r"(?<![/\w.-])alpine:", out)          # never the short spelling
    (chosen,) = [d for d in plan.decisions if d.topic == "runtime base"]
    assert chosen.choice == f"docker.io/library/{ALPINE}" and f"docker.io/library/{ALPINE} (~7 MB)" in chosen.why


def test_a_language_runtime_base_is_spelt_like_its_build_image():
    text = ("FROM docker.io/library/python:3.11\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /app\n"
            "COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n")
    plan, out = convert(text, PY)
    assert from_line(out) == "FROM docker.io/library/python:3.11-slim", plan.reason


@pytest.mark.parametrize("runtime, expected", [
    ("scratch", "FROM scratch"),                                    # no image at all: never respelt
    ("distroless", "FROM gcr.io/distroless/static-debian12"),       # not on Docker Hub
    ("alpine", f"FROM docker.io/library/{ALPINE}"),
])
def test_bases_off_docker_hub_are_written_as_they_are(runtime, expected):
    plan, out = convert(go_file("docker.io/library/golang:1.22"), GO, runtime=runtime)
    assert from_line(out) == expected, plan.reason


def test_a_refusal_names_the_base_as_the_file_would_have_spelt_it():
    text = go_file("docker.io/golang:1.22").replace("RUN go build", "RUN CGO_ENABLED=1 go build")
    plan, out = convert(text, GO, runtime="alpine")
    assert (plan.changed, plan.code, out) == (False, "SS018", text)
    assert plan.reason == f"--runtime alpine cannot run this program: the binary links glibc and docker.io/{ALPINE} has musl"


@pytest.mark.parametrize("declared", ["alpine:{release}", "mirror.example.com/library/alpine:{release}"])
def test_a_declared_base_is_written_exactly_as_declared(declared):
    rows = f'[[base]]\nname = "alpine"\nimage = "{declared}"\n'
    catalogue = CATALOGUE.with_overrides(rows, "bases.toml")
    plan, out = convert(go_file("docker.io/library/golang:1.22"), GO, catalogue=catalogue)
    assert from_line(out) == "FROM " + declared.replace("{release}", CATALOGUE.row("alpine")["release"]), plan.reason


def test_a_row_that_keeps_the_catalogues_image_is_still_respelt():
    catalogue = CATALOGUE.with_overrides('[[base]]\nname = "alpine"\napprox_mb = 8\n', "bases.toml")
    plan, out = convert(go_file("docker.io/library/golang:1.22"), GO, catalogue=catalogue)
    assert from_line(out) == f"FROM docker.io/library/{ALPINE}", plan.reason


@pytest.mark.parametrize("image", ["docker.io/library/python:3.12-slim", "docker.io/python:3.12-slim",
                                   "index.docker.io/library/python:3.12-slim", "python:3.12-slim"])
def test_a_spelt_build_image_run_on_itself_still_drops_nothing(image):
    # SS027: the runtime stage would be the build image again, however Docker Hub is spelt
    text = f"FROM {image}\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n"
    plan, out = convert(text, PY)
    assert (plan.changed, plan.code, out) == (False, "SS027", text)
    assert plan.reason.startswith(f"nothing to drop: the runtime stage would start from {image}, the build image itself")


def test_the_converted_file_converts_to_itself():
    _, out = convert(go_file("docker.io/library/golang:1.22"), GO)
    again, same = convert(out, GO)
    assert (again.changed, again.code, same) == (False, "SS001", out)


def test_the_size_estimate_names_both_images_as_spelt():
    text = go_file("docker.io/library/golang:1.22")
    plan, _ = convert(text, GO)
    est = estimate(parse(text), plan)
    assert est is not None
    assert (est.build_image, est.build_mb, est.runtime_base, est.runtime_mb) == (
        "docker.io/library/golang:1.22", 850, f"docker.io/library/{ALPINE}", 7)


def test_batch_reports_the_runtime_base_as_written(tmp_path):
    for name, image in (("hub", "docker.io/library/golang:1.22"), ("short", "golang:1.22")):
        folder = tmp_path / name
        folder.mkdir()
        for file, text in {**GO, "Dockerfile": go_file(image)}.items():
            (folder / file).write_text(text)
    r = subprocess.run([sys.executable, "-m", "converter.cli", "batch", "-j", "1", str(tmp_path), "--format", "json", "--write"],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    files = {f["path"].split("/")[-2]: f for f in json.loads(r.stdout)["files"]}
    assert {k: (f["status"], f["runtime_base"]) for k, f in files.items()} == {
        "hub": ("converted", f"docker.io/library/{ALPINE}"), "short": ("converted", ALPINE)}
    assert from_line((tmp_path / "hub" / "Dockerfile").read_text()) == f"FROM docker.io/library/{ALPINE}"
    assert from_line((tmp_path / "short" / "Dockerfile").read_text()) == f"FROM {ALPINE}"


# -- the readings, one spelling at a time -----------------------------------------------------------

@pytest.mark.parametrize("ref, spelling", [
    ("golang:1.22", ""), ("library/golang", "library/"), ("docker.io/golang:1.22", "docker.io/"),
    ("docker.io/library/golang:1.22@sha256:" + "a" * 64, "docker.io/library/"), ("index.docker.io/golang", "index.docker.io/"),
    ("index.docker.io/library/golang:1", "index.docker.io/library/"),
    ("ghcr.io/acme/golang:1", None), ("bitnami/golang:1", None), ("docker.io/bitnami/golang", None),
    ("localhost:5000/golang:1", None), ("Docker.io/golang", None),   # a host of another case is another registry to the engine
    ("mcr.microsoft.com/dotnet/sdk:8.0", None), ("gcr.io/distroless/static-debian12", None)])
def test_hub_spelling(ref, spelling):
    assert hub_spelling(ref) == spelling
    assert (official_repository(ref) is not None) == (spelling is not None)


@pytest.mark.parametrize("ref", ["alpine:3.22", "scratch", "gcr.io/distroless/static-debian12", "mcr.microsoft.com/dotnet/aspnet:8.0"])
@pytest.mark.parametrize("build", ["golang:1.22", "docker.io/golang:1.22", "index.docker.io/library/golang:1.22", "ghcr.io/acme/go:1"])
def test_spelt_like_names_the_same_image(ref, build):
    spelt = spelt_like(ref, build)
    assert same_image(spelt, ref)
    expected = ref if ref == "scratch" or hub_spelling(ref) is None or hub_spelling(build) is None else hub_spelling(build) + ref
    assert spelt == expected


@pytest.mark.parametrize("a, b, same", [
    ("index.docker.io/library/nginx:1.25", "nginx:1.25", True), ("index.docker.io/nginx", "docker.io/library/nginx:latest", True),
    ("bitnami/nginx:1", "docker.io/bitnami/nginx:1", True), ("index.docker.io/bitnami/nginx:1", "bitnami/nginx:1", True),
    ("docker.io/nginx:1.25", "ghcr.io/nginx:1.25", False), ("Docker.io/nginx", "docker.io/nginx", False)])
def test_same_image_reads_every_spelling_of_docker_hub(a, b, same):
    assert same_image(a, b) is same


def test_a_declared_base_is_written_as_declared_and_a_second_batch_reuses_the_result(tmp_path):
    # the result cache's key holds the catalogue: the same --bases file gives the same key in every
    # process, whatever order Python's string hashing (a seed per process) would list the rows in
    root = tmp_path / "repo"
    root.mkdir()
    for file, text in {**GO, "Dockerfile": go_file("docker.io/library/golang:1.22")}.items():
        (root / file).write_text(text)
    bases = tmp_path / "bases.toml"
    bases.write_text("".join(f'[[base]]\nname = "{n}"\nimage = "mirror.example.com/{n}:{{release}}"\n'
                             for n in ("alpine", "debian-slim", "ubuntu")))
    records = []
    for seed in ("1", "3"):
        r = subprocess.run([sys.executable, "-m", "converter.cli", "batch", "-j", "1", str(root), "--format", "json",
                            "--bases", str(bases), "--cache-dir", str(tmp_path / "cache")],
                           cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr
        (record,) = json.loads(r.stdout)["files"]
        records.append(record)
    release = CATALOGUE.row("alpine")["release"]
    assert [(f["runtime_base"], f["cached"]) for f in records] == [(f"mirror.example.com/alpine:{release}", False),
                                                                    (f"mirror.example.com/alpine:{release}", True)]
