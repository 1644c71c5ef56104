"""The command the image runs, followed to what it starts: built programs, entry scripts
(read through the graph and parsed as shell), a runtime launching an artifact (`java -jar`),
and commands called by name that the runtime base must have."""

from __future__ import annotations

import fnmatch
import posixpath

from msgspec import Struct

from heuristics import BuiltArtifact, Launch, Runtime, RuntimeNeeds, coreutils, ecosystems

from ..effects import StageState
from ..graph import Provenance
from ..model import Instruction, Stage
from ..refusals import Refusal
from ..scripts import split_cases
from ..shell import exec_commands, read_shell
from .analysis import Analysis

_SHELLS = frozenset({"sh", "bash", "ash", "dash"})
# The shell's own commands (POSIX special and regular built-ins, bash's `[[` and `local`): no base
# image needs a package for them. `break` and `continue` end the retry loops of wait-for scripts.
_BUILTINS = frozenset("exec cd export set echo printf test [ [[ true false : . source exit shift unset trap wait read eval "
                      "break continue return local readonly umask ulimit command type hash getopts alias unalias times".split())

# What read_shell could not read that may hide a command (a for loop's body is read; its
# variable only matters for paths)
_UNREAD = ("shell that bashlex cannot parse", "a shell function definition", "shell construct")
# The script's arguments, all of them, as one word of a command
_ALL_ARGS = frozenset({"$@", "$*", "${@}", "${*}"})


class Entry(Struct, frozen=True, gc=False):
    argv: tuple[str, ...]             # ENTRYPOINT + CMD as the container starts them
    shell: bool                       # a shell runs (shell form, entry scripts, HEALTHCHECK)
    programs: tuple[str, ...]         # paths it runs, built or not
    built: tuple[BuiltArtifact, ...]  # the artifacts among them
    scripts: tuple[str, ...]          # entry scripts to copy
    launched: tuple[str, ...]         # files a runtime's launcher names that were not built (`-cp lib/*`)
    tools: frozenset[str]             # commands called by name: the runtime base must have them
    path_dirs: frozenset[str]         # PATH folders programs were found through
    runtime: Runtime | None = None    # the launcher's own runtime, which the artifacts run inside
    inherited_cmd: tuple[str, ...] = ()   # the build image's default CMD, when the file sets no command
    source_needs: tuple[RuntimeNeeds, ...] = ()   # what the launched sources need (Launch.needs)
    carry: bool = True                # the carry rule applies (False: every launch followed reads only what it names)
    launch_needs: tuple[tuple[str, RuntimeNeeds | None], ...] = ()   # each launch followed: its ecosystem, its needs
    users: tuple[str, ...] = ()       # users a wrapper switches to (`exec gosu app "$@"`): the runtime base must know them


def find(a: Analysis) -> Entry:
    stage, final, prov = a.stage, a.final, a.provenance
    argv, needs_shell = _command_line(stage, final)
    inherited: tuple[str, ...] = ()
    if not argv and a.build.cmd:
        # The build image's own CMD (tomcat's `catalina.sh run`), which the original ran: the
        # runtime stage states it, whatever its base's default.
        argv, inherited = list(a.build.cmd), a.build.cmd
    if not argv:
        raise Refusal("SS008", "no ENTRYPOINT or CMD: which program the image runs comes from its base, not from this file")
    artifacts = {art.path: art for e in a.effects for art in e.artifacts}
    finder = _ProgramFinder(final, prov, artifacts, a.base_ref)
    finder.argv(argv)
    built = [artifacts[p] for p in finder.programs if p in artifacts]
    if not built:
        programs = finder.programs
        what = programs[0] if programs else (sorted(finder.tools)[0] if finder.tools else argv[0])
        made = f"; this file builds {', '.join(sorted(artifacts))}" if artifacts else ""
        raise Refusal("SS009", f"nothing built: the image runs {what}, which no build command in this file produced{made}")
    if finder.scripts:
        needs_shell = True
    if not a.build.known:
        raise Refusal("SS021", f"the build image {a.base_ref} is not in the catalogue, so its working directory, "
                               "environment and C library are unknown")
    health = next((i for i in reversed(stage.instructions) if i.keyword == "HEALTHCHECK"), None)
    if health is not None and health.args and health.args[0].upper() == "CMD" and len(health.args) > 1:
        hargv, hshell = _health_argv(health, final)
        needs_shell = needs_shell or hshell
        finder.argv(hargv)
    return Entry(tuple(argv), needs_shell, tuple(finder.programs), tuple(built), tuple(finder.scripts), tuple(finder.named),
                 frozenset(finder.tools), frozenset(finder.path_dirs), finder.runtime, inherited, tuple(finder.source_needs),
                 finder.opens_any_file or not finder.launches_followed, tuple(finder.launch_needs), tuple(finder.users))


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

    def __init__(self, final: StageState, prov: Provenance, artifacts: dict[str, BuiltArtifact], base_ref: str):
        self.final, self.prov, self.artifacts, self.base_ref = final, prov, artifacts, base_ref
        self.runtime: Runtime | None = None    # a launcher's own runtime (Tomcat for catalina.sh)
        self.path = dict(final.env).get("PATH", "").split(":")
        self.programs: list[str] = []
        self.scripts: list[str] = []
        self.tools: set[str] = set()
        self.users: list[str] = []             # users gosu/su-exec switch to
        self.launchers: set[str] = set()      # runtimes' launchers (java, dotnet): the runtime base has them
        self.named: list[str] = []             # files a launcher names that no build command made
        self.path_dirs: set[str] = set()
        self.source_needs: list[RuntimeNeeds] = []   # what launched sources need (a scan of app.py)
        self.launches_followed: list[Launch] = []
        self.launch_needs: list[tuple[str, RuntimeNeeds | None]] = []
        self.opens_any_file = False    # a program followed may open any file of its folder (all but carry=False launches)

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
            operands = [a for a in argv[1:] if not a.startswith("-")]
            # `sh entrypoint.sh ARGS`: the shell reads that file (from the working directory),
            # whatever its first line says.
            if operands and "$" not in operands[0]:
                script = posixpath.normpath(posixpath.join(self.final.workdir, operands[0]))
                loc = self.prov.locate(script)
                if loc is not None and not loc.origin.tree:
                    self.opens_any_file = True     # a script may read any file (`. ./.env`, `cat`)
                    self.script(script, operands[1:], depth + 1, posixpath.basename(first))
                    return
            self.argv(operands, depth + 1)
            return
        for eco in ecosystems():
            launch = eco.launches(argv, self.base_ref, self.prov.files, self.final.workdir, self.final.env)
            if launch is not None:
                self.launch(launch, eco.name)
                return
        path = self.which(first)
        if path is not None and self._through_links(path) != path:
            # a link the build made (`ln -s /opt/app/v1/server /usr/local/bin/server`): the
            # program is what it points to; the link is made again in the runtime stage
            if path not in self.named:
                self.named.append(path)
            path = self._through_links(path)
        if path is None and self.wrapped(argv, depth):
            return
        if path is None:
            if first in _BUILTINS:
                return
            if "/" in first:
                raise Refusal("SS014", f"the image runs {first}, which this file does not create")
            self.tools.add(first)
            return
        self.programs.append(path)
        self.opens_any_file = True
        if path in self.artifacts:
            # Arguments that are programs too (`tini -- app`, a wrapper's target).
            for a in argv[1:]:
                target = None if a.startswith("-") else self.which(a)
                if target is not None and target in self.artifacts and target not in self.programs:
                    self.programs.append(target)
            return
        self.script(path, argv[1:], depth)

    def wrapped(self, argv: list[str], depth: int) -> bool:
        """A command that runs another (`sudo -u app ./server`, `gosu app ./server`, `env X=1
        ./server`, `tini -- ./server`): the wrapper must be on the runtime base (a tool), and the
        command it runs is followed. False when ARGV is no wrapper this analysis knows."""
        name = posixpath.basename(argv[0])
        if name in ("tini", "dumb-init"):
            rest = argv[1:]
            while rest and rest[0].startswith("-") and rest[0] != "--":
                rest = rest[1:]
            inner = [rest[1:] if rest[:1] == ["--"] else rest]
        elif name in _SHELLS or name in ("find", "xargs"):
            return False
        else:
            cmd = exec_commands(tuple(argv), self.final.workdir, dict(self.final.env)).commands[0]
            unwrapped = coreutils.unwrap(cmd)
            if unwrapped is None or unwrapped.problem or not unwrapped.commands:
                return False
            inner = [[w.text for w in c.argv] for c in unwrapped.commands]
            if name in ("gosu", "su-exec") and len(argv) > 1 and argv[1] not in self.users:
                self.users.append(argv[1])
        if not any(inner):
            return False
        if name not in _BUILTINS:
            self.tools.add(name)
        for words in inner:
            self.argv(words, depth + 1)
        return True

    def launch(self, launch: Launch, ecosystem: str) -> None:
        """A runtime starting an artifact (`java -jar app.jar`): the launcher comes with the
        runtime base; each path it names is a built artifact, or lies inside one (a class
        tree, a publish folder), or is a file the build did not make. An interpreter also runs
        what its ecosystem installed (the packages `python app.py` imports)."""
        if launch.refuse:
            raise Refusal("SS023", launch.refuse)
        self.launches_followed.append(launch)
        self.launch_needs.append((ecosystem, launch.needs))
        self.opens_any_file = self.opens_any_file or launch.carry
        if launch.needs is not None:
            self.source_needs.append(launch.needs)
        self.runtime = launch.runtime or self.runtime
        if launch.on_path:
            # A console script (gunicorn): where the build wrote it on PATH, or in a folder a
            # step wrote whole that holds built packages (a venv's bin/).
            found = self.which(launch.runtime_command) or self._in_artifact(launch.runtime_command)
            if found is None:
                raise Refusal("SS014", f"the image runs {launch.runtime_command}, which this file does not create")
            real = self._through_links(found)
            holder = next((a for a in self.artifacts if real == a or real.startswith(a.rstrip("/") + "/")), None)
            if (holder is None or real != found) and found not in self.named:
                self.named.append(found)     # a file on PATH, or the link to one (made again)
            if (holder or found) not in self.programs:
                self.programs.append(holder or found)
        else:
            self.launchers.add(launch.runtime_command)
        if launch.installed:
            for path, art in self.artifacts.items():
                if art.ecosystem == ecosystem and art.loaded and path not in self.programs:
                    self.programs.append(path)
        for written in launch.paths:
            path = posixpath.normpath(posixpath.join(self.final.workdir, written))
            hits = [a for a in self.artifacts if fnmatch.fnmatchcase(a, path) or path.startswith(a.rstrip("/") + "/")]
            if not hits:
                # Not built here (a classpath entry `lib/*`, a jar COPY brought): the runtime
                # stage copies what the build made there; what it did not make, the runtime
                # base may not have either.
                hits = self._written(path)
                if not hits:
                    raise Refusal("SS014", f"the image runs {launch.runtime_command} with {written}, which this file does not create")
                self.named.extend(h for h in hits if h not in self.named)
            for hit in hits:
                if hit not in self.programs:
                    self.programs.append(hit)

    def _in_artifact(self, word: str) -> str | None:
        """WORD on PATH inside a built artifact folder (a venv's bin/), whose files are not listed."""
        for d in self.path:
            p = posixpath.join(d, word)
            if d and any(p.startswith(a.rstrip("/") + "/") for a in self.artifacts):
                self.path_dirs.add(d)
                return p
        return None

    def _written(self, path: str) -> list[str]:
        """What the build wrote at PATH (a glob allowed): the files, or the folder a step wrote
        whole (`mvn package` filling target/) that holds them."""
        if any(ch in path for ch in "*?["):
            hits = self.prov.glob(path)
            if hits:
                return hits
            fixed = path.split("*")[0].split("?")[0].split("[")[0]
            path = fixed.rstrip("/") if fixed.endswith("/") else posixpath.dirname(fixed)
        loc = self.prov.locate(path)
        if loc is not None:
            return [loc.node if loc.origin.tree else path]
        return [path] if self.prov.is_dir(path) else []

    def script(self, path: str, args: list[str], depth: int, shell: str | None = None) -> None:
        """An entry script, run through its #! line, or by SHELL (`sh entrypoint.sh`)."""
        loc = self.prov.locate(path)
        text = self.prov.files.read(path) if loc and not loc.origin.tree else None
        if text is None or (shell is None and not text.startswith("#!")):
            raise Refusal("SS015", f"the image runs {path}, which is neither a program built here nor a script this analysis can read")
        self.scripts.append(path)
        if shell is not None:
            name = shell
        else:
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
        unread = next((p for p in reading.problems if p.startswith(_UNREAD)), None)
        if unread is not None:
            # Read as running nothing, it would hide what it calls by name (a HEALTHCHECK
            # script's curl): the runtime base could lack it
            raise Refusal("SS015", f"the image's command runs shell this analysis cannot read in full ({unread}), "
                                   "so a program it calls could be missing from the runtime base")
        for c in reading.commands:
            words = [w.text for w in c.argv][1 if c.name == "exec" else 0:]
            if not words:
                continue
            if words[0] == "shift" and not c.conditional and len(words) <= 2:
                # `shift 2; exec "$@"` (a wait-for wrapper's HOST -- CMD...): the arguments move on
                n = words[1] if len(words) == 2 else "1"
                if not n.isdigit():
                    raise Refusal("SS017", f"the entry script shifts its arguments by {n!r}, which this analysis cannot follow")
                positional = positional[int(n):]
                continue
            if words[0] in _ALL_ARGS:
                if not handled:
                    self.argv(positional, depth + 1)
                continue
            if any(w in _ALL_ARGS for w in words[1:]):
                # `exec gosu app "$@"`, `exec su-exec app "$@"`, `exec tini -- "$@"`: the
                # arguments are the command the wrapper runs (none when a case arm took them)
                words = [x for w in words for x in ((() if handled else positional) if w in _ALL_ARGS else (w,))]
            if not words:
                continue
            if "$" in words[0] or not c.argv[1 if c.name == "exec" else 0].known:
                shown = repr(words[0]) if words[0] else "a variable with no value at build time"
                raise Refusal("SS017", f"the entry command runs {shown}, a program named by a variable this analysis cannot follow")
            self.argv(words, depth + 1)

    def _through_links(self, path: str) -> str:
        """PATH with the symbolic links the build made followed to what the build wrote."""
        for _ in range(8):
            origin = self.prov.files.origins.get(path)
            if origin is None or origin.link is None:
                return path
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), origin.link))
            if self.prov.locate(target) is None:
                return path
            path = target
        return path

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
