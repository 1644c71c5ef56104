"""`stagesplit verify`: convert, build both files, probe both images, compare.

The comparison functions are pure; `run_verify` drives the engine edge (`engine`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import msgspec
from msgspec import Struct, field

from . import engine
from .model import Dockerfile

# Image config fields that must be equal as a whole.
EXACT_FIELDS = ("Entrypoint", "Cmd", "WorkingDir", "User", "ExposedPorts", "Volumes", "Healthcheck",
                "StopSignal", "Shell")


class Probe(Struct, frozen=True, gc=False):
    cmd: tuple[str, ...] | None = None        # args appended to the image's command ([] = as is)
    http_port: int | None = None
    http_paths: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.http_port is not None:
            return f"HTTP GET :{self.http_port} {' '.join(self.http_paths)}"
        return "run " + (" ".join(self.cmd) if self.cmd else "(image's own command)")


class Side(Struct, frozen=True, gc=False):
    built: bool
    seconds: float
    size: int = 0
    layers: int = 0
    probe: tuple[tuple[str, str], ...] = ()
    probe_error: str = ""
    build_log: str = ""


class Report(Struct, frozen=True, gc=False):
    dockerfile: str
    changed: bool
    reason: str
    probe: str
    original: Side
    converted: Side | None
    config_diffs: tuple[str, ...] = ()
    probe_diffs: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def builds_ok(self) -> bool:
        return self.original.built and (self.converted is None or self.converted.built)

    @property
    def probe_equal(self) -> bool:
        if not self.builds_ok or self.original.probe_error:
            return False
        return self.converted is None or (not self.converted.probe_error and not self.probe_diffs)

    @property
    def config_equal(self) -> bool:
        return self.builds_ok and not self.config_diffs

    @property
    def ok(self) -> bool:
        return self.builds_ok and self.probe_equal and self.config_equal

    @property
    def ratio(self) -> float | None:
        if self.converted is None or not self.converted.size or not self.original.size:
            return None
        return self.original.size / self.converted.size

    def to_json(self) -> dict:
        d = msgspec.to_builtins(self)     # nested Sides become dicts too, as json needs
        d.update(ok=self.ok, builds_ok=self.builds_ok, probe_equal=self.probe_equal,
                 config_equal=self.config_equal, ratio=self.ratio)
        return d


def declared_env_and_labels(df: Dockerfile) -> tuple[set[str], set[str]]:
    """The ENV and LABEL keys the file itself sets (base images add their own)."""
    env: set[str] = set()
    labels: set[str] = set()
    for ins in df.stages[-1].instructions:
        if ins.keyword == "ENV":
            env.update(k for k, _ in ins.pairs())
        elif ins.keyword == "LABEL":
            labels.update(ins.args[0::2])
    return env, labels


def compare_config(orig: dict, conv: dict, env_keys: set[str], label_keys: set[str]) -> tuple[str, ...]:
    diffs = []
    for f in EXACT_FIELDS:
        if (orig.get(f) or None) != (conv.get(f) or None):
            diffs.append(f"{f}: {orig.get(f)!r} != {conv.get(f)!r}")
    oenv = dict(e.split("=", 1) for e in orig.get("Env") or [])
    cenv = dict(e.split("=", 1) for e in conv.get("Env") or [])
    for k in sorted(env_keys):
        if oenv.get(k) != cenv.get(k):
            diffs.append(f"Env {k}: {oenv.get(k)!r} != {cenv.get(k)!r}")
    olab, clab = orig.get("Labels") or {}, conv.get("Labels") or {}
    for k in sorted(label_keys):
        if olab.get(k) != clab.get(k):
            diffs.append(f"Label {k}: {olab.get(k)!r} != {clab.get(k)!r}")
    return tuple(diffs)


def compare_probes(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    if a == b:
        return ()
    da, db = dict(a), dict(b)
    return tuple(f"{k}: {da.get(k, '<none>')[:80]!r} != {db.get(k, '<none>')[:80]!r}"
                 for k in dict.fromkeys(list(da) + list(db)) if da.get(k) != db.get(k))


def _probe(cli, image: str, probe: Probe, health: bool) -> tuple[tuple[tuple[str, str], ...], str]:
    if probe.http_port is not None:
        r = engine.probe_http(cli, image, probe.http_port, list(probe.http_paths) or ["/"], health=health)
    else:
        r = engine.probe_cmd(cli, image, list(probe.cmd) if probe.cmd else None)
        if health and not r.error:
            obs = r.observations + (("health", engine.wait_health(cli, image, list(probe.cmd) if probe.cmd else None)),)
            r = engine.ProbeResult(r.kind, obs)
    return r.observations, r.error


def _prefixed(progress: Callable[[str], None], prefix: str) -> Callable[[str], None]:
    return lambda s: progress(f"{prefix}: {s}")


def run_verify(df: Dockerfile, converted_text: str, changed: bool, reason: str, context_dir: str,
               probe: Probe, label: str, keep_images: bool = False,
               progress: Callable[[str], None] | None = None) -> Report:
    cli = engine.client()
    run_id = uuid.uuid4().hex[:8]
    tags = (f"stagesplit-verify/original:{run_id}", f"stagesplit-verify/converted:{run_id}")
    health = any(i.keyword == "HEALTHCHECK" and i.args and i.args[0].upper() == "CMD"
                 for i in df.stages[-1].instructions)
    builds: list[tuple[engine.Built, str]] = []
    try:
        sides: list[Side] = []
        configs: list[dict] = []
        texts = [df.text, converted_text] if changed else [df.text]
        for name, text, tag in zip(("original", "converted"), texts, tags, strict=False):
            if progress:
                progress(f"building {name}")
            b = engine.build(cli, context_dir, text, tag, progress=_prefixed(progress, name) if progress else None)
            builds.append((b, tag))
            if not b.ok or b.image_id is None:   # a build that is ok always has an image id
                sides.append(Side(False, b.seconds, build_log=b.log_tail))
                configs.append({})
                continue
            if progress:
                progress(f"probing {name}")
            obs, err = _probe(cli, b.image_id, probe, health)
            sides.append(Side(True, b.seconds, b.size, b.layers, obs, err))
            configs.append(b.config)
        original = sides[0]
        converted = sides[1] if changed else None
        config_diffs: tuple[str, ...] = ()
        probe_diffs: tuple[str, ...] = ()
        if converted is not None and original.built and converted.built:
            env_keys, label_keys = declared_env_and_labels(df)
            config_diffs = compare_config(configs[0], configs[1], env_keys, label_keys)
            probe_diffs = compare_probes(original.probe, converted.probe)
        return Report(label, changed, reason, probe.describe(), original, converted, config_diffs, probe_diffs)
    finally:
        if not keep_images:
            # Newest build first: the converted file's build stage reuses the original's
            # layers as cache, and an image is removable only once its children are gone.
            for b, tag in reversed(builds):
                engine.remove_build(cli, b, tag)
