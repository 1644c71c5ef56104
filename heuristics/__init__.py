"""Ecosystem knowledge behind one small interface.

Each ecosystem module (one per language) answers these questions for the converter:
1. `command_effect`: what does this build command write, and does it produce an artifact
   (a native program, a jar or class tree, a published .NET folder, ...)?
2. `launches`: does the image's command start an artifact through a runtime (`java -jar
   app.jar`, `dotnet app.dll`), and which paths does it name?
3. `runtime_needs`: what does that artifact need at run time: a C library and shared
   libraries for a native program, a language runtime of a given version (`Runtime`) for
   the others, data files, certificates, a shell for a launcher script, ...
4. `cache_mounts`: which caches a BuildKit `--mount=type=cache` may keep (only with --buildkit).
Nothing here reads files directly: sources come through a `SourceView` the converter builds
from the provenance graph and the build context.

The registry: `ECOSYSTEM_MODULES` names the modules of this package that define `ECOSYSTEM`, so
a new ecosystem is one module here, its name in that list, its rows in `runtime_bases.toml`
(bases that `provide` its runtime), a corpus folder and its tests; nothing in `converter/`
changes (tests/test_registry.py fails when a module defines `ECOSYSTEM` but is not listed).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping, Sequence
from typing import Protocol

from msgspec import Struct, field

from converter.shell import SimpleCommand


class Decision(Struct, frozen=True, gc=False):
    topic: str
    choice: str
    why: str


class BuiltArtifact(Struct, frozen=True, gc=False):
    """A program a build command produced."""

    path: str                    # absolute path in the image (a file, or a folder: a class tree, a publish folder)
    ecosystem: str               # "go", "rust", "java", ...
    kind: str                    # "binary", "jar", "classes", "dotnet", ...
    source_dir: str              # image directory of its sources (package dir)
    build_env: Mapping[str, str]  # the environment of the build command
    line: int                    # line of the instruction that built it
    argv: tuple[str, ...]        # the build command's words
    loaded: bool = True          # an interpreter launch loads it (site-packages, node_modules); False: a tool of
                                 # its own (a global CLI such as tsc), in the runtime stage only when the command runs it

    @property
    def command(self) -> str:
        """The command as a person would type it, for explanations."""
        import shlex

        # "&&" joins a configure step to its build (heuristics/cfamily): shown as the shell has it.
        return " ".join("&&" if w == "&&" else shlex.quote(w) for w in self.argv)


class CommandEffect(Struct, frozen=True, gc=False):
    """What one recognised command does to the image's files."""

    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()          # absolute paths (files or directories)
    trees: tuple[str, ...] = ()           # directories written with contents we cannot list
    caches: tuple[str, ...] = ()          # download/build caches: never a runtime file, never carried
    deletes: tuple[str, ...] = ()
    modifies: tuple[str, ...] = ()        # changed in place (chmod): their origin stays
    artifacts: tuple[BuiltArtifact, ...] = ()
    packages: tuple[str, ...] = ()        # "apk:curl", "apt:libpq5"
    refuse: str | None = None             # the command is read but deliberately not followed: why (the SS007 text,
                                          # instead of "no rule says what it writes"); nothing else is read
    links: tuple[tuple[str, str], ...] = ()   # symbolic links written: (absolute link path, target as written),
                                              # e.g. npm's bin link ("/usr/local/bin/pm2", "../lib/node_modules/pm2/bin/pm2")
    note: str = ""


class DataRef(Struct, frozen=True, gc=False):
    """A path a program names in its sources and may read at run time."""

    pattern: str        # as written ("templates/*", "/etc/app/config.json")
    where: str          # "main.go:12"
    how: str            # "template.ParseGlob", "string literal", ...


class Runtime(Struct, frozen=True, gc=False):
    """A language runtime the runtime base must provide: rows of the base catalogue with
    `provides = NAME` and VERSION among their `versions` (e.g. java 17 -> eclipse-temurin:17-jre)."""

    name: str        # "java", "dotnet", "aspnetcore", ...
    version: str     # "17", "8.0"

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Launch(Struct, frozen=True, gc=False):
    """An image command that starts an artifact through a runtime the base provides
    (`java -jar app.jar`, `java -cp app.jar:lib/* Main`, `dotnet app.dll`)."""

    runtime_command: str                 # the launcher ("java"): provided by the runtime base, not a tool to install
    paths: tuple[str, ...] = ()          # artifact paths it names, as written (relative to WORKDIR; globs allowed)
    refuse: str | None = None            # a reason not to convert (`cargo run` needs the toolchain)
    runtime: Runtime | None = None       # a launcher that is a server of its own (catalina.sh: Tomcat):
                                         # the artifacts run inside it, so the base must ship it
    installed: bool = False              # an interpreter (`python app.py`, `node server.js`): it loads what
                                         # its ecosystem installed (site-packages, node_modules), which runs too
    on_path: bool = False                # the launcher is itself installed by the build (a console script:
                                         # gunicorn): it must be found where the build wrote it, or refused
    carry: bool = True                   # False: the launcher reads only what paths and needs name (a static file
                                         # server: its config and the folders it serves), so the program's folder
                                         # is not carried (the carry rule is for programs that may open any file)
    needs: RuntimeNeeds | None = None    # what the launched sources need, found by the ecosystem's source scan
                                         # (app.py and the modules it imports): data_refs (files they read,
                                         # absolute or relative to WORKDIR), commands they run, certs, tzdata,
                                         # refuse; libc and runtime are not read (the artifacts decide those)


class RuntimeNeeds(Struct, frozen=True, gc=False):
    libc: str                                   # "static" | "glibc" | "musl"
    runtime: Runtime | None = None              # a language runtime the base provides (None: a native program)
    shell: bool = False                         # the artifact starts through a shell script (installDist's bin/NAME)
    data_refs: tuple[DataRef, ...] = ()
    shared_libs: tuple[str, ...] = ()           # beyond libc, e.g. "libstdc++"
    certs: bool = False
    tzdata: bool = False
    runs_commands: bool = False                 # executes other programs (os/exec, ...)
    commands: tuple[str, ...] = ()              # programs it runs by a literal name ("git", "/usr/bin/ffmpeg")
    build_env: tuple[tuple[str, str], ...] = () # env to add before the build (e.g. CGO_ENABLED=0)
    build_env_why: str = ""                     # the comment that goes with it
    build_after: tuple[str, ...] = ()           # shell commands run at the end of the build stage, as one RUN
                                                # (`npm prune --omit=dev`: the runtime stage then copies less); run as
                                                # the stage's last USER in its last WORKDIR, only when that is the
                                                # user who built the artifact (else skipped, with a decision)
    build_after_why: str = ""                   # the comment that goes with it
    refuse: str | None = None                   # a reason not to convert
    decisions: tuple[Decision, ...] = field(default=())


class SourceView(Protocol):
    """The image files under a directory whose text the analysis can read."""

    def files_under(self, directory: str) -> Sequence[str]: ...
    def read(self, path: str) -> str | None: ...
    def is_dir(self, path: str) -> bool: ...
    def exists(self, path: str) -> bool: ...                 # a file or folder the build wrote
    def made_by_run(self, path: str) -> bool: ...            # a file a RUN wrote (not from the context)
    def unlisted_folder(self, path: str) -> str | None: ...  # a folder above it whose files are unknown
    def built(self) -> Mapping[str, BuiltArtifact]: ...     # programs built so far, by path
    # An ecosystem's notes between the commands of one walk (cmake's configure, read again by
    # `cmake --build`): kept by the walk's own file view, so no module keeps state of its own.
    def notes(self, ecosystem: str) -> dict[str, object]: ...


class Ecosystem(Protocol):
    name: str
    language: str                   # as people say it ("Go"), for messages
    build_inputs: tuple[str, ...]   # globs of context files only the build reads (sources, manifests)

    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None: ...
    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds: ...
    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]: ...
    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool: ...   # words known only at build time (heuristics/unknown_words)
    # None: not its launcher. FILES: the image's files at the end of the stage (package.json for `npm start`,
    # app.py for a source scan); WORKDIR: the folder the command starts in (relative paths in ARGV).
    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None: ...


# By module name. A list rather than a discovery of every module of the package (pkgutil): to
# find `ECOSYSTEM` discovery imports them all, and with them the source scans (libcst,
# tree-sitter, crossplane) that most runs never use; each ecosystem imports its own scans when
# a file needs them.
ECOSYSTEM_MODULES: tuple[str, ...] = (
    "cfamily", "dotnet", "golang", "java", "node", "python", "rust", "static_site", "tomcat",
)


@functools.cache
def ecosystems() -> tuple[Ecosystem, ...]:
    """The `ECOSYSTEM` of each module of `ECOSYSTEM_MODULES`, in that order."""
    return tuple(importlib.import_module(f"{__name__}.{name}").ECOSYSTEM for name in ECOSYSTEM_MODULES)


def for_artifact(artifact: BuiltArtifact) -> Ecosystem:
    for eco in ecosystems():
        if eco.name == artifact.ecosystem:
            return eco
    raise KeyError(artifact.ecosystem)
