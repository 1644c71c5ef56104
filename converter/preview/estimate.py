"""The size estimate of a conversion: the build image's approximate size against the runtime
base's (the base catalogue's `approx_mb`). One function for every report that shows it
(`convert --format github`, `batch --report`), so that they agree.

An estimate, and said to be one: image sizes vary by tag and architecture, the program's own
files are in both images, and packages the runtime stage installs are not counted."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Dockerfile
from ..plan import Plan
from ..variables import expand

NOTE = "estimate: approximate image sizes (linux/amd64), the program's files and installed packages not counted"

# Approximate uncompressed sizes (MB, linux/amd64) of the official build images, by repository
# and then by the first variant word found in the tag; "" is the default (Debian) variant.
# Rounded figures of recent tags as `docker images` shows them: enough for an order of magnitude,
# which is what the estimate claims.
BUILD_IMAGE_MB: dict[str, dict[str, int]] = {
    "golang": {"alpine": 250, "": 850},
    "rust": {"alpine": 850, "slim": 800, "": 1500},
    "node": {"alpine": 160, "slim": 220, "": 1100},
    "python": {"alpine": 55, "slim": 150, "": 1000},
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
    "alpine": {"": 8},
    "nginx": {"alpine": 50, "": 190},
}
_VARIANTS = ("alpine", "slim", "jre")


@dataclass(frozen=True)
class SizeEstimate:
    build_image: str      # the original FROM (variables expanded)
    build_mb: int         # its approximate size
    runtime_base: str     # the runtime stage's FROM
    runtime_mb: int       # its approximate size (the base catalogue's approx_mb)
    note: str = NOTE

    @property
    def saving_mb(self) -> int:
        return self.build_mb - self.runtime_mb


def build_image_mb(ref: str) -> int | None:
    """The approximate size of a build image, None when the table does not know it."""
    name, _, tag = ref.partition(":")
    tag = tag.split("@")[0].lower()
    path = name.lower().split("/")
    if path[0] in ("docker.io", "mcr.microsoft.com"):
        path = path[1:]
    if path and path[0] == "library":
        path = path[1:]
    sizes = BUILD_IMAGE_MB.get("/".join(path))
    if sizes is None:
        return None
    variant = next((v for v in _VARIANTS if v in tag and v in sizes), "")
    return sizes.get(variant)


def estimate(df: Dockerfile, plan: Plan) -> SizeEstimate | None:
    """The estimate for a converted file; None for a file left unchanged or a build image of
    unknown size."""
    if not plan.changed or plan.runtime is None or len(df.stages) != 1:
        return None
    ref, missing = expand(df.stages[0].base, df.global_arg_defaults())
    size = None if missing else build_image_mb(ref)
    if size is None:
        return None
    return SizeEstimate(ref, size, plan.runtime.base.ref, plan.runtime.base.approx_mb)
