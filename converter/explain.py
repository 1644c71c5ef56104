"""Plan -> a human report: per instruction what it reads and writes, then the artifact, its
runtime closure and every decision with its reason. Pure (returns text)."""

from __future__ import annotations

from .model import Dockerfile
from .plan import Plan


def explain(df: Dockerfile, plan: Plan) -> str:
    out: list[str] = []
    found = plan.findings
    if found.effects:
        out.append("Instructions (build stage):")
        for e in found.effects:
            ins = e.instruction
            first = ins.raw.splitlines()[0].strip() if ins.raw else ins.keyword
            out.append(f"  {ins.start_line:>4}  {first}")
            if e.context_reads:
                shown = ", ".join(e.context_reads[:5]) + (f", … ({len(e.context_reads)} files)" if len(e.context_reads) > 5 else "")
                out.append(f"        reads (context): {shown}")
            if e.reads:
                out.append(f"        reads: {', '.join(e.reads)}")
            written = [p + ("/…" if o.tree else "") for p, o in e.writes]
            if written:
                shown = ", ".join(written[:5]) + (f", … ({len(written)} paths)" if len(written) > 5 else "")
                out.append(f"        writes: {shown}")
            if e.modifies:
                out.append(f"        modifies: {', '.join(e.modifies)}")
            for a in e.artifacts:
                out.append(f"        builds: {a.path} ({a.ecosystem} {a.kind}, sources in {a.source_dir})")
            for p in e.packages:
                out.append(f"        installs: {p}")
            for u in e.unknown:
                out.append(f"        UNKNOWN: {u}")
            for n in e.notes:
                out.append(f"        note: {n}")
    if not plan.changed or plan.runtime is None:
        out.append(f"Result: left unchanged ({plan.code}): {plan.reason}")
        return "\n".join(out) + "\n"
    out.append(f"The image runs: {', '.join(found.programs)}")
    out.append("Runtime artifact:")
    for a in found.artifacts:
        out.append(f"  {a.path}  built by line {a.line}: {a.command}")
    c = found.closure
    out.append("Runtime closure:")
    if c.runtime:
        out.append(f"  language runtime: {c.runtime}")
    out.append(f"  C library: {c.libc}")
    out.append(f"  data files: {', '.join(c.data) if c.data else 'none'}")
    out.append(f"  shell: {'yes' if c.shell else 'no'}")
    out.append(f"  commands called by name: {', '.join(c.tools) if c.tools else 'none'}")
    out.append(f"  shared libraries beyond libc: {', '.join(c.shared_libs) if c.shared_libs else 'none'}")
    out.append(f"  CA certificates: {'yes' if c.certs else 'no'}; tzdata: {'yes' if c.tzdata else 'no'}")
    out.append("Runtime stage copies:")
    for cp in plan.runtime.copies:
        out.append(f"  {cp.path}  ({cp.why})")
    out.append("Decisions:")
    for d in plan.decisions:
        out.append(f"  {d.topic}: {d.choice} — {d.why}")
    return "\n".join(out) + "\n"
