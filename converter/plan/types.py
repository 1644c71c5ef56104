"""What a plan is made of: frozen records, grouped by who reads them.

`Plan` holds the verdict and three parts: `Findings` (what the analysis found, for `explain`),
`BuildEdits` (the few lines the build stage gains) and `RuntimeStage` (everything the new
stage is rendered from). A refusal has findings only.
"""

from __future__ import annotations

from msgspec import Struct

from heuristics import BuiltArtifact, Decision, base_images
from heuristics.base_images import BaseImage

from ..choices import CLOSURES, RUNTIMES
from ..effects import Effect
from ..graph import Provenance
from ..model import Instruction

__all__ = ["CLOSURES", "RUNTIMES", "BuildEdits", "Closure", "Copy", "Findings", "Insertion", "Options", "Plan", "Rewrite",
           "RuntimeStage"]


class Options(Struct, frozen=True):
    runtime: str = "auto"
    stage_name: str = "build"
    buildkit: bool = False
    closure: str = "tree"      # tree: carry the program's folders; precise: only what the analysis names
    catalogue: base_images.Catalogue = base_images.CATALOGUE   # runtime bases (--bases FILE overrides rows)
    ignore: str | None = None  # why the configuration leaves this file alone (SS025), e.g. ".stagesplit.toml: overrides[1]"


class Copy(Struct, frozen=True):
    path: str          # same path in build and runtime stage
    why: str
    chown: str | None = None


class Insertion(Struct, frozen=True):
    before_line: int   # 1-based line of the build-stage instruction it goes before
    lines: tuple[str, ...]


class Rewrite(Struct, frozen=True):
    line: int          # instruction start line
    raw: str           # its new text


class Closure(Struct, frozen=True):
    """What the program needs at run time, as `explain` lists it."""

    data: tuple[str, ...] = ()
    libc: str = ""
    runtime: str = ""                  # "java 17": a language runtime the base ships
    shared_libs: tuple[str, ...] = ()
    shell: bool = False
    tools: tuple[str, ...] = ()
    certs: bool = False
    tzdata: bool = False


class Findings(Struct, frozen=True):
    """What the analysis found: every instruction's effects, the artifacts the image runs and
    their closure, and the file-provenance graph."""

    effects: tuple[Effect, ...] = ()
    artifacts: tuple[BuiltArtifact, ...] = ()
    programs: tuple[str, ...] = ()          # paths ENTRYPOINT/CMD run
    closure: Closure = Closure()
    provenance: Provenance | None = None     # not part of the value: __eq__ and __hash__ leave it out

    def __eq__(self, other: object) -> bool:
        return type(other) is Findings and self._value() == other._value()

    def __hash__(self) -> int:
        return hash(self._value())

    def _value(self) -> tuple:
        return (self.effects, self.artifacts, self.programs, self.closure)


class BuildEdits(Struct, frozen=True):
    """The build stage is the original text; it gains a name and, where provably safe, lines."""

    stage_name: str = "build"
    insertions: tuple[Insertion, ...] = ()
    rewrites: tuple[Rewrite, ...] = ()
    appended: tuple[str, ...] = ()     # lines after the stage's last instruction (a RUN that trims what is copied)


class RuntimeStage(Struct, frozen=True):
    """The new stage, in the order it is rendered."""

    base: BaseImage
    platform: str | None = None             # FROM --platform of the input, kept
    arg_lines: tuple[str, ...] = ()         # ARGs the replayed instructions expand
    installs: tuple[str, ...] = ()          # runtime OS packages
    extra_env: tuple[tuple[str, str], ...] = ()   # the build image's values the original ran with
    workdir: str | None = None              # the build image's default WORKDIR, when the file sets none
    reset_entrypoint: bool = False          # `ENTRYPOINT []`: the base's own would wrap the CMD
    head: tuple[Instruction, ...] = ()      # config replayed before the copies
    copies: tuple[Copy, ...] = ()
    links: tuple[tuple[str, str], ...] = () # symbolic links the build made (path, target as written), made again
    home: tuple[str, str] | None = None     # (folder, user): the user's home the build made, owned by it again
    tail: tuple[Instruction, ...] = ()      # config replayed after them
    cmd: tuple[str, ...] = ()               # the build image's default CMD the original ran, stated


class Plan(Struct, frozen=True):
    changed: bool
    reason: str
    code: str | None = None                 # refusal code (converter/refusals.py) when unchanged
    findings: Findings = Findings()
    build: BuildEdits | None = None
    runtime: RuntimeStage | None = None
    decisions: tuple[Decision, ...] = ()
    warnings: tuple[str, ...] = ()          # said on stderr and in the output's comments

