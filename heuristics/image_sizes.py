"""Approximate sizes of the official build images, for the size estimate of a conversion
(converter/preview/estimate.py); the runtime side is the base catalogue's `approx_mb`.

Uncompressed MB on linux/amd64, rounded from recent tags as `docker images` shows them: an
order of magnitude, which is all the estimate claims (it says it is an estimate). Images that
are also runtime bases have the catalogue's `approx_mb` here too (tests/test_estimate.py), so
that one image never has two sizes in one report."""

from __future__ import annotations

# By repository, then by the first variant word the tag holds; "" is the default (Debian) variant.
BUILD_IMAGE_MB: dict[str, dict[str, int]] = {
    "golang": {"alpine": 250, "": 850},
    "rust": {"alpine": 850, "slim": 800, "": 1500},
    "node": {"alpine": 130, "slim": 200, "": 1100},
    "python": {"alpine": 50, "slim": 125, "": 1000},
    "eclipse-temurin": {"alpine": 350, "jre": 270, "": 450},
    "maven": {"alpine": 380, "": 550},
    "gradle": {"alpine": 600, "": 750},
    "openjdk": {"alpine": 330, "slim": 420, "": 470},
    "amazoncorretto": {"alpine": 330, "": 430},
    "tomcat": {"jre": 290, "": 450},
    "dotnet/sdk": {"alpine": 700, "": 850},
    "gcc": {"": 1400},
    "buildpack-deps": {"": 850},
    "debian": {"slim": 75, "": 120},
    "ubuntu": {"": 78},
    "alpine": {"": 7},
    "nginx": {"alpine": 50, "": 190},
}
_VARIANTS = ("alpine", "slim", "jre")
_REGISTRIES = ("docker.io", "mcr.microsoft.com")


def build_image_mb(ref: str) -> int | None:
    """The approximate size of a build image, None when the table does not know it. A Docker Hub
    official image is found however the reference spells Docker Hub (base_images.official_repository:
    `index.docker.io/library/golang` is golang); another registry's only by the table's names
    below the registry (`mcr.microsoft.com/dotnet/sdk`)."""
    from .base_images import official_repository

    bare = ref.split("@")[0]
    tag = bare.rpartition("/")[2].partition(":")[2].lower()
    repository = official_repository(ref)
    if repository is None:
        path = bare.rpartition(":")[0].lower().split("/") if tag else bare.lower().split("/")
        repository = "/".join(path[1:] if path[0] in _REGISTRIES else path)
    sizes = BUILD_IMAGE_MB.get(repository)
    if sizes is None:
        return None
    variant = next((v for v in _VARIANTS if v in tag and v in sizes), "")
    return sizes.get(variant)
