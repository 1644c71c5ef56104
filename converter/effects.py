"""Each instruction's effects: the paths it reads and writes, its env changes, the programs
it builds and the OS packages it installs.

COPY/ADD/WORKDIR are read directly; RUN bodies go through `shell.read_shell` (bashlex) and
then through the recognisers in `heuristics` (core commands, package managers, ecosystems).
A command nobody recognises becomes an explicit *unknown effect*.
"""

from __future__ import annotations

import csv
import posixpath
from collections.abc import Iterator, Mapping, Sequence

from immutables import Map
from msgspec import Struct
from msgspec.structs import replace
from sortedcontainers import SortedList  # type: ignore[import-untyped]  # (the package ships no type hints)

from heuristics import BuiltArtifact, CommandEffect, coreutils, ecosystems, make, packages, unknown_words, vcs

from .context import BuildContext
from .errors import InputError
from .model import Instruction, Stage
from .shell import SimpleCommand, Word, exec_commands, read_shell
from .variables import process_word

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class StageState(Struct, frozen=True, gc=False):
    """What an instruction sees: working dir, env (ENV and ARG), user, shell."""

    # Persistent maps (immutables.Map): every instruction's state shares structure with the one
    # before, so time and memory stay linear in the number of ENV/ARG instructions.
    workdir: str = "/"
    env: Map[str, str] = Map()        # ENV values in effect
    args: Map[str, str] = Map()       # ARG values in effect (build time only)
    user: str | None = None
    shell: tuple[str, ...] = ("/bin/sh", "-c")
    seen_by_run: Map[str, str] = Map()   # args overridden by env, kept in step with both
    homes: Map[str, str] = Map()         # home folders of the users this stage created (useradd -m app)
    escape: str = "\\"                   # the file's `# escape=` character: how its words are read

    def home(self) -> str | None:
        """The HOME a RUN sees when no ENV sets it: Docker reads the user's /etc/passwd entry
        (root's /root; a user the file created, as its useradd/adduser line says; None: unknown)."""
        name = (self.user or "root").split(":")[0]
        return "/root" if name in ("root", "0") else self.homes.get(name)

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


class Origin(Struct, frozen=True, gc=False):
    """Where an image path came from."""

    line: int                    # instruction line that wrote it
    context: str | None = None   # the context file it is a copy of
    tree: bool = False           # a directory written with contents we cannot list
    package: bool = False        # a tree an OS package install (or a download cache) writes into:
                                 # which files it holds is not known, so it never vouches for one
                                 # and is never carried into the runtime stage
    dir: bool = False            # a directory made empty (WORKDIR, mkdir): a COPY lands inside it
    link: str | None = None      # a symbolic link, to this target as written (relative to its folder)


class Effect(Struct, frozen=True, gc=False):
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
    commands: tuple[SimpleCommand, ...] = ()    # not part of the value: __eq__ and __hash__ leave it out
    notes: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is Effect and self._value() == other._value()

    def __hash__(self) -> int:
        return hash(self._value())

    def _value(self) -> tuple:
        return (self.instruction, self.before, self.reads, self.context_reads, self.writes, self.deletes,
                self.modifies, self.artifacts, self.packages, self.unknown, self.notes)


class ImageFiles:
    """The image's files as the walk has written them so far (also the ecosystems' SourceView).

    `origins` holds what is there now. A deleted path moves to `deleted`: what the analysis
    read of it before (a source a build compiled, then `rm -rf /src`) stays readable through
    `read`, but `files_under`, and the graph's `locate`, only ever name paths still there.
    `sources_for(artifact)` is the view of the files as they were when that program was built:
    what its ecosystem scans to tell what it needs at run time.
    """

    def __init__(self, context: BuildContext, origins: Mapping[str, Origin] | None = None):
        self.context = context
        self.origins: dict[str, Origin] = dict(origins or {})
        # The same paths, sorted: everything under a folder is one run of it, so "is it a folder",
        # "what is under it" and "delete it" cost the run, not the whole image (a file of N RUN
        # steps writing a file each stays linear in N).
        self._paths = SortedList(self.origins)
        self.deleted: dict[str, Origin] = {}
        # Every write and delete, in order: the files as they were at any moment are a prefix of
        # it, so a snapshot (`record_build`) is a length, not a copy of every path.
        self._log: list[tuple[str, Origin | None]] = []
        self._built: dict[str, int] = {}
        self.programs: dict[str, BuiltArtifact] = {}    # built so far, by path (copies included)
        self._notes: dict[str, dict[str, object]] = {}   # ecosystems' notes between commands (SourceView.notes)

    def _set(self, path: str, origin: Origin) -> None:
        if path not in self.origins:
            self._paths.add(path)
        self.origins[path] = origin
        self._log.append((path, origin))

    def _under(self, directory: str) -> Iterator[str]:
        """The paths strictly under DIRECTORY, in sorted order."""
        prefix = directory.rstrip("/") + "/"
        for p in self._paths.irange(minimum=prefix):
            if not p.startswith(prefix):
                return
            if p != directory:   # "/" is under the prefix "/"
                yield p

    def write(self, path: str, origin: Origin) -> None:
        if origin.package and path in self.origins:
            return   # a package install does not replace what the build itself put there
        self._set(path, origin)
        self.deleted.pop(path, None)

    def delete(self, path: str) -> None:
        gone = [*([path] if path in self.origins else []), *self._under(path)]
        for p in gone:
            self.deleted[p] = self.origins.pop(p)
            self._paths.remove(p)
            self._log.append((p, None))

    def files_under(self, directory: str) -> Sequence[str]:
        under = list(self._under(directory))
        return sorted([directory, *under]) if directory in self.origins else under

    def paths_under(self, directory: str) -> Iterator[tuple[str, Origin]]:
        """DIRECTORY itself if the walk wrote it, and every path under it, with their origins."""
        if directory in self.origins:
            yield directory, self.origins[directory]
        for p in self._under(directory):
            yield p, self.origins[p]

    def read(self, path: str) -> str | None:
        o = self.origins.get(path) or self.deleted.get(path)
        if o is None or o.context is None:
            return None
        return self.context.read_text(o.context)

    def is_dir(self, path: str) -> bool:
        """A directory the walk made or filled (not the base image's own folders: see KNOWN_DIRS)."""
        o = self.origins.get(path)
        if o is not None and (o.dir or o.tree):
            return True
        return next(self._under(path), None) is not None

    def record_build(self, artifacts: Sequence[BuiltArtifact]) -> None:
        """Keep the files as they are when these programs are built."""
        for a in artifacts:
            self._built[a.path] = len(self._log)
            self.programs[a.path] = a

    def exists(self, path: str) -> bool:
        """A file or folder the walk wrote (or filled) at PATH."""
        return path in self.origins or self.is_dir(path)

    def made_by_run(self, path: str) -> bool:
        """A file a RUN step wrote itself (not COPY'd from the context, not a folder)."""
        o = self.origins.get(path)
        return o is not None and o.context is None and not o.tree and not o.dir

    def unlisted_folder(self, path: str) -> str | None:
        """The folder above PATH that a step wrote with contents the analysis cannot list (a
        clone, a tool's output), if any: PATH may be there or not."""
        for d in list(ancestors(path))[1:]:
            o = self.origins.get(d)
            if o is not None and o.tree and not o.package:
                return d
        return None

    def notes(self, ecosystem: str) -> dict[str, object]:
        """ECOSYSTEM's notes between the commands of this walk (a SourceView method)."""
        return self._notes.setdefault(ecosystem, {})

    def built(self) -> Mapping[str, BuiltArtifact]:
        """The programs built so far, by path (a SourceView method)."""
        return self.programs

    def record_copy(self, source: str, copy: BuiltArtifact) -> None:
        """`cp app /usr/local/bin/`: the same program at a new path, built from the same files."""
        self._built[copy.path] = self._built.get(source, len(self._log))
        self.programs[copy.path] = copy

    def sources_for(self, artifact: BuiltArtifact) -> ImageFiles:
        """The files as they were when `artifact` was built (a SourceView): sources deleted
        afterwards are still there to scan; nothing in it is copied to the runtime stage."""
        mark = self._built.get(artifact.path)
        if mark is None:
            return ImageFiles(self.context, self.origins)
        then: dict[str, Origin] = {}
        for path, origin in self._log[:mark]:
            if origin is None:
                then.pop(path, None)
            else:
                then[path] = origin
        return ImageFiles(self.context, then)


# Folders every Linux base image has: `COPY app /usr/local/bin` puts app inside.
KNOWN_DIRS = frozenset("/ /bin /etc /home /opt /root /srv /tmp /usr /usr/bin /usr/lib /usr/local /usr/local/bin "
                       "/usr/local/lib /usr/local/share /usr/sbin /usr/share /var /var/lib /var/log".split())


def ancestors(path: str) -> Iterator[str]:
    """PATH and each folder above it, up to its top ("/", or "//" for a path written so)."""
    while True:
        yield path
        parent = posixpath.dirname(path)
        if parent == path:
            return
        path = parent


def resolve(word: str, state: StageState) -> str:
    return process_word(word, state.build_env(), escape=state.escape)


def _checked(value: str) -> str:
    _check_size(value)
    return value


def image_path(state: StageState, p: str) -> str:
    return posixpath.normpath(posixpath.join(state.workdir, p)) if p else state.workdir


def analyse_stage(stage: Stage, context: BuildContext, global_args: Mapping[str, str],
                  base_env: tuple[tuple[str, str], ...] = (("PATH", DEFAULT_PATH),),
                  base_workdir: str = "/", base_user: str | None = None, *, escape: str = "\\",
                  ) -> tuple[tuple[Effect, ...], ImageFiles, StageState]:
    """Walk one stage from its base image's config (WORKDIR, ENV, USER); return each
    instruction's effect, the files written, the final state. ESCAPE is the file's escape
    character (`df.directive("escape")`): its ENV/ARG/COPY/ADD/WORKDIR/USER words are read with it."""
    files = ImageFiles(context)
    state = StageState(workdir=base_workdir, env=Map(base_env), seen_by_run=Map(base_env), user=base_user,
                       escape=escape)
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
        if wd in files.origins:
            # An existing folder keeps its origin: a step that wrote it whole (`dotnet publish
            # -o /app/out`, a git clone) still holds contents the analysis cannot list.
            return Effect(ins, state), replace(state, workdir=wd)
        files.write(wd, Origin(ins.start_line, dir=True))
        return Effect(ins, state, writes=((wd, Origin(ins.start_line, dir=True)),)), replace(state, workdir=wd)
    if k == "ENV":
        new = state
        for key, val in ins.pairs():
            new = new.with_env(key, process_word(val or "", new.build_env(), escape=state.escape))   # ENV always has a value
        return Effect(ins, state), new
    if k == "ARG":
        new = state
        for key, default in ins.pairs():
            if default is not None:
                new = new.with_arg(key, process_word(default, state.build_env(), escape=state.escape))
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
        effect = _run(ins, state, files)
        for cmd in effect.commands:
            made = coreutils.user_home(cmd)
            if made is not None and not cmd.conditional:
                state = replace(state, homes=state.homes.set(*made))
        return effect, state
    return Effect(ins, state), state


def _copy(ins: Instruction, state: StageState, files: ImageFiles, context: BuildContext) -> Effect:
    args = [resolve(a, state) for a in ins.args]
    if len(args) < 2:
        return Effect(ins, state, unknown=(f"{ins.keyword} with no destination",))
    srcs, dest_raw = args[:-1], args[-1]
    dest = image_path(state, dest_raw)
    # A folder when written as one, or when the walk already made it (WORKDIR, mkdir, an
    # earlier COPY of a folder) or every base image has it: a file is then put inside it.
    dest_is_dir = (dest_raw.endswith("/") or dest_raw in (".", "./") or len(srcs) > 1
                   or files.is_dir(dest) or dest in KNOWN_DIRS)
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
    home = state.home()
    if "HOME" not in env and home is not None:
        env = env.set("HOME", home)
    if ins.heredocs:
        return Effect(ins, state, unknown=("a heredoc RUN (its script is not analysed)",))
    if ins.json_form:
        reading = exec_commands(tuple(ins.args), state.workdir, env)
    else:
        reading = read_shell(ins.args[0] if ins.args else "", state.workdir, env)
    if state.user and (state.user.split(":")[0] not in ("root", "0")):
        # the user it runs as: pip without a venv then installs into ~/.local (site-packages is root's)
        reading = replace(reading, commands=tuple(replace(c, user=state.user) for c in reading.commands))
    line = ins.start_line
    mounts = _mounts(ins, state)
    hidden = _mount(mounts, files, line)
    reads: list[str] = []
    writes: list[tuple[str, Origin]] = []
    deletes: list[str] = []
    artifacts: list[BuiltArtifact] = []
    pkgs: list[str] = []
    notes: list[str] = []
    unknown: list[str] = list(reading.problems)
    modified: list[str] = []
    # A word known only at build time (`$(git describe)`, an undeclared `${VERSION}`) makes the
    # command unknown unless heuristics/unknown_words accepts it: print-only commands, and the
    # recognisers that say the value cannot change what the command writes (-ldflags of go build).
    for cmd in _read_through(reading.commands, line, files, unknown):
        if not all(w.known for w in cmd.argv + cmd.redirect_writes) and not unknown_words.accepted(cmd):
            unknown.append(f"`{' '.join(w.text for w in cmd.argv)}` has a value known only when it runs")
            continue
        if cmd.name == "exec" and len(cmd.argv) > 1:
            cmd = replace(cmd, argv=cmd.argv[1:])
        eff = recognise(cmd, line, files)
        if eff is None:
            unknown.append(f"`{' '.join(w.text for w in cmd.argv)}` (no rule says what it writes)")
            continue
        if eff.refuse:
            unknown.append(f"`{' '.join(w.text for w in cmd.argv)}` is not followed: {eff.refuse}")
            continue
        eff = _follow_copies(cmd, eff, files)
        reads.extend(eff.reads)
        modified.extend(eff.modifies)
        made_dirs = coreutils.created_dirs(cmd)
        from_packages = bool(eff.packages)   # a package manager's trees vouch for no file
        new = ([(p, Origin(line, dir=p in made_dirs)) for p in eff.writes]
               + [(p, Origin(line, tree=True, package=from_packages)) for p in eff.trees]
               + [(p, Origin(line, tree=True, package=True)) for p in eff.caches]   # like a package tree: vouches for nothing
               + [(p, Origin(line, link=target)) for p, target in eff.links])
        for p in eff.deletes:
            files.delete(p)
            deletes.append(p)
        for p, o in new:
            files.write(p, o)
        writes.extend(new)
        if eff.artifacts:
            files.record_build(eff.artifacts)
        artifacts.extend(eff.artifacts)
        pkgs.extend(eff.packages)
        if eff.note:
            notes.append(eff.note)
    if mounts:
        _unmount(mounts, hidden, files)
        targets = [m.target for m in mounts]
        kept = [(p, o) for p, o in writes if not any(_within(p, t) for t in targets)]
        if len(kept) != len(writes):
            notes.append("files written under " + ", ".join(sorted(set(targets))) + " stay in the RUN's mounts, not in the image")
        writes = kept
    return Effect(ins, state, reads=tuple(reads), writes=tuple(writes), deletes=tuple(deletes),
                  modifies=tuple(modified),
                  artifacts=tuple(artifacts), packages=tuple(pkgs), unknown=tuple(unknown),
                  commands=reading.commands, notes=tuple(notes))


# -- RUN --mount ------------------------------------------------------------------------------

class Mount(Struct, frozen=True, gc=False):
    """A `RUN --mount`: a folder (or file) of the image replaced while the RUN runs; what the
    commands write there is not in the image afterwards, and what was there comes back."""

    target: str                   # the image path, absolute (relative targets start at WORKDIR)
    context: str | None = None    # a bind of the build context: the context path mounted there


_MOUNT_TARGET_KEYS = ("target", "dst", "destination")


def _mounts(ins: Instruction, state: StageState) -> tuple[Mount, ...]:
    """The RUN's mounts, read as BuildKit reads `--mount` (CSV fields key=value, each value's
    variables expanded; type bind by default, the context's root as its source). A secret or
    ssh mount without a target lands under /run, where no build writes: it is left out."""
    out: list[Mount] = []
    env = state.build_env()
    for flag in ins.flags:
        if not flag.startswith("--mount="):
            continue
        fields: dict[str, str] = {}
        for row in csv.reader([flag[len("--mount="):]]):      # BuildKit splits the value with encoding/csv
            for item in row:
                key, _, value = item.partition("=")
                fields[key.strip().lower()] = process_word(value, env, escape=state.escape)
        target = next((fields[k] for k in _MOUNT_TARGET_KEYS if fields.get(k)), None)
        if not target:
            continue
        target = posixpath.normpath(target if target.startswith("/") else posixpath.join("/", state.workdir, target))
        kind = fields.get("type", "bind")
        context = None
        if kind == "bind" and "from" not in fields:
            context = posixpath.normpath("/" + fields.get("source", fields.get("src", "/"))).lstrip("/")
        out.append(Mount(target, context))
    return tuple(out)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _mount(mounts: Sequence[Mount], files: ImageFiles, line: int) -> list[list[tuple[str, Origin]]]:
    """Put the mounts in place: what the image holds at each target is set aside (returned, to
    come back at `_unmount`); a bind of the build context shows the context's files there."""
    hidden: list[list[tuple[str, Origin]]] = []
    for m in mounts:
        hidden.append([(p, files.origins[p]) for p in (m.target, *files._under(m.target)) if p in files.origins])
        files.delete(m.target)
        if m.context is None:
            continue
        if not files.context.available:
            files.write(m.target, Origin(line, tree=True))
            continue
        for f in files.context.match(m.context):
            rel = posixpath.relpath(f, m.context) if m.context else f
            files.write(m.target if rel == "." else posixpath.normpath(posixpath.join(m.target, rel)), Origin(line, context=f))
    return hidden


def _unmount(mounts: Sequence[Mount], hidden: Sequence[Sequence[tuple[str, Origin]]], files: ImageFiles) -> None:
    for m, before in reversed(list(zip(mounts, hidden, strict=True))):
        files.delete(m.target)
        for p, o in before:
            files.write(p, o)


# -- commands that run other commands ----------------------------------------------------------

_MAX_NESTING = 8     # sh -c 'sudo env make ...' deep: beyond this, unknown (a Makefile calling itself)


class _Resolved(SimpleCommand, frozen=True, gc=False):
    """A command whose effect is already known (a wrapper's own writes, a per-file run)."""

    effect: CommandEffect | None = None


def _text(cmd: SimpleCommand) -> str:
    return " ".join(w.text.replace(coreutils.ITEM, "{}") for w in cmd.argv)


def _read_through(commands: Sequence[SimpleCommand], line: int, files: ImageFiles, unknown: list[str],
                  depth: int = 0) -> Iterator[SimpleCommand]:
    """The commands as they run: a wrapper (`env`, `sudo`, `sh -c`, `find -exec`, `make` with a
    Makefile it can read, ...) is replaced by what it runs, read through again. Lazy: each command
    is read when the walk reaches it, so it sees the files the commands before it left."""
    for cmd in commands:
        if depth > _MAX_NESTING:
            unknown.append(f"`{_text(cmd)}` (commands run by commands nested too deep to follow)")
            return
        inner = _make_commands(cmd, files, unknown) if make.is_make(cmd) else None
        if inner is not None:
            yield from _read_through(inner, line, files, unknown, depth + 1)
            continue
        w = coreutils.unwrap(cmd, lambda root: _entries(files, root))
        if w is None:
            yield cmd
            continue
        if w.problem:
            unknown.append(f"`{_text(cmd)}`: {w.problem}")
            continue
        if w.own is not None and (w.own.writes or w.own.deletes or w.own.trees):
            yield _Resolved((Word(cmd.name),), cmd.cwd, cmd.env, (), cmd.conditional, cmd.user, w.own)
        yield from _read_through(w.commands, line, files, unknown, depth + 1)
        for each in w.per_item:
            eff, problem = _per_item(each, line, files)
            if problem:
                unknown.append(f"`{_text(cmd)}`: {problem}")
                continue
            yield _Resolved((Word(cmd.name),), cmd.cwd, cmd.env, (), cmd.conditional, cmd.user, eff)


def _per_item(cmd: SimpleCommand, line: int, files: ImageFiles) -> tuple[CommandEffect | None, str]:
    """The effect of a command `find -exec` / `xargs` runs once per file (coreutils.ITEM stands
    for the file): the paths it writes that do not depend on the file are trees (what lands in
    them is not known); a write, delete or build whose path depends on the file is unknown."""
    if not all(w.known for w in cmd.argv):
        return None, f"`{_text(cmd)}` has a value known only when it runs"
    if coreutils.unwrap(cmd) is not None or make.is_make(cmd):
        return None, f"it runs `{_text(cmd)}` for each file, which this analysis does not follow"
    eff = recognise(cmd, line, files)
    if eff is None:
        return None, f"`{_text(cmd)}` (no rule says what it writes)"
    if eff.refuse:
        return None, f"`{_text(cmd)}` is not followed: {eff.refuse}"
    item = coreutils.ITEM
    named = [*eff.writes, *eff.trees, *eff.deletes, *(p for a in eff.artifacts for p in (a.path, a.source_dir))]
    if any(item in p for p in named):
        return None, f"what `{_text(cmd)}` writes or deletes depends on each file it is given"
    return CommandEffect(
        reads=tuple(p for p in eff.reads if item not in p),
        trees=tuple(dict.fromkeys((*eff.writes, *eff.trees))),
        deletes=eff.deletes,
        modifies=tuple(p for p in eff.modifies if item not in p),
        artifacts=eff.artifacts,
        packages=tuple(p.replace(item, "<names read from input>") for p in eff.packages),
        note=f"{_text(cmd)}, once per file",
    ), ""


def _entries(files: ImageFiles, root: str) -> dict[str, str] | None:
    """Every path under `root` the walk knows ("f" file, "d" folder), for `find`; None when a
    tree (contents not listed) lies above or under it."""
    prefix = root.rstrip("/") + "/"
    for d in ancestors(root):
        o = files.origins.get(d)
        if o is not None and o.tree and not o.package:
            return None
    out: dict[str, str] = {}
    for p, o in files.paths_under(root):
        if o.package:
            continue
        if o.tree:
            return None
        out[p] = "d" if o.dir else out.get(p, "f")
        parent = posixpath.dirname(p)
        while parent.startswith(prefix) or parent == root:
            out[parent] = "d"
            if parent == root:
                break
            parent = posixpath.dirname(parent)
    return out


def _make_commands(cmd: SimpleCommand, files: ImageFiles, unknown: list[str]) -> list[SimpleCommand] | None:
    """The shell commands `make` runs, read from the Makefile in the image; None when there is
    no Makefile this analysis can follow (the make rule's trees then stand, as before)."""
    run = make.read_makefile(cmd, files)
    if run is None:
        return None
    out: list[SimpleCommand] = []
    for script in run.scripts:
        reading = read_shell(script, run.cwd, run.env)
        unknown.extend(f"make recipe `{script.strip()}`: {p}" for p in reading.problems)
        out.extend(replace(c, conditional=c.conditional or cmd.conditional) for c in reading.commands)
    return out


_COPIERS = frozenset({"cp", "mv", "install"})


def _follow_copies(cmd: SimpleCommand, eff: CommandEffect, files: ImageFiles) -> CommandEffect:
    """`cp target/release/app /usr/local/bin/`, `install -m 755 app /opt/x/bin`, `mv`: a built
    program copied is the same program at its new path, whichever ecosystem built it (what it
    needs at run time follows it; the copy left behind stays where the image had it)."""
    if posixpath.basename(cmd.name) not in _COPIERS or eff.artifacts or not eff.reads or len(eff.writes) != 1:
        return eff
    built = files.programs
    if not all(src in built for src in eff.reads):
        return eff
    dest = eff.writes[0]
    into = (len(eff.reads) > 1 or cmd.args[-1].endswith("/") or dest in KNOWN_DIRS or files.is_dir(dest)
            or any(a in ("-t", "--target-directory") or a.startswith("--target-directory=") for a in cmd.args))
    copies = []
    for src in eff.reads:
        copy = replace(built[src], path=posixpath.join(dest, posixpath.basename(src)) if into else dest)
        files.record_copy(src, copy)
        copies.append(copy)
    return replace(eff, writes=tuple(c.path for c in copies), artifacts=tuple(copies),
                   note=f"{posixpath.basename(cmd.name)}: the built program at {', '.join(c.path for c in copies)}")


def recognise(cmd: SimpleCommand, line: int, files: ImageFiles) -> CommandEffect | None:
    """Ecosystems first (they know `go build`), then package managers, make, core commands."""
    if isinstance(cmd, _Resolved):
        return cmd.effect
    for eco in ecosystems():
        eff = eco.command_effect(cmd, line, files)
        if eff is not None:
            return eff
    return (packages.command_effect(cmd, files.exists) or make.command_effect(cmd) or vcs.command_effect(cmd)
            or coreutils.command_effect(cmd, files.exists))
