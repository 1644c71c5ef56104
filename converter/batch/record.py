"""What converting one file gave: the small record a worker sends back, and the report's row."""

from __future__ import annotations

from msgspec import Struct

STATUSES = ("converted", "unchanged", "error", "skipped")


class Estimate(Struct, frozen=True):
    """The size estimate of a conversion (converter/preview/estimate.py): approximate, and said so."""

    build_image_mb: int | None      # None: the build image's size is not in the table
    runtime_base_mb: int

    @property
    def saving_mb(self) -> int | None:
        return None if self.build_image_mb is None else self.build_image_mb - self.runtime_base_mb


class Record(Struct, frozen=True):
    path: str                        # as discovered (ROOT joined with the path below it) or as listed
    status: str                      # converted | unchanged | error | skipped
    reason: str = ""                 # converted: the plan's reason; unchanged/skipped: why; error: the message
    code: str | None = None          # unchanged: the refusal code (SS0xx)
    ecosystem: str | None = None     # the artifacts' ecosystems ("go", "node+python")
    artifacts: tuple[str, ...] = ()  # paths of what the build produced and the runtime stage runs
    build_image: str | None = None
    runtime_base: str | None = None
    warnings: tuple[str, ...] = ()
    estimate: Estimate | None = None
    cached: bool = False             # given by the result cache (memo.py): an earlier identical conversion's
    written: bool = False            # --write: the file was rewritten
    backup: str | None = None        # --write: where the original is kept
    # Only with --write, and only for files to rewrite: what the worker read and what replaces it.
    digest: str | None = None        # sha256 of the bytes read, to notice a file changed meanwhile
    old_text: str | None = None
    new_text: str | None = None

    def to_json(self) -> dict:
        est = None
        if self.estimate is not None:
            est = {"build_image_mb": self.estimate.build_image_mb, "runtime_base_mb": self.estimate.runtime_base_mb,
                   "saving_mb": self.estimate.saving_mb}
        return {"path": self.path, "status": self.status, "code": self.code, "reason": self.reason,
                "ecosystem": self.ecosystem, "artifacts": list(self.artifacts), "build_image": self.build_image,
                "runtime_base": self.runtime_base, "warnings": list(self.warnings), "estimate": est,
                "cached": self.cached, "written": self.written, "backup": self.backup}
