"""Human output for `verify`: a rich table and a plain-text (Markdown) rendering of it."""

from __future__ import annotations

from .verify import Report, Side


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n else "-"


def rows(r: Report) -> list[tuple[str, str]]:
    o, c = r.original, r.converted
    out = [("Dockerfile", r.dockerfile),
           ("conversion", "converted" if r.changed else f"left unchanged: {r.reason}"),
           ("probe", r.probe),
           ("build ok", _ok(r.builds_ok) + ("" if o.built else " (original failed)") + ("" if c is None or c.built else " (converted failed)")),
           ("probe equal", _ok(r.probe_equal) + _why_probe(r)),
           ("config equal", _ok(r.config_equal) + ("" if not r.config_diffs else ": " + "; ".join(r.config_diffs)))]
    if c is not None:
        ratio = f" ({r.ratio:.1f}x smaller)" if r.ratio else ""
        out += [("size", f"{mb(o.size)} -> {mb(c.size)}{ratio}"),
                ("layers", f"{o.layers} -> {c.layers}"),
                ("build time", f"{o.seconds:.1f}s / {c.seconds:.1f}s")]
    else:
        out += [("size", mb(o.size)), ("layers", str(o.layers)), ("build time", f"{o.seconds:.1f}s")]
    return out


def _ok(b: bool) -> str:
    return "yes" if b else "NO"


def _why_probe(r: Report) -> str:
    errs = [f"{n}: {s.probe_error}" for n, s in (("original", r.original), ("converted", r.converted))
            if isinstance(s, Side) and s.probe_error]
    return ("" if not (errs or r.probe_diffs) else " — " + "; ".join(errs + list(r.probe_diffs)))[:400]


def verify_table(r: Report):
    from rich.table import Table

    t = Table(title="stagesplit verify", show_header=False)
    t.add_column("what", style="bold")
    t.add_column("result")
    for k, v in rows(r):
        t.add_row(k, v)
    return t


def markdown(r: Report) -> str:
    lines = ["| what | result |", "| --- | --- |"]
    lines += [f"| {k} | {v.replace('|', '/')} |" for k, v in rows(r)]
    return "\n".join(lines) + "\n"
