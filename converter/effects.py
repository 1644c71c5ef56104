"""Each instruction's effects: the paths it reads and writes, its env changes, the programs
it builds and the OS packages it installs.

COPY/ADD/WORKDIR are read directly; RUN bodies go through `shell.read_shell` (bashlex) and
then through the recognisers in `heuristics` (core commands, package managers, ecosystems).
A command nobody recognises becomes an explicit *unknown effect*.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from immutables import Map

from heuristics import BuiltArtifact, CommandEffect, coreutils, ecosystems, make, packages

from .context import BuildContext
from .errors import InputError
from .model import Instruction, Stage
from .shell import SimpleCommand, exec_commands, read_shell
from .variables import process_word

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class StageState:
    """What an instruction sees: working dir, env (ENV and ARG), user, shell."""

    # Persistent maps (immutables.Map): every instruction's state shares structure with the one
    # before, so time and memory stay linear in the number of ENV/ARG instructions.
    workdir: str = "/"
    env: Map[str, str] = Map()        # ENV values in effect
    args: Map[str, str] = Map()       # ARG values in effect (build time only)
    user: str | None = None
    shell: tuple[str, ...] = ("/bin/sh", "-c")
    seen_by_run: Map[str, str] = Map()   # args overridden by env, kept in step with both

    def build_env(self) -> Map[str, str]:
        """The environment a RUN command sees: ARG values, overridden by ENV."""
        return self.seen_by_run

    def with_env(self, key: str, value: str) -> StageState:
        _check_size(value)
        return replace(self, env=self.env.set(key, value), seen_by_run=self.seen_by_run.set(key, value))

    def with_arg(self, key: str, value: str) -> StageState:
        _check_size(value)
        seen = self.seen_by_run if key in self.env else self.seen_by_run.set(key, value)
        return replace(self, args=self.args.set(key, value), seen_by_run=seen)


MAX_VALUE = 256 * 1024     # bytes of one expanded ENV/ARG value


def _check_size(value: str) -> None:
    """A value that grows by expansion (`ENV A=$A$A`, repeated) doubles at every line: stop it
    long before memory does; no real image sets a variable this large."""
    if len(value) > MAX_VALUE:
        raise InputError(f"a variable expands to more than {MAX_VALUE // 1024} KiB (ENV A=$A$A repeated?): "
                         "not a Dockerfile this tool can analyse")


@dataclass(frozen=True)
class Origin:
    """Where an image path came from."""

    line: int                    # instruction line that wrote it
    context: str | None = None   # the context file it is a copy of
    tree: bool = False           # a directory written with contents we cannot list


@dataclass(frozen=True)
class Effect:
    instruction: Instruction
    before: StageState
    reads: tuple[str, ...] = ()
    context_reads: tuple[str, ...] = ()
    writes: tuple[tuple[str, Origin], ...] = ()
    deletes: tuple[str, ...] = ()
    modifies: tuple[str, ...] = ()
    artifacts: tuple[BuiltArtifact, ...] = ()
    packages: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    commands: tuple[SimpleCommand, ...] = field(default=(), compare=False)
    notes: tuple[str, ...] = ()


class ImageFiles:
    """The image's files as the walk has written them so far (also the ecosystems' SourceView)."""

    def __init__(self, context: BuildContext):
        self.context = context
        self.origins: dict[str, Origin] = {}

    def write(self, path: str, origin: Origin) -> None:
        self.origins[path] = origin

    def delete(self, path: str) -> None:
        for p in [p for p in self.origins if p == path or p.startswith(path.rstrip("/") + "/")]:
            del self.origins[p]

    def files_under(self, directory: str) -> Sequence[str]:
        prefix = directory.rstrip("/") + "/"
        return sorted(p for p in self.origins if p.startswith(prefix) or p == directory)

    def read(self, path: str) -> str | None:
        o = self.origins.get(path)
        if o is None or o.context is None:
            return None
        return self.context.read_text(o.context)


def resolve(word: str, state: StageState) -> str:
    return process_word(word, state.build_env())


def _checked(value: str) -> str:
    _check_size(value)
    return value


def image_path(state: StageState, p: str) -> str:
    return posixpath.normpath(posixpath.join(state.workdir, p)) if p else state.workdir


def analyse_stage(stage: Stage, context: BuildContext, global_args: Mapping[str, str],
                  base_env: tuple[tuple[str, str], ...] = (("PATH", DEFAULT_PATH),),
                  ) -> tuple[tuple[Effect, ...], ImageFiles, StageState]:
    """Walk one stage; return each instruction's effect, the files written, the final state."""
    files = ImageFiles(context)
    state = StageState(env=Map(base_env), seen_by_run=Map(base_env))
    declared_globals = dict(global_args)
    out: list[Effect] = []
    for ins in stage.instructions:
        effect, state = _step(ins, state, files, context, declared_globals)
        out.append(effect)
    return tuple(out), files, state


def _step(ins: Instruction, state: StageState, files: ImageFiles, context: BuildContext,
          global_args: Mapping[str, str]) -> tuple[Effect, StageState]:
    k = ins.keyword
    if k == "WORKDIR":
        wd = image_path(state, _checked(resolve(ins.args[0], state)))
        files.write(wd, Origin(ins.start_line))
        return Effect(ins, state, writes=((wd, Origin(ins.start_line)),)), replace(state, workdir=wd)
    if k == "ENV":
        new = state
        for key, val in ins.pairs():
            new = new.with_env(key, process_word(val or "", new.build_env()))   # ENV always has a value
        return Effect(ins, state), new
    if k == "ARG":
        new = state
        for key, default in ins.pairs():
            if default is not None:
                new = new.with_arg(key, process_word(default, state.build_env()))
            elif key in global_args:
                new = new.with_arg(key, global_args[key])
            elif key not in new.args:
                new = new.with_arg(key, "")
        return Effect(ins, state), new
    if k == "USER":
        return Effect(ins, state), replace(state, user=resolve(ins.args[0], state))
    if k == "SHELL":
        return Effect(ins, state), replace(state, shell=ins.args)
    if k in ("COPY", "ADD"):
        return _copy(ins, state, files, context), state
    if k == "RUN":
        return _run(ins, state, files), state
    return Effect(ins, state), state


def _copy(ins: Instruction, state: StageState, files: ImageFiles, context: BuildContext) -> Effect:
    args = [resolve(a, state) for a in ins.args]
    if len(args) < 2:
        return Effect(ins, state, unknown=(f"{ins.keyword} with no destination",))
    srcs, dest_raw = args[:-1], args[-1]
    dest = image_path(state, dest_raw)
    dest_is_dir = dest_raw.endswith("/") or dest_raw in (".", "./") or len(srcs) > 1
    line = ins.start_line
    writes: list[tuple[str, Origin]] = []
    unknown: list[str] = []
    ctx_reads: list[str] = []
    if ins.flag("from") is not None:
        origin = Origin(line, tree=True)
        writes.append((dest, origin))
    else:
        for src in srcs:
            if "://" in src or src.startswith("git@"):
                target = posixpath.join(dest, posixpath.basename(src.rstrip("/"))) if dest_is_dir else dest
                writes.append((target, Origin(line)))
                continue
            if not context.available:
                writes.append((dest, Origin(line, tree=True)))
                continue
            matched = context.match(src)
            if not matched:
                unknown.append(f"{ins.keyword} source {src!r} is not in the build context")
                continue
            ctx_reads.extend(matched)
            norm_src = posixpath.normpath("/" + src).lstrip("/")
            is_glob = any(ch in norm_src for ch in "*?[")
            if ins.keyword == "ADD" and len(matched) == 1 and matched[0].endswith((".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2")):
                writes.append((dest, Origin(line, tree=True)))
                continue
            for f in matched:
                if is_glob:
                    top = "/".join(f.split("/")[: norm_src.count("/") + 1])
                    base_dir = posixpath.dirname(top)
                    rel = posixpath.relpath(f, base_dir) if base_dir else f
                    target = posixpath.join(dest, rel)
                elif f == norm_src:   # a single file
                    target = posixpath.join(dest, posixpath.basename(f)) if dest_is_dir else dest
                else:                 # a directory: its contents land in dest
                    rel = posixpath.relpath(f, norm_src) if norm_src else f
                    target = posixpath.join(dest, rel)
                writes.append((posixpath.normpath(target), Origin(line, context=f)))
    for path, origin in writes:
        files.write(path, origin)
    return Effect(ins, state, context_reads=tuple(ctx_reads), writes=tuple(writes), unknown=tuple(unknown))


def _run(ins: Instruction, state: StageState, files: ImageFiles) -> Effect:
    env = state.build_env()
    if ins.heredocs:
        return Effect(ins, state, unknown=("a heredoc RUN (its script is not analysed)",))
    if ins.json_form:
        reading = exec_commands(tuple(ins.args), state.workdir, env)
    else:
        reading = read_shell(ins.args[0] if ins.args else "", state.workdir, env)
    line = ins.start_line
    reads: list[str] = []
    writes: list[tuple[str, Origin]] = []
    deletes: list[str] = []
    artifacts: list[BuiltArtifact] = []
    pkgs: list[str] = []
    notes: list[str] = []
    unknown: list[str] = list(reading.problems)
    modified: list[str] = []
    for cmd in reading.commands:
        if not all(w.known for w in cmd.argv):
            unknown.append(f"`{' '.join(w.text for w in cmd.argv)}` has a value known only when it runs")
            continue
        if cmd.name == "exec" and len(cmd.argv) > 1:
            cmd = replace(cmd, argv=cmd.argv[1:])
        eff = recognise(cmd, line, files)
        if eff is None:
            unknown.append(f"`{' '.join(w.text for w in cmd.argv)}` (no rule says what it writes)")
            continue
        reads.extend(eff.reads)
        modified.extend(eff.modifies)
        new = [(p, Origin(line)) for p in eff.writes] + [(p, Origin(line, tree=True)) for p in eff.trees]
        for p in eff.deletes:
            files.delete(p)
            deletes.append(p)
        for p, o in new:
            files.write(p, o)
        writes.extend(new)
        artifacts.extend(eff.artifacts)
        pkgs.extend(eff.packages)
        if eff.note:
            notes.append(eff.note)
    return Effect(ins, state, reads=tuple(reads), writes=tuple(writes), deletes=tuple(deletes),
                  modifies=tuple(modified),
                  artifacts=tuple(artifacts), packages=tuple(pkgs), unknown=tuple(unknown),
                  commands=reading.commands, notes=tuple(notes))


def recognise(cmd: SimpleCommand, line: int, files: ImageFiles) -> CommandEffect | None:
    """Ecosystems first (they know `go build`), then package managers, make, core commands."""
    for eco in ecosystems():
        eff = eco.command_effect(cmd, line, files)
        if eff is not None:
            return eff
    return packages.command_effect(cmd) or make.command_effect(cmd) or coreutils.command_effect(cmd)
