""".NET: `dotnet publish` (and `dotnet build`) output folders, and the runtime image they need.

- Artifact: the publish folder. `-o DIR` / `--output DIR` names it; without it MSBuild's
  default, `<project dir>/bin/<Configuration>/<TFM>/[<RID>/]publish/` (`build`: without
  `publish/`). Configuration: `-c`, else Release for `publish` of projects targeting net8.0 or
  later (the SDK's PublishRelease default), else Debug. What lands in the folder (the app's
  dll, its dependencies, content files) is not listed, so the folder is a tree the runtime
  stage copies whole. The apphost (`out/MyApp`, the AssemblyName or the project file's name)
  is an artifact too, unless `UseAppHost` is false: an image may start it directly.
- The project: the path argument (a project file, a solution, a folder), else the working
  directory, which must hold exactly one project or solution file (as MSBuild requires). A
  solution publishes each project it lists; the runtime follows its executable projects (test
  projects aside).
- Runtime: `mcr.microsoft.com/dotnet/aspnet:<version>` when a project uses the Web SDK
  (`<Project Sdk="Microsoft.NET.Sdk.Web">`) or references `Microsoft.AspNetCore.App` (itself or
  through a ProjectReference), else `runtime:<version>`; the version from `<TargetFramework>`
  (or `-f`), read in the project and the nearest Directory.Build.props. A self-contained app
  (`--self-contained`, `<SelfContained>`, a RID on a project targeting .NET 7 or earlier,
  native AOT) carries its runtime: its apphost needs only `runtime-deps:<version>`.
  The C library follows the RID (`linux-musl-x64`: musl) or else the SDK image (alpine: musl).
- `dotnet restore`, `build`, `test`: obj/, bin/ and the NuGet folders (~/.nuget/packages) are
  caches, never carried. `dotnet run` / `watch` as the image's command need the SDK: refused.

Example: `RUN dotnet publish -c Release -o out` in WORKDIR /app with App.csproj
(`Sdk="Microsoft.NET.Sdk.Web"`, net8.0) + `ENTRYPOINT ["dotnet", "out/App.dll"]` -> artifact
/app/out, runtime mcr.microsoft.com/dotnet/aspnet:8.0.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence

from msgspec import Struct, field

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, DataRef, Decision, Launch, Runtime, RuntimeNeeds, SourceView

PROJECT_EXTS = (".csproj", ".fsproj", ".vbproj")
SOLUTION_EXTS = (".sln", ".slnx")
_INFO = frozenset("--info --version --list-sdks --list-runtimes help -h --help -?".split())
# CLI options that take a value (the next word, or after = / :).
_VALUE_OPTS = frozenset(
    "-c --configuration -o --output -f --framework -r --runtime -a --arch --os -v --verbosity -s --source "
    "--packages --version-suffix --manifest --artifacts-path --configfile --lock-file-path -e --environment "
    "--settings -l --logger -d --diag --results-directory --collect --blame-hang-timeout --filter "
    "--property".split()
)
_FLAG_OPTS = frozenset(
    "--no-restore --no-build --no-dependencies --nologo --interactive --force --disable-parallel --no-cache "
    "--ignore-failed-sources --use-current-runtime --ucr --no-self-contained --disable-build-servers "
    "--no-incremental --locked-mode --use-lock-file --force-evaluate --no-http-cache --blame".split()
)
_BOOL = frozenset(("true", "false"))
# MSBuild switches written in their own style (-m, /m:4, -bl, /v:q, -clp:NoSummary, -nr:false):
# they change logging and parallelism, never what is written or where.
_MSBUILD_SWITCH = re.compile(r"^(?:--?|/)(m|maxcpucount|bl|binarylogger|v|verbosity|clp|consoleloggerparameters|nr|nodereuse|"
                             r"nologo|tl|terminallogger|noconlog|noconsolelogger|ds|detailedsummary|restore|"
                             r"flp|fileloggerparameters|fl|filelogger|ignore|warnaserror|nowarn|noWarn|err|"
                             r"warnnotaserror|graph|isolate)(:.*)?$", re.I)
_PROPERTY = re.compile(r"^(?:-p|--property|-property|/p|/property):(.+)$", re.I)
_HOST_VALUE_OPTS = frozenset("--additionalprobingpath --depsfile --runtimeconfig --fx-version --roll-forward "
                             "--additional-deps".split())
# SDK commands an image may run as its command: each needs the SDK, not a runtime.
_SDK_COMMANDS = frozenset("run watch build test publish restore ef new tool msbuild pack".split())
_TFM = re.compile(r"^(?:net(\d+)\.(\d+)|netcoreapp(\d+)\.(\d+))$", re.I)


# -- the command line ---------------------------------------------------------------------------

class _Cli(Struct):
    sub: str
    target: str | None = None                # the project/solution/folder argument
    configuration: str | None = None
    output: str | None = None
    framework: str | None = None
    rid: str | None = None
    os_arch: bool = False                    # --os / --arch: a RID the SDK works out
    self_contained: bool | None = None
    properties: dict[str, str] = field(default_factory=dict)
    artifacts_path: bool = False
    problem: str = ""


def _parse_cli(args: Sequence[str]) -> _Cli:
    cli = _Cli(sub=args[0])
    rest = list(args[1:])
    i = 0
    positional: list[str] = []
    while i < len(rest):
        a = rest[i]
        prop = _PROPERTY.match(a)
        if prop:
            for assignment in re.split(r"[;,](?=[A-Za-z_][\w.-]*=)", prop.group(1)):
                k, eq, v = assignment.partition("=")
                if eq:
                    cli.properties[k.strip().lower()] = v.strip().strip('"')
            i += 1
            continue
        if a in ("-p", "--property") and i + 1 < len(rest) and "=" in rest[i + 1]:
            k, _, v = rest[i + 1].partition("=")
            cli.properties[k.strip().lower()] = v.strip()
            i += 2
            continue
        if a.startswith("-") and a != "-" or (a.startswith("/") and _MSBUILD_SWITCH.match(a)):
            name, sep, value = a, "", ""
            m = re.match(r"^(--?[A-Za-z][\w-]*)([=:])(.*)$", a)
            if m:
                name, sep, value = m.group(1), m.group(2), m.group(3)
            if name in ("--self-contained", "--sc"):
                if sep:
                    cli.self_contained = value.lower() != "false"
                elif i + 1 < len(rest) and rest[i + 1].lower() in _BOOL:
                    cli.self_contained = rest[i + 1].lower() == "true"
                    i += 1
                else:
                    cli.self_contained = True
            elif name == "--no-self-contained":
                cli.self_contained = False
            elif name in _VALUE_OPTS:
                if not sep:
                    if i + 1 >= len(rest):
                        cli.problem = f"{name} without a value"
                        return cli
                    value = rest[i + 1]
                    i += 1
                if name in ("-c", "--configuration"):
                    cli.configuration = value
                elif name in ("-o", "--output"):
                    cli.output = value
                elif name in ("-f", "--framework"):
                    cli.framework = value
                elif name in ("-r", "--runtime"):
                    cli.rid = value
                elif name in ("-a", "--arch", "--os"):
                    cli.os_arch = True
                elif name == "--artifacts-path":
                    cli.artifacts_path = True
            elif name in _FLAG_OPTS or _MSBUILD_SWITCH.match(a):
                pass
            else:
                cli.problem = f"the option {a} (not known to this analysis)"
                return cli
        else:
            positional.append(a)
        i += 1
    if len(positional) > 1:
        cli.problem = f"several project arguments ({', '.join(positional)})"
    cli.target = positional[0] if positional else None
    return cli


# -- project files ------------------------------------------------------------------------------

class _Project(Struct):
    path: str
    name: str                                 # the assembly name: the apphost's and the dll's
    sdk: str
    props: dict[str, str]                     # lower-cased property names -> values (unconditional ones)
    references: tuple[str, ...]               # ProjectReference paths, resolved
    framework_refs: frozenset[str]
    packages: frozenset[str]

    @property
    def web(self) -> bool:
        return self.sdk.lower().startswith("microsoft.net.sdk.web")

    @property
    def executable(self) -> bool:
        kind = self.props.get("outputtype", "").lower()
        if kind:
            return kind in ("exe", "winexe")
        return self.web or self.sdk.lower() == "microsoft.net.sdk.worker"

    @property
    def test(self) -> bool:
        return self.props.get("istestproject", "").lower() == "true" or "microsoft.net.test.sdk" in self.packages


def _strip(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_project(path: str, sources: SourceView) -> _Project | str:
    """The project's facts, or why they cannot be read."""
    text = sources.read(path)
    if text is None:
        return f"the project file {path} is not in the build context"
    import xml.etree.ElementTree as ET  # here: only a .NET build pays for the import

    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError:
        return f"the project file {path} is not valid XML"
    sdk = root.get("Sdk", "")
    if not sdk:
        sdk_el = next((e for e in root.iter() if _strip(e.tag) in ("Sdk", "Import") and e.get("Sdk")), None)
        sdk_name = sdk_el.get("Name") or sdk_el.get("Sdk") if sdk_el is not None else None
        if sdk_name is None:
            return f"{path} is not an SDK-style project (a .NET Framework project, which needs Windows)"
        sdk = sdk_name
    sdk = sdk.split("/")[0].strip()
    props: dict[str, str] = {}
    directory = posixpath.dirname(path)
    build_props = _nearest(directory, "Directory.Build.props", sources)
    for source in ([build_props] if build_props else []) + [path]:
        props.update(_properties(sources.read(source) or ""))
    refs: list[str] = []
    framework_refs: set[str] = set()
    packages: set[str] = set()
    for e in root.iter():
        tag = _strip(e.tag)
        include = (e.get("Include") or "").strip()
        if tag == "ProjectReference" and include:
            refs.append(posixpath.normpath(posixpath.join(directory, include.replace("\\", "/"))))
        elif tag == "FrameworkReference" and include:
            framework_refs.add(include)
        elif tag == "PackageReference" and include:
            packages.add(include.lower())
    name = props.get("assemblyname") or posixpath.splitext(posixpath.basename(path))[0]
    return _Project(path, name, sdk, props, tuple(refs), frozenset(framework_refs), frozenset(packages))


def _properties(text: str) -> dict[str, str]:
    """Unconditional properties of a project or props file (a Condition on the property or its
    group: the value depends on the build, so it is not taken)."""
    out: dict[str, str] = {}
    if not text:
        return out
    import xml.etree.ElementTree as ET  # here: only a .NET build pays for the import

    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError:
        return out
    for group in root:
        if _strip(group.tag) != "PropertyGroup" or group.get("Condition"):
            continue
        for p in group:
            if not p.get("Condition") and isinstance(p.tag, str):
                out[_strip(p.tag).lower()] = (p.text or "").strip()
    return out


def _nearest(directory: str, name: str, sources: SourceView) -> str | None:
    d = directory
    while True:
        candidate = posixpath.join(d, name)
        if sources.read(candidate) is not None:
            return candidate
        if d in ("/", ""):
            return None
        d = posixpath.dirname(d)


def _solution_projects(path: str, sources: SourceView) -> list[str] | str:
    text = sources.read(path)
    if text is None:
        return f"the solution {path} is not in the build context"
    directory = posixpath.dirname(path)
    if path.endswith(".slnx"):
        rels = re.findall(r"<Project\s+[^>]*Path\s*=\s*\"([^\"]+)\"", text)
    else:
        rels = re.findall(r'^Project\("\{[^}]*\}"\)\s*=\s*"[^"]*",\s*"([^"]+)"', text, re.M)
    projects = [posixpath.normpath(posixpath.join(directory, r.replace("\\", "/"))) for r in rels]
    projects = [p for p in projects if p.endswith(PROJECT_EXTS)]
    if not projects:
        return f"the solution {path} lists no project"
    return projects


def _entry_file(cwd: str, target: str | None, sources: SourceView) -> str:
    """The project or solution file `dotnet` works on; raises ValueError with the reason."""
    if target is not None:
        path = posixpath.normpath(posixpath.join(cwd, target))
        if path.endswith(PROJECT_EXTS + SOLUTION_EXTS):
            if sources.read(path) is None:
                raise ValueError(f"{path} is not in the build context")
            return path
        directory = path
    else:
        directory = cwd
    here = [f for f in sources.files_under(directory)
            if posixpath.dirname(f) == directory and f.endswith(PROJECT_EXTS + SOLUTION_EXTS)]
    if len(here) != 1:
        what = "no project or solution file" if not here else f"{len(here)} project or solution files"
        raise ValueError(f"{directory} holds {what}, so which project is built is not known")
    return here[0]


def _tfm_version(tfm: str) -> str | None:
    m = _TFM.match(tfm.strip())
    if not m:
        return None
    major, minor = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return f"{int(major)}.{int(minor)}"


class _Publish(Struct):
    """One `dotnet publish`/`build` as the analysis reads it."""

    entry: str                                # the project or solution file
    projects: list[_Project]                  # every project it builds
    apps: list[_Project]                      # the executable ones (tests aside)
    cli: _Cli

    def framework(self, project: _Project) -> str:
        return self.cli.framework or project.props.get("targetframework", "")


def _read_build(cli: _Cli, cwd: str, sources: SourceView) -> _Publish | str:
    try:
        entry = _entry_file(cwd, cli.target, sources)
    except ValueError as e:
        return str(e)
    paths: list[str] | str = _solution_projects(entry, sources) if entry.endswith(SOLUTION_EXTS) else [entry]
    if isinstance(paths, str):
        return paths
    projects: list[_Project] = []
    for p in paths:
        proj = _read_project(p, sources)
        if isinstance(proj, str):
            return proj
        projects.append(proj)
    apps = [p for p in projects if p.executable and not p.test]
    return _Publish(entry, projects, apps, cli)


def _aspnet(project: _Project, sources: SourceView, seen: set[str] | None = None) -> str | None:
    """Why the project needs the ASP.NET Core shared framework (None: it does not)."""
    seen = seen if seen is not None else set()
    if project.path in seen:
        return None
    seen.add(project.path)
    if project.web:
        return f"{posixpath.basename(project.path)} uses the Web SDK ({project.sdk})"
    if "Microsoft.AspNetCore.App" in project.framework_refs:
        return f"{posixpath.basename(project.path)} references the Microsoft.AspNetCore.App framework"
    for ref in project.references:
        sub = _read_project(ref, sources)
        if isinstance(sub, _Project):
            why = _aspnet(sub, sources, seen)
            if why:
                return f"{why} (through {posixpath.basename(project.path)})"
    return None


def _configuration(cli: _Cli, tfm_version: str | None) -> str:
    if cli.configuration:
        return cli.configuration
    if cli.sub == "publish" and tfm_version and int(tfm_version.split(".")[0]) >= 8:
        return "Release"       # PublishRelease: the default for projects targeting .NET 8 or later
    return "Debug"


def _rid(cli: _Cli, project: _Project) -> str | None:
    return cli.rid or cli.properties.get("runtimeidentifier") or project.props.get("runtimeidentifier") or None


def _flag(cli: _Cli, project: _Project, name: str) -> str:
    return (cli.properties.get(name) or project.props.get(name) or "").lower()


def _self_contained(cli: _Cli, project: _Project, version: str | None) -> bool:
    if _flag(cli, project, "publishaot") == "true":
        return True
    if cli.self_contained is not None:
        return cli.self_contained
    value = _flag(cli, project, "selfcontained")
    if value:
        return value == "true"
    # Before .NET 8, a runtime identifier implied a self-contained app.
    return bool(_rid(cli, project)) and version is not None and int(version.split(".")[0]) < 8


# -- the ecosystem ------------------------------------------------------------------------------

class DotNet:
    name = "dotnet"
    language = ".NET"
    build_inputs: tuple[str, ...] = (
        "*.csproj", "*.fsproj", "*.vbproj", "*.sln", "*.slnx", "*.cs", "*.fs", "*.fsx", "*.vb", "*.resx",
        "obj", "bin", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props",
        "nuget.config", "NuGet.Config", "NuGet.config", "global.json", "packages.lock.json", "*.user",
        "launchSettings.json", ".vs",
    )

    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        if posixpath.basename(cmd.name) != "dotnet":
            return None
        args = cmd.args
        if not args or args[0] in _INFO:
            return CommandEffect(note="dotnet: prints information, writes nothing the runtime needs")
        env = cmd.envmap()
        sub = args[0]
        nuget = _nuget_caches(env)
        if sub == "nuget" and args[1:2] in (("locals",), ("add",), ("remove",), ("update",), ("enable",), ("disable",)):
            return CommandEffect(caches=nuget, note=f"dotnet nuget {args[1]}: NuGet settings and caches only")
        if sub == "clean":
            return CommandEffect(note="dotnet clean: removes build outputs")
        if sub not in ("restore", "build", "publish", "test", "pack"):
            return None     # run, tool, ef, new, workload ...: code or tools this analysis does not follow
        cli = _parse_cli(args)
        build = _read_build(cli, cmd.cwd, sources) if not cli.problem else cli.problem
        if sub in ("restore", "test", "pack"):
            # Restoring and testing write only caches and intermediates, whichever project it is.
            folders = ([posixpath.dirname(p.path) for p in build.projects] if isinstance(build, _Publish)
                       else [posixpath.normpath(posixpath.join(cmd.cwd, cli.target or "."))])
            intermediates = tuple(dict.fromkeys(posixpath.join(f, d) for f in folders for d in ("obj", "bin", "TestResults")))
            return CommandEffect(caches=nuget + intermediates, note=f"dotnet {sub}: NuGet packages and build intermediates")
        if isinstance(build, str):
            return None
        intermediates = tuple(dict.fromkeys(
            posixpath.join(posixpath.dirname(p.path), d) for p in build.projects for d in ("obj", "bin")))
        if sub == "build" and cli.output is None and not build.apps:
            return CommandEffect(caches=nuget + intermediates, note="dotnet build: a compile check, no app")
        outputs = _outputs(build, cmd.cwd)
        if isinstance(outputs, str):
            return None
        argv = tuple(w.text for w in cmd.argv)
        artifacts: list[BuiltArtifact] = []
        trees: list[str] = []
        for folder, apps in outputs:
            source_dir = posixpath.dirname(build.entry if cli.output is not None else apps[0].path)
            trees.append(folder)
            artifacts.append(BuiltArtifact(folder, "dotnet", sub, source_dir, cmd.env, line, argv))
            for app in apps:
                if _flag(cli, app, "useapphost") == "false":
                    continue
                # Not listed as a write of its own: the folder's tree holds it. (A WORKDIR naming the
                # publish folder replaces the tree's origin in the walk; the apphost is then no
                # longer found and the image is refused, rather than copied without its folder.)
                host = posixpath.join(folder, app.name)
                artifacts.append(BuiltArtifact(host, "dotnet", "apphost", posixpath.dirname(app.path), cmd.env, line, argv))
        if sub == "publish" and cli.output is None:
            # Publishing builds first, into the build output folder (bin/<Configuration>/<TFM>/[<RID>/]),
            # which holds a runnable app too: an image may start the dll there rather than in publish/.
            # The dll is the artifact; its folder comes with it (runtime_needs), so an image that starts
            # the published dll still gets only the publish folder.
            built = _outputs(build, cmd.cwd, publish_folder=False)
            for folder, apps in ([] if isinstance(built, str) else built):
                for app in apps:
                    dll = posixpath.join(folder, app.name + ".dll")
                    artifacts.append(BuiltArtifact(dll, "dotnet", "dll", posixpath.dirname(app.path), cmd.env, line, argv))
        caches = tuple(c for c in nuget + intermediates if not any(t == c or t.startswith(c + "/") for t in trees))
        return CommandEffect( trees=tuple(trees), caches=caches, artifacts=tuple(artifacts),
                             note=f"dotnet {sub}: {', '.join(trees)}")

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        return False

    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        """`dotnet app.dll` / `dotnet exec app.dll` start an app on the shared runtime; an SDK
        command (`dotnet run`, `dotnet watch`, `dotnet ef`) needs the SDK itself."""
        if not argv or posixpath.basename(argv[0]) != "dotnet":
            return None
        words = list(argv[1:])
        if words[:1] == ["exec"]:
            words = words[1:]
        i = 0
        while i < len(words):
            w = words[i]
            if w in _HOST_VALUE_OPTS:
                i += 2
                continue
            if w.startswith("-"):
                i += 1
                continue
            break
        first = words[i] if i < len(words) else ""
        if first.lower().endswith(".dll"):
            return Launch("dotnet", paths=(first,))
        if first in _SDK_COMMANDS:
            return Launch("dotnet", refuse=f"the image runs `{' '.join(argv[:3])}`, which builds the app each time the "
                                           "container starts: the runtime stage would need the .NET SDK (publish it with "
                                           "`dotnet publish` and run the published dll)")
        return None

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        if posixpath.basename(cmd.name) != "dotnet" or not cmd.args or cmd.args[0] not in ("restore", "build", "publish", "test"):
            return ()
        return _nuget_caches(cmd.envmap())[:1]

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        cli = _parse_cli(artifact.argv[1:])
        target = cli.target
        entry_name = posixpath.basename(target) if target and target.endswith(PROJECT_EXTS + SOLUTION_EXTS) else None
        if entry_name and sources.read(posixpath.join(artifact.source_dir, entry_name)) is not None:
            target = entry_name
        else:
            target = None
        build = _read_build(_Cli(cli.sub, target, cli.configuration, cli.output, cli.framework, cli.rid, cli.os_arch,
                                 cli.self_contained, cli.properties), artifact.source_dir, sources)
        if isinstance(build, str):
            return RuntimeNeeds(libc="glibc", refuse=f"{artifact.path}: {build}")
        apps = build.apps
        if artifact.kind == "apphost":
            apps = [a for a in apps if posixpath.join(posixpath.dirname(artifact.path), a.name) == artifact.path] or apps
        elif artifact.kind == "dll":
            apps = [a for a in apps if posixpath.join(posixpath.dirname(artifact.path), a.name + ".dll") == artifact.path] or apps
        if not apps:
            return RuntimeNeeds(libc="glibc", refuse=f"{posixpath.basename(build.entry)} builds no executable project "
                                                     f"(OutputType Exe, or the Web SDK), so {artifact.path} holds no app to run")
        decisions: list[Decision] = []
        versions: dict[str, str] = {}
        for app in apps:
            tfm = build.framework(app)
            version = _tfm_version(tfm)
            if version is None:
                what = (f"targets {tfm!r}" if tfm else "sets no TargetFramework this analysis can read "
                        "(TargetFrameworks, or a value from elsewhere)")
                return RuntimeNeeds(libc="glibc", refuse=f"{posixpath.basename(app.path)} {what}, so the .NET "
                                                         "runtime version it needs is not known")
            versions[app.path] = version
        if len(set(versions.values())) > 1:
            listed = ", ".join(f"{posixpath.basename(p)} ({v})" for p, v in versions.items())
            return RuntimeNeeds(libc="glibc", refuse=f"{artifact.path} holds apps for different .NET versions: {listed}")
        version = next(iter(versions.values()))
        rids = {_rid(cli, a) for a in apps}
        rid = next(iter(rids)) if len(rids) == 1 else None
        alpine_build = re.search(r"alpine", build_image) is not None
        if rid and rid.startswith("linux-musl"):
            libc = "musl"
        elif rid and rid.startswith("linux-"):
            libc = "glibc"
        elif rid:
            return RuntimeNeeds(libc="glibc", refuse=f"{artifact.path} is built for {rid}, not for Linux")
        else:
            libc = "musl" if alpine_build else "glibc"
        self_contained = any(_self_contained(cli, a, version) for a in apps)
        aspnet = next((w for w in (_aspnet(a, sources) for a in apps) if w), None)
        names = ", ".join(posixpath.basename(a.path) for a in apps)
        if artifact.kind == "apphost" and self_contained:
            runtime = Runtime("dotnet-deps", version)
            decisions.append(Decision("runtime", f".NET {version} runtime dependencies",
                                      f"{names}: a self-contained app carries the .NET runtime; its apphost needs only "
                                      "the native libraries .NET uses (runtime-deps)"))
        elif aspnet:
            runtime = Runtime("aspnetcore", version)
            decisions.append(Decision("runtime", f"ASP.NET Core {version}", f"{aspnet}; it targets .NET {version}"))
        else:
            runtime = Runtime("dotnet", version)
            decisions.append(Decision("runtime", f".NET {version}", f"{names}: no ASP.NET Core reference; it targets .NET {version}"))
        if runtime.name == "aspnetcore" and int(version.split(".")[0]) < 8 and not artifact.build_env.get("ASPNETCORE_URLS"):
            return RuntimeNeeds(libc=libc, refuse=(
                f"the .NET {version} SDK image clears ASPNETCORE_URLS and aspnet:{version} sets it to http://+:80, so the "
                "app would listen on another address in the runtime stage; set ASPNETCORE_URLS with ENV before the build"))
        if libc == "musl":
            decisions.append(Decision("globalization", "ICU and tzdata kept",
                                      "the alpine SDK image has ICU and time zones (DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false): "
                                      "the -extra runtime images have them too, the plain alpine ones do not"))
        refs: tuple[DataRef, ...] = ()
        if artifact.kind in ("apphost", "dll"):
            folder = posixpath.dirname(artifact.path)
            what = "the apphost" if artifact.kind == "apphost" else "the build output's app"
            refs = (DataRef(folder, f"{what} {artifact.path}", "AppContext.BaseDirectory"),)
        # A .NET app loads native libraries by name (System.Drawing loads libgdiplus, a NuGet
        # package P/Invokes what apt installed) and may start programs: packages the build
        # installed are installed again in the runtime stage, as the planner does for programs
        # that run other programs.
        return RuntimeNeeds(libc=libc, runtime=runtime, data_refs=refs, runs_commands=True, decisions=tuple(decisions))


def _nuget_caches(env: Mapping[str, str]) -> tuple[str, ...]:
    home = env.get("HOME") or "/root"
    packages = env.get("NUGET_PACKAGES") or posixpath.join(home, ".nuget/packages")
    return (packages, posixpath.join(home, ".nuget/NuGet"), posixpath.join(home, ".local/share/NuGet"),
            posixpath.join(home, ".dotnet"))


def _outputs(build: _Publish, cwd: str, publish_folder: bool = True) -> list[tuple[str, list[_Project]]] | str:
    """The output folders of a publish/build, each with the apps published into it (with
    PUBLISH_FOLDER false: the build output folders a publish without -o fills first)."""
    cli = build.cli
    if cli.output is not None:
        if "$" in cli.output:
            return "an output folder known only at build time"
        return [(posixpath.normpath(posixpath.join(cwd, cli.output)), build.apps)]
    if cli.os_arch or cli.artifacts_path or any(_flag(cli, p, "useartifactsoutput") == "true" for p in build.projects):
        return "an output folder this analysis does not work out (--os/--arch, artifacts output)"
    if build.entry.endswith(SOLUTION_EXTS) and not cli.configuration:
        return "a solution published without -c: which configuration each project uses is not read"
    out: list[tuple[str, list[_Project]]] = []
    for app in build.apps:
        tfm = build.framework(app)
        version = _tfm_version(tfm)
        if version is None:
            return f"{app.path}: no TargetFramework this analysis can read"
        parts = [posixpath.dirname(app.path), "bin", _configuration(cli, version), tfm]
        rid = _rid(cli, app)
        if rid:
            parts.append(rid)
        if cli.sub == "publish" and publish_folder:
            parts.append("publish")
        out.append((posixpath.join(*parts), [app]))
    return out


DOTNET = DotNet()
ECOSYSTEM = DOTNET
