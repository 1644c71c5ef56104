"""End to end on a real Docker engine: for every corpus app, build the original and the
converted file, probe both images, and require the same behaviour, the same image config,
and a smaller image."""

from __future__ import annotations

import json
import re

import pytest

from converter.context import load_context
from converter.parse import read
from converter.plan import Options, make_plan
from converter.render import render
from converter.verify import Probe, run_verify

from ..conftest import corpus_cases
from .conftest import RESULTS

pytestmark = pytest.mark.engine

CASES = [c for c in corpus_cases() if json.loads((c / "case.json").read_text()).get("engine")]


def _probe(meta: dict) -> Probe:
    spec = meta["probe"]
    if "http" in spec:
        return Probe(http_port=spec["http"]["port"], http_paths=tuple(spec["http"]["paths"]))
    return Probe(cmd=tuple(spec.get("cmd", [])))


def _bases(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^FROM\s+(?:--\S+\s+)*(\S+)", text, re.M | re.I) if "$" not in m.group(1)} - {"scratch", "build"}


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_converted_image_behaves_like_the_original(case, engine, standins):
    meta = json.loads((case / "case.json").read_text())
    df = read(str(case / "Dockerfile"))
    plan = make_plan(df, load_context(str(case)), Options(runtime=meta.get("runtime", "auto")))
    out = render(df, plan)
    gargs = df.global_arg_defaults()
    from converter.variables import expand
    aliases = {s.alias for s in df.stages if s.alias}
    standins({expand(b, gargs)[0] for b in _bases(df.text) | _bases(out)} - aliases)

    report = run_verify(df, out, plan.changed, plan.reason, str(case), _probe(meta), case.name)

    assert report.original.built, f"original did not build:\n{report.original.build_log}"
    assert not report.original.probe_error, f"original probe failed: {report.original.probe_error}"
    assert report.original.probe, "the probe observed nothing"
    health = dict(report.original.probe).get("health")
    assert health in (None, "healthy"), f"the original's HEALTHCHECK says {health}"
    if "unchanged" in meta:
        assert not report.changed and report.converted is None
        RESULTS.append((case.name, f"{report.original.size / 1e6:.1f} MB (left unchanged: {meta['unchanged']})"))
        return
    conv = report.converted
    assert conv is not None and conv.built, f"converted did not build:\n{conv.build_log if conv else ''}"
    assert not conv.probe_error, f"converted probe failed: {conv.probe_error}"
    assert report.probe_diffs == (), report.probe_diffs
    assert report.config_diffs == (), report.config_diffs
    assert conv.size < report.original.size
    RESULTS.append((case.name, f"{report.original.size / 1e6:.1f} MB -> {conv.size / 1e6:.1f} MB "
                               f"({report.ratio:.1f}x smaller), layers {report.original.layers} -> {conv.layers}"))
