"""The build stage's few changes (an ENV line before a build, where the ecosystem proves it
safe; BuildKit cache mounts with --buildkit) and the warnings the output carries."""

from __future__ import annotations

import re

from heuristics import BuiltArtifact, Decision, RuntimeNeeds, ecosystems, secrets

from ..effects import Effect
from ..graph import Provenance
from ..model import Dockerfile, Instruction
from .entry import Entry
from .types import Copy, Insertion, Rewrite


def insertions(needs: tuple[tuple[BuiltArtifact, RuntimeNeeds], ...]) -> tuple[Insertion, ...]:
    out: dict[int, Insertion] = {}
    for art, n in needs:
        if n.build_env and art.line not in out:
            env = " ".join(f"{k}={v}" for k, v in n.build_env)
            out[art.line] = Insertion(art.line, (
                f"# stagesplit: {n.build_env_why}",
                f"ENV {env}",
            ))
    return tuple(out[k] for k in sorted(out))


def launch_trims(ran: Entry) -> tuple[tuple[BuiltArtifact, RuntimeNeeds], ...]:
    """A trim a launch asks for (`npm prune --omit=dev` when the files node runs load only
    production packages), paired with the artifacts of its ecosystem the command runs: only
    when every launch of that ecosystem asks for the same one (`npx prisma migrate deploy &&
    node dist/main.js`: the prisma CLI may be a devDependency)."""
    out: list[tuple[BuiltArtifact, RuntimeNeeds]] = []
    for eco in dict.fromkeys(e for e, _ in ran.launch_needs):
        asked = [n for e, n in ran.launch_needs if e == eco]
        first = asked[0]
        if first is None or not first.build_after or any(n is None or n.build_after != first.build_after for n in asked):
            continue
        out.extend((art, first) for art in ran.built if art.ecosystem == eco)
    return tuple(out)


def appended(needs: tuple[tuple[BuiltArtifact, RuntimeNeeds], ...], effects: tuple[Effect, ...], final_user: str | None,
             decisions: list[Decision]) -> tuple[str, ...]:
    """A RUN at the end of the build stage that an ecosystem asks for (`npm prune --omit=dev`):
    it runs as the stage's last USER, so only when that is who built the artifact (a prune as
    `node` of a node_modules root installed would fail the build)."""
    groups: dict[tuple[str, ...], list[tuple[BuiltArtifact, RuntimeNeeds]]] = {}
    for art, n in needs:
        if n.build_after:
            groups.setdefault(n.build_after, []).append((art, n))
    lines: list[str] = []
    for commands, pairs in groups.items():
        builders = {art.path: next((e.before.user for e in effects if e.instruction.start_line == art.line), None)
                    for art, _ in pairs}
        other = next(((p, u) for p, u in builders.items() if _uid(u) != _uid(final_user)), None)
        if other is not None:
            decisions.append(Decision("build stage", "unchanged", f"{' && '.join(commands)} is not added: the stage ends "
                                      f"as user {final_user or 'root'}, and {other[0]} was built as {other[1] or 'root'}"))
            continue
        # one line: a continuation would depend on the file's escape directive
        lines += [f"# stagesplit: {pairs[0][1].build_after_why}", "RUN " + " && ".join(commands)]
    return tuple(lines)


def _uid(user: str | None) -> str:
    name = (user or "root").split(":")[0]
    return "root" if name in ("", "0") else name


def cache_mounts(effects: tuple[Effect, ...]) -> tuple[Rewrite, ...]:
    out = []
    for e in effects:
        ins = e.instruction
        if ins.keyword != "RUN":
            continue
        targets: list[str] = []
        for c in e.commands:
            for eco in ecosystems():
                targets.extend(t for t in eco.cache_mounts(c) if t not in targets)
        if targets:
            mounts = " ".join(f"--mount=type=cache,target={t}" for t in targets)
            keyword = ins.raw.split()[0]
            head, _, rest = ins.raw.partition(keyword)
            out.append(Rewrite(ins.start_line, f"{head}{keyword} {mounts}{rest}"))
    return tuple(out)


def build_arg_warnings(df: Dockerfile, runtime_ref: str, copies: tuple[Copy, ...]) -> tuple[str, ...]:
    """A build image named through an ARG (FROM python:${PYTHON_VERSION}) is analysed for the
    ARG's default only: the runtime base, its libc and release, and versioned paths were chosen
    for that image. Said when the ARG's value shows in the runtime base or a copied path (python:3.11-slim,
    python3.11/site-packages), so that a --build-arg user knows the runtime stage does not follow;
    a static Go binary on alpine does not depend on the Go version, and gets no such note."""
    base = df.stages[0].base if df.stages else ""
    if "$" not in base:
        return ()
    defaults = df.global_arg_defaults()
    shown = " ".join([runtime_ref, *(c.path for c in copies)])
    used = [n for n in defaults if re.search(r"\$\{?" + re.escape(n) + r"\b", base) and defaults[n]
            and re.search(r"(?<![\w.])" + re.escape(_version_part(defaults[n])) + r"(?![\w])", shown)]
    if not used:
        return ()
    values = ", ".join(f"{n}={defaults[n]}" for n in used)
    return (f"the build image {base} depends on ARG {', '.join(used)}: the runtime stage ({runtime_ref}) and the paths it copies "
            f"were chosen for the default ({values}); a --build-arg that changes the build image needs them changed too",)


def pin_warnings(build_ref: str, runtime_ref: str) -> tuple[str, ...]:
    """A build image pinned by digest (`golang:1.22@sha256:...`) says its owners want every image
    fixed (reproducible builds, supply-chain checks such as OpenSSF Scorecard's pinned
    dependencies). The runtime base comes from the catalogue by tag, and its digest cannot be
    known offline: said, with how to pin it, rather than a converted file that quietly unpins."""
    if "@" not in build_ref or "@" in runtime_ref or runtime_ref == "scratch":
        return ()
    return (f"the build image is pinned by digest but the runtime base {runtime_ref} is not: pin it as well "
            f"({runtime_ref}@sha256:..., its digest from `docker buildx imagetools inspect {runtime_ref}`), "
            "or declare the pinned image in a [[base]] row (--bases or the configuration)",)


def _version_part(value: str) -> str:
    """3.11 of 3.11-bookworm: the part of an ARG's value a runtime tag or a path repeats."""
    return re.split(r"[-@]", value, maxsplit=1)[0]


def secret_warnings(copies: tuple[Copy, ...], replayed: tuple[Instruction, ...], arg_lines: tuple[str, ...],
                     prov: Provenance) -> tuple[str, ...]:
    """Likely secrets the runtime stage would hold: by name only, never by value."""
    out: list[str] = []
    for c in copies:
        for path in [c.path, *prov.files.files_under(c.path)]:
            origin = prov.files.origins.get(path)
            kind = secrets.secret_file_kind(path)
            if kind and origin is not None and origin.context is not None:
                out.append(f"the runtime stage receives {path} (from {origin.context} in the context), "
                           f"which looks like a secret ({kind}): keep it out of the image (.dockerignore, a secret mount)")
    for ins in replayed:
        if ins.keyword == "ENV":
            for key, _ in ins.pairs():
                if secrets.is_secret_variable(key):
                    out.append(f"ENV {key} (line {ins.start_line}) looks like a secret and is set in the runtime image, "
                               "as it was in the original: pass it when the container starts instead")
    for line in arg_lines:
        name = line.split()[1].split("=")[0] if len(line.split()) > 1 else ""
        if secrets.is_secret_variable(name):
            out.append(f"build argument {name} looks like a secret and reaches the runtime stage through a replayed instruction")
    return tuple(dict.fromkeys(out))
