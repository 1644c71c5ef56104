"""The provenance picture of a plan for a pull request: what leads to the runtime stage."""

from __future__ import annotations

from ..graph import RuntimeView, picture, to_mermaid
from ..plan import Plan


def runtime_view(plan: Plan) -> RuntimeView | None:
    if plan.runtime is None:
        return None
    return RuntimeView(plan.runtime.base.ref, tuple(c.path for c in plan.runtime.copies))


def provenance_mermaid(plan: Plan) -> str | None:
    """context file -> instruction -> image path -> artifact -> runtime stage, as a Mermaid
    flowchart; None when there is no runtime stage (a file left unchanged)."""
    view = runtime_view(plan)
    if view is None or plan.findings.provenance is None:
        return None
    return to_mermaid(picture(plan.findings.provenance, view, focus=True))
