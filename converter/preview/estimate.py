"""The size estimate of a conversion: the build image's approximate size
(heuristics/image_sizes.py) against the runtime base's (the base catalogue's `approx_mb`).
One function for every report that shows it (`convert --format github`, `batch --report`),
so that they agree.

An estimate, and said to be one: image sizes vary by tag and architecture, the program's own
files are in both images, and packages the runtime stage installs are not counted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:       # batch's parent reads NOTE only: it loads no planner (tests/test_cli_imports.py)
    from ..model import Dockerfile
    from ..plan import Plan

NOTE = "estimate: approximate image sizes (linux/amd64), the program's files and installed packages not counted"


class SizeEstimate(Struct, frozen=True, gc=False):
    build_image: str      # the original FROM (variables expanded)
    build_mb: int         # its approximate size
    runtime_base: str     # the runtime stage's FROM
    runtime_mb: int       # its approximate size (the base catalogue's approx_mb)
    note: str = NOTE

    @property
    def saving_mb(self) -> int:
        return self.build_mb - self.runtime_mb


def estimate(df: Dockerfile, plan: Plan) -> SizeEstimate | None:
    """The estimate for a converted file; None for a file left unchanged or a build image of
    unknown size."""
    if not plan.changed or plan.runtime is None or len(df.stages) != 1:
        return None
    from heuristics.base_images import same_image
    from heuristics.image_sizes import build_image_mb

    from ..variables import expand

    ref, missing = expand(df.stages[0].base, df.global_arg_defaults())
    base = plan.runtime.base
    # the same image on both sides (python:3.12-slim built and run) saves nothing, whatever the tables say
    size = None if missing else base.approx_mb if same_image(ref, base.ref) else build_image_mb(ref)
    if size is None:
        return None
    return SizeEstimate(ref, size, base.ref, base.approx_mb)
