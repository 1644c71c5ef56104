"""The single stage read instruction by instruction, before any decision."""

from __future__ import annotations

from msgspec import Struct

from heuristics import base_images
from heuristics.base_images import BuildImage

from ..context import BuildContext
from ..effects import Effect, StageState, analyse_stage
from ..graph import Provenance
from ..model import Dockerfile, Stage
from ..variables import expand


class Analysis(Struct, frozen=True, gc=False):
    stage: Stage
    base_ref: str
    base_unresolved: bool
    build: BuildImage
    effects: tuple[Effect, ...]
    final: StageState
    provenance: Provenance


def analyse(df: Dockerfile, context: BuildContext) -> Analysis | None:
    """Effects and provenance of a single-stage file (None for multi-stage files)."""
    if len(df.stages) != 1:
        return None
    stage = df.stages[0]
    global_args = df.global_arg_defaults()
    base_ref, missing = expand(stage.base, global_args)
    build = base_images.describe_build_image(base_ref)
    effects, files, final = analyse_stage(stage, context, global_args, build.env, build.workdir, build.user,
                                          escape=df.directive("escape") or "\\")
    return Analysis(stage, base_ref, bool(missing) or not base_ref, build, effects, final, Provenance(effects, files))
