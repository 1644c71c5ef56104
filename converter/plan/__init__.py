"""Model + effects + graph -> a `Plan` for the runtime stage. Pure: no I/O here.

Short passes, each in its own module and readable alone:
  early    refusals that need no program (multi-stage, ONBUILD, unknown steps, ...)
  entry    the command the image runs, followed to the artifacts built here
  needs    what each artifact needs at run time (its ecosystem says), merged into requirements
  base     the runtime base that has all of it (the catalogue's `auto` order, or --runtime)
  copies   what the runtime stage copies: the artifact, its data, the carry rule, system files
  config   the config instructions replayed, and the build image's values they relied on
  edits    the build stage's few changes (an ENV before a build, cache mounts) and warnings
  gain     whether the split leaves anything behind (a runtime stage that is the build image again is refused)
Every choice is kept as a `Decision` with its reason, for `explain` and for comments.
"""

from __future__ import annotations

from heuristics import Decision

from ..context import BuildContext
from ..model import Dockerfile
from ..refusals import Refusal
from . import base, config, copies, early, edits, entry, gain, needs
from .analysis import Analysis, analyse
from .types import CLOSURES, RUNTIMES, BuildEdits, Closure, Copy, Findings, Insertion, Options, Plan, Rewrite, RuntimeStage

__all__ = ["CLOSURES", "RUNTIMES", "Analysis", "BuildEdits", "Closure", "Copy", "Findings", "Insertion", "Options",
           "Plan", "Rewrite", "RuntimeStage", "analyse", "make_plan"]


def make_plan(df: Dockerfile, context: BuildContext, options: Options = Options()) -> Plan:
    skip = early.ignored(df, options)   # the owners' word wins over every verdict, and costs no analysis
    if skip is not None:
        return Plan(changed=False, reason=str(skip), code=skip.code)
    analysis = analyse(df, context)
    try:
        if analysis is None:
            raise Refusal("SS001", f"already multi-stage ({len(df.stages)} stages): nothing to split")
        return _plan(df, analysis, context, options)
    except Refusal as r:
        found = Findings(effects=analysis.effects, provenance=analysis.provenance) if analysis else Findings()
        return Plan(changed=False, reason=str(r), code=r.code, findings=found)


def _plan(df: Dockerfile, a: Analysis, context: BuildContext, options: Options) -> Plan:
    decisions: list[Decision] = []
    early.check(df, a, context, options, decisions)
    ran = entry.find(a)
    req = needs.gather(ran, a, options, decisions)
    chosen, installs = base.choose(req.requirements, a.build, options, decisions, req.installed)
    files = copies.gather(ran, req, chosen, a, options, decisions)
    replayed = config.replay(df, a, ran, chosen, decisions)
    closure = Closure(data=files.data, libc=req.requirements.libc, runtime=" ".join(req.requirements.runtime or ()),
                      shared_libs=tuple(sorted(req.requirements.shared_libs)), shell=req.requirements.shell,
                      tools=tuple(sorted(ran.tools)), certs=files.certs, tzdata=files.tzdata)
    runtime = RuntimeStage(
        base=chosen, platform=a.stage.from_.flag("platform"), arg_lines=replayed.arg_lines,
        installs=tuple(dict.fromkeys([*req.carried_packages, *installs, *files.installs])),
        extra_env=replayed.extra_env, workdir=replayed.workdir, reset_entrypoint=replayed.reset_entrypoint,
        head=replayed.head, copies=files.copies, links=files.links, home=files.home, tail=replayed.tail, cmd=ran.inherited_cmd)
    build = BuildEdits(stage_name=a.stage.alias or options.stage_name, insertions=edits.insertions(req.needs),
                       rewrites=edits.cache_mounts(a.effects) if options.buildkit else (),
                       appended=edits.appended(req.needs + edits.launch_trims(ran), a.effects, a.final.user, decisions))
    gain.check(a.base_ref, runtime, build, a.effects, a.provenance.files)
    return Plan(changed=True, reason=f"runtime stage on {chosen.ref}",
                findings=Findings(a.effects, tuple(req.built), tuple(ran.programs), closure, a.provenance),
                build=build, runtime=runtime, decisions=tuple(decisions),
                warnings=edits.build_arg_warnings(df, chosen.ref, files.copies) + edits.pin_warnings(a.base_ref, chosen.ref)
                + edits.secret_warnings(files.copies, replayed.head + replayed.tail, replayed.arg_lines, a.provenance))
