"""Model + effects + graph -> a `Plan` for the runtime stage. Pure: no I/O here.

Steps: refuse early (multi-stage, ONBUILD, nothing to run); read every instruction's effects;
find the program ENTRYPOINT/CMD runs; follow it to what built it; ask the ecosystem what it
needs at run time; pick the base; list what the runtime stage copies, installs and replays.
Every choice is kept as a `Decision` with its reason, for `explain` and for comments.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass, field

from heuristics import BuiltArtifact, Decision, Launch, RuntimeNeeds, base_images, ecosystems, for_artifact, packages, secrets
from heuristics.base_images import BaseImage, BuildImage, Requirements

from .carry import carry, program_trees
from .context import BuildContext
from .effects import Effect, StageState, analyse_stage
from .graph import Provenance
from .model import Dockerfile, Instruction, Stage
from .refusals import Refusal
from .scripts import split_cases
from .shell import read_shell
from .variables import expand, references

CONFIG_KEYWORDS = frozenset(
    "ENV LABEL MAINTAINER WORKDIR USER EXPOSE VOLUME STOPSIGNAL SHELL HEALTHCHECK ENTRYPOINT CMD".split()
)
# Instructions whose arguments Docker expands variables in (so ARGs must be re-declared).
_EXPANDS = frozenset("ENV LABEL WORKDIR USER EXPOSE VOLUME STOPSIGNAL".split())
_SHELLS = frozenset({"sh", "bash", "ash", "dash"})
_BUILTINS = frozenset("exec cd export set echo printf test [ true false : . source exit shift unset trap wait read eval".split())
RUNTIMES = ("auto", "alpine", "scratch", "distroless", "slim")
CLOSURES = ("tree", "precise")


@dataclass(frozen=True)
class Options:
    runtime: str = "auto"
    stage_name: str = "build"
    buildkit: bool = False
    closure: str = "tree"      # tree: carry the program's folders; precise: only what the analysis names
    catalogue: base_images.Catalogue = base_images.CATALOGUE   # runtime bases (--bases FILE overrides rows)


@dataclass(frozen=True)
class Copy:
    path: str          # same path in build and runtime stage
    why: str
    chown: str | None = None


@dataclass(frozen=True)
class Insertion:
    before_line: int   # 1-based line of the build-stage instruction it goes before
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Rewrite:
    line: int          # instruction start line
    raw: str           # its new text


@dataclass(frozen=True)
class Closure:
    data: tuple[str, ...] = ()
    libc: str = ""
    shared_libs: tuple[str, ...] = ()
    shell: bool = False
    tools: tuple[str, ...] = ()
    certs: bool = False
    tzdata: bool = False


@dataclass(frozen=True)
class Plan:
    changed: bool
    reason: str
    code: str | None = None                 # refusal code (converter/refusals.py) when unchanged
    stage_name: str = "build"
    platform: str | None = None             # FROM --platform of the input, kept for the runtime stage
    effects: tuple[Effect, ...] = ()
    artifacts: tuple[BuiltArtifact, ...] = ()
    programs: tuple[str, ...] = ()          # paths ENTRYPOINT/CMD run
    closure: Closure = Closure()
    base: BaseImage | None = None
    copies: tuple[Copy, ...] = ()
    installs: tuple[str, ...] = ()          # runtime OS packages
    arg_lines: tuple[str, ...] = ()
    head: tuple[Instruction, ...] = ()      # replayed before the copies
    tail: tuple[Instruction, ...] = ()      # replayed after them
    extra_env: tuple[tuple[str, str], ...] = ()
    workdir: str | None = None              # the build image's default WORKDIR, when the file sets none
    insertions: tuple[Insertion, ...] = ()
    rewrites: tuple[Rewrite, ...] = ()
    decisions: tuple[Decision, ...] = field(default=())
    warnings: tuple[str, ...] = ()          # said on stderr and in the output's comments
    provenance: Provenance | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Analysis:
    """The single stage read instruction by instruction, before any decision."""

    stage: Stage
    base_ref: str
    base_unresolved: bool
    build: BuildImage
    effects: tuple[Effect, ...]
    final: StageState
    provenance: Provenance


def analyse(df: Dockerfile, context: BuildContext) -> Analysis | None:
    """Effects and provenance of a single-stage file (None for multi-stage files)."""
    if len(df.stages) != 1:
        return None
    stage = df.stages[0]
    global_args = df.global_arg_defaults()
    base_ref, missing = expand(stage.base, global_args)
    build = base_images.describe_build_image(base_ref)
    effects, files, final = analyse_stage(stage, context, global_args, build.env, build.workdir, build.user)
    return Analysis(stage, base_ref, bool(missing) or not base_ref, build, effects, final, Provenance(effects, files))


def make_plan(df: Dockerfile, context: BuildContext, options: Options = Options()) -> Plan:
    analysis = analyse(df, context)
    try:
        if analysis is None:
            raise Refusal("SS001", f"already multi-stage ({len(df.stages)} stages): nothing to split")
        return _plan(df, analysis, context, options)
    except Refusal as r:
        return Plan(changed=False, reason=str(r), code=r.code, effects=analysis.effects if analysis else (),
                    provenance=analysis.provenance if analysis else None)


# ---------------------------------------------------------------------------------------------

def _plan(df: Dockerfile, a: Analysis, context: BuildContext, options: Options) -> Plan:
    stage = a.stage
    last = stage.instructions[-1] if stage.instructions else stage.from_
    escape = re.escape(df.directive("escape") or "\\")
    if re.search(escape + r"[ \t]*\r?\n?\Z", last.raw.splitlines()[-1] if last.raw else ""):
        raise Refusal("SS020", f"line {last.end_line}: the file ends inside a continued instruction; "
                               "a runtime stage added after it would become part of it")
    onbuild = [i for i in stage.instructions if i.keyword == "ONBUILD"]
    if onbuild:
        raise Refusal("SS002", f"line {onbuild[0].start_line}: ONBUILD runs in images built FROM this one, which a runtime stage would not carry")
    platform = stage.from_.flag("platform")
    if platform is not None and "$" in platform:
        raise Refusal("SS003", "FROM --platform with a variable: the runtime base cannot be matched to it")
    if a.base_unresolved:
        raise Refusal("SS004", f"the base image {stage.base!r} depends on build arguments without defaults")
    base_ref, build = a.base_ref, a.build
    if base_ref == "scratch":
        raise Refusal("SS005", "FROM scratch: nothing is built, so there is nothing to split")
    effects, final, prov = a.effects, a.final, a.provenance
    files = prov.files
    decisions: list[Decision] = [Decision("build image", base_ref, f"{build.family} family, release {build.release}")]
    if df.needs_buildkit:
        decisions.append(Decision("builder", "BuildKit", "the input already uses BuildKit-only syntax; the output keeps it"))
    elif options.buildkit:
        decisions.append(Decision("builder", "BuildKit", "--buildkit: cache mounts on build commands"))
    else:
        decisions.append(Decision("builder", "BuildKit or the legacy builder", "the output adds no BuildKit-only syntax"))
    if context.truncated:
        raise Refusal("SS006", "the build context is too large to list in full, so the files the program reads cannot be checked")

    _refuse_unsupported_ecosystem(base_ref, effects)
    unknown = [(e.instruction.start_line, u) for e in effects for u in e.unknown]
    if unknown:
        line, what = unknown[0]
        if "is not in the build context" in what:
            raise Refusal("SS010", f"line {line}: the {what}, so the image cannot be built from this context as it stands")
        raise Refusal("SS007", f"line {line}: {_unknown_sentence(what)}, so a file it writes could be missing from the runtime stage")

    argv, needs_shell = _command_line(stage, final)
    if not argv:
        raise Refusal("SS008", "no ENTRYPOINT or CMD: which program the image runs comes from its base, not from this file")

    artifacts = {a.path: a for e in effects for a in e.artifacts}
    finder = _ProgramFinder(final, prov, artifacts)
    finder.argv(argv)
    programs = finder.programs
    built = [artifacts[p] for p in programs if p in artifacts]
    if not built:
        what = programs[0] if programs else (sorted(finder.tools)[0] if finder.tools else argv[0])
        made = f"; this file builds {', '.join(sorted(artifacts))}" if artifacts else ""
        raise Refusal("SS009", f"nothing built: the image runs {what}, which no build command in this file produced{made}")
    if finder.scripts:
        needs_shell = True
    if not build.known:
        raise Refusal("SS021", f"the build image {base_ref} is not in the catalogue, so its working directory, "
                               "environment and C library are unknown")

    health = next((i for i in reversed(stage.instructions) if i.keyword == "HEALTHCHECK"), None)
    if health is not None and health.args and health.args[0].upper() == "CMD" and len(health.args) > 1:
        hargv, hshell = _health_argv(health, final)
        needs_shell = needs_shell or hshell
        finder.argv(hargv)

    # What each built program needs at run time.
    needs: list[tuple[BuiltArtifact, RuntimeNeeds]] = []
    for art in built:
        n = for_artifact(art).runtime_needs(art, files.sources_for(art), base_ref)
        if n.refuse:
            raise Refusal("SS010", n.refuse)
        needs.append((art, n))
        decisions.extend(n.decisions)
    libcs = {n.libc for _, n in needs}
    libc = "glibc" if "glibc" in libcs else "musl" if "musl" in libcs else "static"
    runtimes = sorted({str(n.runtime): n.runtime for _, n in needs if n.runtime is not None}.items())
    if len(runtimes) > 1:
        raise Refusal("SS019", f"no runtime base fits: the programs need {' and '.join(k for k, _ in runtimes)}, "
                               "and no base ships both")
    runtime = runtimes[0][1] if runtimes else None
    if any(n.shell for _, n in needs):
        needs_shell = True
    shared = frozenset(lib for _, n in needs for lib in n.shared_libs)

    # OS packages the build installed: build-only ones are dropped; others may be needed.
    installed = [p for e in effects for p in e.packages]
    runs_programs = any(n.runs_commands for _, n in needs)
    kept_pkgs = [p for p in installed if not (packages.is_toolchain(p) if runs_programs else packages.is_build_only(p))]
    carried_pkgs: list[str] = []
    if kept_pkgs and runs_programs:
        # The program may run any of them: install the same packages in the runtime stage, on
        # a base of the build image's distribution and release (so the same versions exist).
        managers = {p.split(":", 1)[0] for p in kept_pkgs}
        wanted = options.catalogue.package_manager(build.family)
        if wanted is None or managers != {wanted}:
            names = ", ".join(packages.package_name(p) for p in kept_pkgs)
            raise Refusal("SS011", f"the program runs other programs and the build installs {names}, "
                                   f"which cannot be installed again on a base of the same distribution as {base_ref}")
        carried_pkgs = list(dict.fromkeys(packages.package_name(p) for p in kept_pkgs))
        decisions.append(Decision("OS packages", ", ".join(carried_pkgs), "the program runs other programs and the build installed these: "
                                  f"the runtime stage installs them again on {build.family} {build.release}"))
    dropped = [p for p in installed if packages.package_name(p) not in carried_pkgs]
    if dropped:
        decisions.append(Decision("OS packages", "not carried", f"{', '.join(packages.package_name(p) for p in dropped)}: "
                                  + ("compilers and headers, which no program runs" if runs_programs else "the program neither links nor runs them")))

    # A named user the build creates lives in the build image's /etc/passwd: carrying that file
    # over is only sound onto a base of the same family.
    creates_user = any("/etc/passwd" in [p for p, _ in e.writes] for e in effects)
    user_name = (final.user or "").split(":")[0]
    family = build.family if creates_user and user_name and not user_name.isdigit() and build.family != "unknown" else None
    if carried_pkgs:
        family = build.family
    # Programs the program runs by name must be on the runtime base too (the build image may
    # have shipped them: git in golang images), or be installed from a known package.
    run_by_name = {c for _, n in needs for c in n.commands if "/" not in c}
    run_by_path = sorted({c for _, n in needs for c in n.commands if c.startswith("/")} - set(artifacts))
    for path in run_by_path:
        if prov.locate(path) is None:
            raise Refusal("SS011", f"the program runs {path}, which this file does not create: the build image may ship it, "
                                   "and the runtime base would not")
    if run_by_name:
        decisions.append(Decision("commands it runs", ", ".join(sorted(run_by_name)), "the program runs them by name: the runtime "
                                  "base must have them, or a known package install them"))
    req = Requirements(libc=libc, shell=needs_shell, tools=frozenset(finder.tools | run_by_name), shared_libs=shared, family=family,
                       package_manager=bool(carried_pkgs), runtime=(runtime.name, runtime.version) if runtime else None)
    base, installs = _choose_base(req, build, options, decisions, installed)
    installs = [*carried_pkgs, *installs]

    # Data files the program reads.
    copies: list[Copy] = []
    data: list[str] = []
    for art, n in needs:
        chown = _owner(effects, art)
        copies.append(Copy(art.path, f"the program ({art.command})", chown))
        for path, why in _data_paths(n, final.workdir, prov, art):
            if path not in data and path != art.path:
                data.append(path)
                copies.append(Copy(path, why, chown))
    for s in finder.scripts:
        if s not in [c.path for c in copies]:
            copies.append(Copy(s, "entry script"))
    for path in run_by_path:
        if path not in [c.path for c in copies]:
            copies.append(Copy(path, "run by the program, which names it in its sources"))
    for path, why in _named_paths(stage, final, prov, argv):
        if path not in [c.path for c in copies]:
            data.append(path)
            copies.append(Copy(path, why))
    if options.closure == "tree":
        build_inputs = tuple(p for art in built for p in for_artifact(art).build_inputs)
        trees = program_trees(final.workdir, tuple(art.source_dir for art in built))
        for c in carry(trees, prov, effects, build_inputs, frozenset(art.path for art in built)):
            copies.append(Copy(c.path, c.why, c.chown))
        if trees:
            decisions.append(Decision("closure", "the program's folders", f"{', '.join(trees)}: what COPY and RUN put there "
                                      "is carried, minus build inputs (--closure precise: only what the analysis names)"))
    else:
        decisions.append(Decision("closure", "precise", "--closure precise: only paths the analysis names are copied"))
    copies = _drop_nested(_dedupe(copies))

    certs = any(n.certs for _, n in needs)
    tz_env = dict(final.env).get("TZ", "")
    wrote_localtime = prov.locate("/etc/localtime") is not None
    tz = any(n.tzdata for _, n in needs) or (tz_env not in ("", "UTC", "Etc/UTC", "UTC0")) or wrote_localtime
    if tz and not any(n.tzdata for _, n in needs):
        decisions.append(Decision("time zones", "provided", f"ENV TZ={tz_env}" if tz_env else "the build set /etc/localtime"))
    if wrote_localtime:
        copies.append(Copy("/etc/localtime", "the local time zone the build set"))
    if certs and not base.certs:
        if build.has_certs:
            copies.append(Copy("/etc/ssl/certs/ca-certificates.crt", f"CA certificates: the program uses TLS and {base.ref} has none"))
        elif base.package_manager:
            installs.append("ca-certificates")
        else:
            decisions.append(Decision("CA certificates", "none",
                                      f"the program may use TLS, but neither {base.ref} nor the build image has certificates to carry"))
    if tz and not base.tzdata:
        if build.has_tzdata:
            copies.append(Copy("/usr/share/zoneinfo", f"time zones: the program loads them and {base.ref} has none"))
        elif base.package_manager:
            installs.append("tzdata")
        else:
            raise Refusal("SS012", f"the program loads time zones and neither {base.ref} nor the build image has them")

    # The user the program runs as must exist in the runtime base.
    if final.user and not base.has_user(final.user):
        if creates_user and base.family == build.family:
            # First: a later COPY --chown=NAME looks the name up in this stage's /etc/passwd.
            copies[0:0] = [Copy("/etc/passwd", f"user {final.user} is created in the build stage"),
                           Copy("/etc/group", f"user {final.user} is created in the build stage")]
        else:
            raise Refusal("SS013", f"USER {final.user} is not known in {base.ref} and cannot be carried over from {base_ref}")

    # PATH: the original image searched the build image's PATH; when the program is found
    # through a folder the runtime base does not search, or the file extends "$PATH", start
    # the runtime stage from the build image's PATH so that every later ENV sees the same.
    extra_env: list[tuple[str, str]] = []
    build_path = dict(build.env).get("PATH", base.path)
    extends_path = any(i.keyword == "ENV" and any(k == "PATH" for k, _ in i.pairs()) and "PATH" in references(" ".join(i.args))
                       for i in stage.instructions)
    missing_dirs = finder.path_dirs - set(base.path.split(":"))
    if build_path != base.path and (extends_path or (missing_dirs and not _sets_path(stage))):
        extra_env.append(("PATH", build_path))
        why = (f"the program is found through {', '.join(sorted(missing_dirs))}, which {base.ref} does not search"
               if missing_dirs else "the file extends $PATH, which must start from the same value as in the original")
        decisions.append(Decision("PATH", "the build image's", why))

    head, tail = _replay(stage)
    # Variables the build image sets (GOPATH, JAVA_HOME, …) that a replayed instruction expands
    # (`WORKDIR $GOPATH/src/app`): the runtime base does not set them, so they would expand to ""
    # there. Set them first, with the build image's values, as the original image had them.
    file_sets = {k for i in stage.instructions if i.keyword in ("ENV", "ARG") for k, _ in i.pairs()}
    image_env = dict(build.env)
    for name in sorted({n for i in head + tail if i.keyword in _EXPANDS for n in references(" ".join(i.args))}):
        if name in image_env and name not in file_sets and name not in dict(extra_env):
            extra_env.append((name, image_env[name]))
            decisions.append(Decision(name, image_env[name], f"a replayed instruction expands ${name}, which {base_ref} sets "
                                                              f"and {base.ref} does not"))
    default_workdir = None
    if build.workdir != "/" and not any(i.keyword == "WORKDIR" for i in head + tail):
        default_workdir = build.workdir
        decisions.append(Decision("WORKDIR", build.workdir, f"{base_ref} starts in {build.workdir} and the file sets no WORKDIR; "
                                                            "the runtime stage starts there too"))
    arg_lines = _arg_lines(df, stage, head + tail)
    insertions = _insertions(needs)
    rewrites = _cache_mounts(effects) if options.buildkit else ()
    stage_name = stage.alias or options.stage_name
    closure = Closure(data=tuple(data), libc=libc, shared_libs=tuple(sorted(shared)), shell=needs_shell,
                      tools=tuple(sorted(finder.tools)), certs=certs, tzdata=tz)
    warnings = _secret_warnings(copies, head + tail, arg_lines, prov)
    return Plan(changed=True, reason=f"runtime stage on {base.ref}", stage_name=stage_name, platform=platform, effects=effects,
                artifacts=tuple(built), programs=tuple(finder.programs), closure=closure, base=base,
                copies=tuple(copies), installs=tuple(dict.fromkeys(installs)), arg_lines=arg_lines,
                head=head, tail=tail, extra_env=tuple(extra_env), workdir=default_workdir, insertions=insertions, rewrites=rewrites,
                decisions=tuple(decisions), warnings=warnings, provenance=prov)


def _secret_warnings(copies: list[Copy], replayed: tuple[Instruction, ...], arg_lines: tuple[str, ...],
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


def _unknown_sentence(what: str) -> str:
    """An effect no rule reads, as one plain clause."""
    marker = "(no rule says what it writes)"
    if what.endswith(marker):
        return f"no rule says what {what[:-len(marker)].strip()} writes"
    return what


def _refuse_unsupported_ecosystem(base_ref: str, effects: tuple[Effect, ...]) -> None:
    """A build in a language with no rules yet says so, before any step it cannot read."""
    from heuristics.ecosystem_hints import language_of

    if any(e.artifacts for e in effects):
        return
    repo = base_ref.split("@")[0].split(":")[0].rsplit("/", 1)[-1]
    names = [c.name for e in effects for c in e.commands]
    supported = [eco.language for eco in ecosystems()]
    lang = language_of(repo, names, frozenset(supported))
    if lang:
        raise Refusal("SS022", f"no rules for {lang} builds yet: only {', '.join(supported)} programs are split so far")


# -- the command the image runs -----------------------------------------------------------------

def _command_line(stage: Stage, final: StageState) -> tuple[list[str], bool]:
    """The argv the container starts with, and whether a shell is involved."""
    entry = next((i for i in reversed(stage.instructions) if i.keyword == "ENTRYPOINT"), None)
    cmd = next((i for i in reversed(stage.instructions) if i.keyword == "CMD"), None)
    shell = list(final.shell)
    if entry is not None and entry.args:
        if not entry.json_form:
            return shell + [entry.args[0]], True
        argv = list(entry.args)
        if cmd is not None and cmd.args:
            argv += list(cmd.args) if cmd.json_form else shell + [cmd.args[0]]
        return argv, False
    if cmd is not None and cmd.args:
        if cmd.json_form:
            return list(cmd.args), False
        return shell + [cmd.args[0]], True
    return [], False


def _health_argv(health: Instruction, final: StageState) -> tuple[list[str], bool]:
    if health.json_form:
        return list(health.args[1:]), False
    return list(final.shell) + [health.args[1]], True


class _ProgramFinder:
    """Follows an argv to the files it runs: built programs, entry scripts (read through the
    graph and parsed as shell) and commands called by name that the runtime base must have."""

    def __init__(self, final: StageState, prov: Provenance, artifacts: dict[str, BuiltArtifact]):
        self.final, self.prov, self.artifacts = final, prov, artifacts
        self.path = dict(final.env).get("PATH", "").split(":")
        self.programs: list[str] = []
        self.scripts: list[str] = []
        self.tools: set[str] = set()
        self.launchers: set[str] = set()      # runtimes' launchers (java, dotnet): the runtime base has them
        self.path_dirs: set[str] = set()

    def argv(self, argv: list[str], depth: int = 0) -> None:
        if depth > 4 or not argv:
            return
        first = argv[0]
        if posixpath.basename(first) in _SHELLS:
            if posixpath.basename(first) != "sh":
                self.tools.add(posixpath.basename(first))
            if "-c" in argv[1:]:
                i = argv.index("-c", 1)
                if i + 1 < len(argv):
                    self.shell(argv[i + 1], argv[i + 2:], depth)
                return
            self.argv([a for a in argv[1:] if not a.startswith("-")], depth + 1)
            return
        for eco in ecosystems():
            launch = eco.launches(argv)
            if launch is not None:
                self.launch(launch)
                return
        path = self.which(first)
        if path is None:
            if first in _BUILTINS:
                return
            if "/" in first:
                raise Refusal("SS014", f"the image runs {first}, which this file does not create")
            self.tools.add(first)
            return
        self.programs.append(path)
        if path in self.artifacts:
            # Arguments that are programs too (`tini -- app`, a wrapper's target).
            for a in argv[1:]:
                target = None if a.startswith("-") else self.which(a)
                if target is not None and target in self.artifacts and target not in self.programs:
                    self.programs.append(target)
            return
        self.script(path, argv[1:], depth)

    def launch(self, launch: Launch) -> None:
        """A runtime starting an artifact (`java -jar app.jar`): the launcher comes with the
        runtime base; each path it names is a built artifact, or lies inside one (a class
        tree, a publish folder), or is a file the build did not make."""
        if launch.refuse:
            raise Refusal("SS023", launch.refuse)
        self.launchers.add(launch.runtime_command)
        for written in launch.paths:
            path = posixpath.normpath(posixpath.join(self.final.workdir, written))
            hits = [a for a in self.artifacts if fnmatch.fnmatchcase(a, path) or path.startswith(a.rstrip("/") + "/")]
            for hit in hits or [path]:
                if hit not in self.programs:
                    self.programs.append(hit)

    def script(self, path: str, args: list[str], depth: int) -> None:
        loc = self.prov.locate(path)
        text = self.prov.files.read(path) if loc and not loc.origin.tree else None
        if text is None or not text.startswith("#!"):
            raise Refusal("SS015", f"the image runs {path}, which is neither a program built here nor a script this analysis can read")
        self.scripts.append(path)
        interp = text.splitlines()[0][2:].strip().split() or ["sh"]
        name = posixpath.basename(interp[-1] if posixpath.basename(interp[0]) == "env" else interp[0])
        if name not in _SHELLS:
            raise Refusal("SS016", f"the entry script {path} runs with {name}, which this analysis does not follow")
        if name != "sh":
            self.tools.add(name)
        self.shell(text, args, depth)

    def shell(self, script: str, positional: list[str], depth: int) -> None:
        if depth > 8:
            return
        rest, cases = split_cases(script)
        handled = False     # the first argument picked a `case` arm: it is not a command
        for case in cases:
            if case.on_first_argument and positional:
                arm = case.arm_for(positional[0])     # no arm matching: none runs
                if arm is not None:
                    handled = handled or not arm.is_default
                    self.shell(arm.body, positional, depth + 1)
            else:            # which arm runs is unknown: any of them may run its program
                for each in case.arms:
                    self.shell(each.body, positional, depth + 1)
        reading = read_shell(rest, self.final.workdir, dict(self.final.env))
        for c in reading.commands:
            words = [w.text for w in c.argv][1 if c.name == "exec" else 0:]
            if not words:
                continue
            if words[0] in ("$@", "$*", "${@}"):
                if not handled:
                    self.argv(positional, depth + 1)
            elif "$" in words[0] or not c.argv[1 if c.name == "exec" else 0].known:
                shown = repr(words[0]) if words[0] else "a variable with no value at build time"
                raise Refusal("SS017", f"the entry command runs {shown}, a program named by a variable this analysis cannot follow")
            else:
                self.argv(words, depth + 1)

    def which(self, word: str) -> str | None:
        if "/" in word:
            p = posixpath.normpath(posixpath.join(self.final.workdir, word))
            return p if self.prov.locate(p) is not None else None
        for d in self.path:
            p = posixpath.join(d, word)
            loc = self.prov.locate(p) if d else None
            if loc is not None and not loc.origin.tree:
                self.path_dirs.add(d)
                return p
        return None


# -- the base ------------------------------------------------------------------------------------

def _choose_base(req: Requirements, build: BuildImage, options: Options, decisions: list[Decision],
                 installed: list[str]) -> tuple[BaseImage, list[str]]:
    cat = options.catalogue
    fits = base_images.candidates(req, build, cat)
    if options.runtime != "auto":
        forced = (base_images.named(options.runtime, build, cat, req.runtime)
                  if options.runtime != "distroless" or req.runtime is not None
                  else base_images.distroless_for(req.libc, req.shared_libs, cat))
        if forced is None:
            wanted = " ".join(req.runtime or ())
            raise Refusal("SS018", f"--runtime {options.runtime} cannot run this program: no {options.runtime} base "
                                   f"in the catalogue ships the {wanted} runtime")
        if forced.ref not in [b.ref for b in fits]:
            raise Refusal("SS018", f"--runtime {options.runtime} cannot run this program: {_why_not(forced, req)}")
        fits = [forced]
    for base in fits:
        installs: list[str] = []
        missing_tools = sorted(t for t in req.tools if t not in base.tools)
        tool_pkgs = [packages.package_for_tool(base.package_manager, t) for t in missing_tools]
        if None in tool_pkgs:
            continue   # a command this base lacks and no known package provides
        installs.extend(p for p in tool_pkgs if p)
        missing_libs = sorted(req.shared_libs - base.libs)
        if missing_libs:
            mapped = _runtime_packages(missing_libs, installed, base)
            if mapped is None:
                continue
            installs.extend(mapped)
        why = _why_base(base, req)
        decisions.append(Decision("runtime base", base.ref, why))
        if installs:
            decisions.append(Decision("runtime packages", ", ".join(installs), "called or linked at run time and missing from the base"))
        return base, installs
    raise Refusal("SS019", f"no runtime base fits: the program needs {_describe(req)}, and no base in the catalogue "
                           "has all of it or a known package that provides it")


def _runtime_packages(libs: list[str], installed: list[str], base: BaseImage) -> list[str] | None:
    """The packages holding LIBS on BASE: the library table first (names follow the base's
    release), else the runtime package of a -dev package the build installed for it."""
    if base.package_manager is None:
        return None
    out = []
    for lib in libs:
        hit = packages.runtime_package(lib, base.package_manager, base.release)
        if hit is None:
            for spec in installed:
                name = packages.package_name(spec)
                rt = packages.DEV_TO_RUNTIME.get(name)
                if rt and lib in name:
                    hit = rt
        if hit is None:
            return None
        if hit:
            out.append(hit)
    return out


def _describe(req: Requirements) -> str:
    parts = [f"the {req.runtime[0]} {req.runtime[1]} runtime"] if req.runtime else []
    parts.append({"static": "no C library", "musl": "musl libc", "glibc": "glibc"}[req.libc])
    if req.shell:
        parts.append("a shell")
    if req.tools:
        tools = sorted(req.tools)
        parts.append(("the command " if len(tools) == 1 else "the commands ") + ", ".join(tools))
    if req.shared_libs:
        parts.append("the libraries " + ", ".join(sorted(req.shared_libs)))
    return ", ".join(parts)


def _why_base(base: BaseImage, req: Requirements) -> str:
    return f"the program needs {_describe(req)}; {base_images.preference(base)}"


def _why_not(base: BaseImage, req: Requirements) -> str:
    if req.runtime is not None and (base.provides, base.version) != req.runtime:
        return f"{base.ref} does not ship the {req.runtime[0]} {req.runtime[1]} runtime"
    if req.shell and not base.shell:
        return "it needs a shell and has none"
    if req.libc in ("glibc", "musl") and base.libc != req.libc:
        return f"the binary links {req.libc} and {base.ref} has {base.libc or 'no C library'}"
    return f"it lacks {_describe(req)}"


# -- what the runtime stage gets -------------------------------------------------------------------

def _data_paths(needs: RuntimeNeeds, workdir: str, prov: Provenance, art: BuiltArtifact) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ref in needs.data_refs:
        pattern = posixpath.normpath(posixpath.join(workdir, ref.pattern))
        if pattern in ("/", workdir):
            continue
        why = (f"read at run time: {ref.how}({ref.pattern!r}) in {ref.where}" if ref.how != "string literal"
               else f"named in the sources: {ref.pattern!r} in {ref.where}")
        if any(ch in pattern for ch in "*?["):
            fixed = pattern.split("*")[0].split("?")[0].split("[")[0]
            directory = fixed if fixed.endswith("/") else posixpath.dirname(fixed)
            directory = directory.rstrip("/") or "/"
            if prov.glob(pattern) and directory not in ("/", workdir):
                out.append((directory, why))
            elif prov.glob(pattern):
                out.extend((p, why) for p in prov.glob(pattern))
            continue
        if prov.locate(pattern) is not None or prov.is_dir(pattern):
            out.append((pattern, why))
        elif pattern.startswith("/"):
            # A file the program creates at run time (a log, a database): the folder that must
            # hold it is what the build made (`RUN mkdir /data`), empty or not.
            folder = posixpath.dirname(pattern)
            origin = prov.files.origins.get(folder)
            if folder not in ("/", workdir) and origin is not None and not origin.tree and not origin.package:
                out.append((folder, f"{why}: the program creates it in {folder}, which the build made"))
    return out


def _named_paths(stage: Stage, final: StageState, prov: Provenance, argv: list[str]) -> list[tuple[str, str]]:
    """Paths the command line or an ENV value names (`-dir /app/static`, `--config=/etc/app.yml`,
    `APP_CONFIG=/srv/app/app.conf`) that the build wrote: the program will open them."""
    out: list[tuple[str, str]] = []
    words = [("the command line", w) for w in argv[1:]]
    words += [(f"ENV {k}", v) for k, v in final.env.items()
              if k not in base_images.TOOL_PATH_VARIABLES and any(i.keyword == "ENV" and k in dict(i.pairs()) for i in stage.instructions)]
    workdir = final.workdir
    for where, word in words:
        for value in sorted({word, word.partition("=")[2]} - {""}):
            if "://" in value:
                continue     # a URL, not a path
            for part in value.split(":") if where.startswith("ENV") else [value]:
                if not part.startswith("/") or part.startswith("//") or part == "/":
                    continue
                path = posixpath.normpath(part)
                if path == workdir or workdir.startswith(path + "/"):
                    continue     # the program's folder itself, or above it: not a data path
                loc = prov.locate(path)
                if loc is not None and not loc.origin.tree or (loc is None and prov.is_dir(path)):
                    out.append((path, f"named by {where}: {word if len(word) < 60 else word[:57] + '...'}"))
    return out


def _dedupe(copies: list[Copy]) -> list[Copy]:
    seen: set[str] = set()
    out: list[Copy] = []
    for c in copies:
        if c.path not in seen:
            seen.add(c.path)
            out.append(c)
    return out


def _sets_path(stage: Stage) -> bool:
    return any(i.keyword == "ENV" and any(k == "PATH" for k, _ in i.pairs()) for i in stage.instructions)


def _drop_nested(copies: list[Copy]) -> list[Copy]:
    """A path inside a directory already copied needs no copy of its own."""
    paths = [c.path for c in copies]
    return [c for c in copies if not any(c.path != p and c.path.startswith(p.rstrip("/") + "/") for p in paths)]


def _owner(effects: tuple[Effect, ...], art: BuiltArtifact) -> str | None:
    for e in effects:
        if e.instruction.start_line == art.line:
            user = e.before.user
            return user if user and user.split(":")[0] not in ("root", "0") else None
    return None


def _replay(stage: Stage) -> tuple[tuple[Instruction, ...], tuple[Instruction, ...]]:
    """Config instructions in their order; the copies go before the first one that is not
    ENV/LABEL/WORKDIR/SHELL (so files land before USER, VOLUME and the commands)."""
    config = [i for i in stage.instructions if i.keyword in CONFIG_KEYWORDS]
    split = next((n for n, i in enumerate(config) if i.keyword not in ("ENV", "LABEL", "MAINTAINER", "WORKDIR", "SHELL")), len(config))
    return tuple(config[:split]), tuple(config[split:])


def _arg_lines(df: Dockerfile, stage: Stage, replayed: tuple[Instruction, ...]) -> tuple[str, ...]:
    """ARGs the replayed instructions expand, declared again (a stage starts with none)."""
    used: list[str] = []
    for ins in replayed:
        if ins.keyword in _EXPANDS:
            for name in sorted(references(" ".join(ins.args))):
                if name not in used:
                    used.append(name)
    if not used:
        return ()
    lines: list[str] = []
    stage_args = [i for i in stage.instructions if i.keyword == "ARG"]
    global_names = set(df.global_arg_defaults())
    for name in used:
        own = next((i for i in stage_args if name in [k for k, _ in i.pairs()]), None)
        if own is not None:
            lines.append(own.raw.rstrip("\n"))
        elif name in global_names:
            lines.append(f"ARG {name}")
    return tuple(dict.fromkeys(lines))


def _insertions(needs: list[tuple[BuiltArtifact, RuntimeNeeds]]) -> tuple[Insertion, ...]:
    out: dict[int, Insertion] = {}
    for art, n in needs:
        if n.build_env and art.line not in out:
            env = " ".join(f"{k}={v}" for k, v in n.build_env)
            out[art.line] = Insertion(art.line, (
                f"# stagesplit: {n.build_env_why}",
                f"ENV {env}",
            ))
    return tuple(out[k] for k in sorted(out))


def _cache_mounts(effects: tuple[Effect, ...]) -> tuple[Rewrite, ...]:
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
