"""The size estimate never gives one image two sizes: built and run on the same image saves
nothing, and the build-image table agrees with the base catalogue where they overlap."""

from __future__ import annotations

from converter.context import in_memory
from converter.parse import parse
from converter.plan import make_plan
from converter.preview.estimate import estimate
from heuristics.base_images import CATALOGUE
from heuristics.image_sizes import build_image_mb


def test_the_same_image_on_both_sides_saves_nothing():
    # build-essential stays in the build stage: a split on the same image (without it, SS027)
    df = parse("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /app\nCOPY . .\n"
               "RUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n")
    plan = make_plan(df, in_memory({"requirements.txt": "flask\n", "app.py": "print(1)\n"}))
    assert plan.changed and plan.runtime is not None, plan.reason
    est = estimate(df, plan)
    assert est is not None and est.runtime_base == "python:3.12-slim"
    assert est.saving_mb == 0


def test_the_same_image_however_docker_hub_is_spelt_saves_nothing():
    # the runtime FROM keeps the user's spelling (docker.io/library/...): still one image on both sides
    df = parse("FROM docker.io/library/python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential\n"
               "WORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n")
    plan = make_plan(df, in_memory({"requirements.txt": "flask\n", "app.py": "print(1)\n"}))
    est = estimate(df, plan)
    assert est is not None and est.saving_mb == 0, (plan.reason, est)


def test_a_build_image_has_its_size_however_docker_hub_is_spelt():
    sizes = {ref: build_image_mb(ref) for ref in ("golang:1.22-alpine", "library/golang:1.22-alpine",
                                                  "docker.io/golang:1.22-alpine", "index.docker.io/library/golang:1.22-alpine",
                                                  "golang:1.22-alpine@sha256:" + "a" * 64)}
    assert set(sizes.values()) == {250}, sizes
    assert build_image_mb("mcr.microsoft.com/dotnet/sdk:8.0-alpine") == 700
    # someone's image of the same name is not the official one: no size
    assert build_image_mb("bitnami/golang:1.22") is None and build_image_mb("ghcr.io/acme/golang:1.22") is None


def test_images_that_are_also_runtime_bases_have_the_catalogue_size():
    checked = 0
    for ref in ("python:3.12-slim", "python:3.12-alpine", "node:20-slim", "node:20-alpine", "alpine:3.20",
                "debian:bookworm-slim", "nginx:1.27-alpine"):
        rows = [row for name, row in CATALOGUE.rows if row["image"].split(":")[0] == ref.split(":")[0]
                and ("alpine" in row["image"] + name) == ("alpine" in ref) and ("slim" in row["image"] + name) == ("slim" in ref)]
        if rows:
            assert build_image_mb(ref) in {row["approx_mb"] for row in rows}, ref
            checked += 1
    assert checked >= 5
