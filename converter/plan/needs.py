"""What the artifacts need at run time, asked of their ecosystems and merged into the
requirements a runtime base must meet: C library, language runtime, shell, commands,
shared libraries, OS packages the program may run, and the family its users come from."""

from __future__ import annotations

from msgspec import Struct

from heuristics import BuiltArtifact, Decision, RuntimeNeeds, for_artifact, packages
from heuristics.base_images import Requirements

from ..refusals import Refusal
from .analysis import Analysis
from .entry import Entry
from .types import Options


class ProgramNeeds(Struct, frozen=True, gc=False):
    built: tuple[BuiltArtifact, ...]
    needs: tuple[tuple[BuiltArtifact, RuntimeNeeds], ...]
    requirements: Requirements
    installed: tuple[str, ...]            # OS packages the build installed ("apt:libpq-dev")
    carried_packages: tuple[str, ...]     # installed again in the runtime stage (the program runs them)
    creates_user: bool                    # the build wrote /etc/passwd
    run_by_path: tuple[str, ...]          # programs it runs by absolute path (copied)


def gather(ran: Entry, a: Analysis, options: Options, decisions: list[Decision]) -> ProgramNeeds:
    files, build = a.provenance.files, a.build
    needs: list[tuple[BuiltArtifact, RuntimeNeeds]] = []
    for art in ran.built:
        n = for_artifact(art).runtime_needs(art, files.sources_for(art), a.base_ref)
        if n.refuse:
            raise Refusal("SS010", n.refuse)
        needs.append((art, n))
        decisions.extend(n.decisions)
    # What the launched sources need (a scan of app.py and what it imports): their files, the
    # commands they run; the artifacts decide the C library and the runtime.
    for n in ran.source_needs:
        if n.refuse:
            raise Refusal("SS010", n.refuse)
        decisions.extend(n.decisions)
    every = [n for _, n in needs] + list(ran.source_needs)
    libcs = {n.libc for _, n in needs}
    libc = "glibc" if "glibc" in libcs else "musl" if "musl" in libcs else "static"
    runtimes = sorted({str(n.runtime): n.runtime for _, n in needs if n.runtime is not None}.items())
    if ran.runtime is not None:
        # The launcher is a server the artifacts run inside (Tomcat and its JRE): it is the runtime.
        decisions.append(Decision("runtime", str(ran.runtime), f"the command starts {ran.runtime.name}, which runs "
                                                               f"{', '.join(art.path for art in ran.built)}"))
        runtimes = [(str(ran.runtime), ran.runtime)]
    if len(runtimes) > 1:
        raise Refusal("SS019", f"no runtime base fits: the programs need {' and '.join(k for k, _ in runtimes)}, "
                               "and no base ships both")
    runtime = runtimes[0][1] if runtimes else None

    installed = tuple(p for e in a.effects for p in e.packages)
    runs_programs = any(n.runs_commands for n in every)
    carried = _carried_packages(installed, runs_programs, build.family, build.release, a.base_ref, options, decisions)

    # A named user the build creates lives in the build image's /etc/passwd: carrying that file
    # over is only sound onto a base of the same family.
    creates_user = any("/etc/passwd" in [p for p, _ in e.writes] for e in a.effects)
    names = [u.split(":")[0] for u in ((a.final.user or ""), *ran.users)]
    named = any(n and not n.isdigit() for n in names)
    family = build.family if creates_user and named and build.family != "unknown" else None
    if carried:
        family = build.family
    # Programs the program runs by name must be on the runtime base too (the build image may
    # have shipped them: git in golang images), or be installed from a known package.
    artifacts = {art.path for e in a.effects for art in e.artifacts}
    run_by_name = {c for n in every for c in n.commands if "/" not in c}
    run_by_path = sorted({c for n in every for c in n.commands if c.startswith("/")} - artifacts)
    for path in run_by_path:
        if a.provenance.locate(path) is None:
            raise Refusal("SS011", f"the program runs {path}, which this file does not create: the build image may ship it, "
                                   "and the runtime base would not")
    if run_by_name:
        decisions.append(Decision("commands it runs", ", ".join(sorted(run_by_name)), "the program runs them by name: the runtime "
                                  "base must have them, or a known package install them"))
    req = Requirements(libc=libc, shell=ran.shell or any(n.shell for n in every), tools=frozenset(ran.tools | run_by_name),
                       shared_libs=frozenset(lib for n in every for lib in n.shared_libs), family=family,
                       package_manager=bool(carried), runtime=(runtime.name, runtime.version) if runtime else None)
    return ProgramNeeds(ran.built, tuple(needs), req, installed, carried, creates_user, tuple(run_by_path))


def _carried_packages(installed: tuple[str, ...], runs_programs: bool, family: str, release: str, base_ref: str,
                      options: Options, decisions: list[Decision]) -> tuple[str, ...]:
    """OS packages the build installed: build-only ones are dropped; a program that runs other
    programs may run any of the rest, so they are installed again on a base of the build
    image's distribution and release (where the same versions exist)."""
    kept = [p for p in installed if not (packages.is_toolchain(p) if runs_programs else packages.is_build_only(p))]
    carried: list[str] = []
    if kept and runs_programs:
        managers = {p.split(":", 1)[0] for p in kept}
        wanted = options.catalogue.package_manager(family)
        if wanted is None or managers != {wanted}:
            names = ", ".join(packages.package_name(p) for p in kept)
            raise Refusal("SS011", f"the program runs other programs and the build installs {names}, "
                                   f"which cannot be installed again on a base of the same distribution as {base_ref}")
        carried = list(dict.fromkeys(packages.package_name(p) for p in kept))
        decisions.append(Decision("OS packages", ", ".join(carried), "the program runs other programs and the build installed these: "
                                  f"the runtime stage installs them again on {family} {release}"))
    dropped = [p for p in installed if packages.package_name(p) not in carried]
    if dropped:
        decisions.append(Decision("OS packages", "not carried", f"{', '.join(packages.package_name(p) for p in dropped)}: "
                                  + ("compilers and headers, which no program runs" if runs_programs else "the program neither links nor runs them")))
    return tuple(carried)
