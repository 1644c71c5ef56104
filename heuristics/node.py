"""Node.js and TypeScript: which commands install packages or build, and what the app needs
at run time (Node of the build image's major version, on the same C library and release).

- Installs: `npm ci`, `npm install`/`npm i` without package names, `yarn`/`yarn install`,
  `pnpm install`: the project's node_modules (kind "packages", contents unknown: a tree carried
  whole, dev dependencies included: pruning them is only sound when no devDependency is loaded
  at run time, which this analysis does not prove). Their download caches (~/.npm, yarn's and
  pnpm's stores) are never carried.
- Builds: `npm run X`/`yarn X`/`pnpm run X` follow package.json's script (with its pre/post
  scripts; parts joined by `&&`): `tsc` (tsconfig's outDir), `nest build` (tsconfig.build.json's
  or tsconfig.json's outDir, else dist/), `vite build` (dist/), `next build` (.next/), and
  `rimraf`/`rm -rf` of a folder. A script part this module cannot read leaves the command
  unread (the file is then left alone). `npx tsc`/`tsc` as RUN commands read the same way.
- Launch: `node [opts] FILE` (an interpreter: the installed packages run too), `npm start`,
  `npm run X`, `yarn start` (package.json and npm/yarn are needed: node images ship both). TypeScript
  run from source (`ts-node`, `tsx`, `node -r ts-node/register`, `node app.ts`), watchers and
  dev servers (`nodemon`, `react-scripts start`, `vite`, `next dev`, `nest start`) need the
  dev dependencies and compilers at run time: refused (SS023).
- Runtime: `node:<major>-<release>-slim` of the build image (node:18 is bookworm ->
  node:18-bookworm-slim), `node:<major>-alpine` for alpine builds: the same C library and
  release, so native modules built by the install (bcrypt, sqlite3, sharp) load unchanged.
  A package whose install script may build a native module linking OS libraries the slim image
  lacks (package-lock.json's `hasInstallScript`, or a name known to link one) is refused unless
  it is known to be self-contained; packages known to link a library map to it (pg-native -> libpq).

Example: `FROM node:18`, `RUN npm ci`, `RUN npm run build` with `"build": "tsc"` and outDir
`dist` -> artifacts /app/node_modules and /app/dist, runtime node 18-bookworm
(node:18-bookworm-slim).
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Mapping, Sequence

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, Decision, Launch, Runtime, RuntimeNeeds, SourceView, base_images

_MANAGERS = ("npm", "yarn", "pnpm")
# Install flags that take a value (`--loglevel warn`); the others are one word.
_VALUE_FLAGS = frozenset("--loglevel --registry --cache --prefix --network-timeout --omit --include --mutex "
                         "--modules-folder --cache-folder --network-concurrency --store-dir --filter".split())
# Commands that start a dev server, a watcher or compile TypeScript at each start.
_DEV_TOOLS = {
    "ts-node": "ts-node compiles TypeScript at each start",
    "ts-node-dev": "ts-node-dev compiles and watches at each start",
    "tsx": "tsx compiles TypeScript at each start",
    "nodemon": "nodemon is a file watcher for development",
    "react-scripts": "react-scripts runs the development server",
    "vite": "vite runs the development server",
    "webpack-dev-server": "webpack-dev-server is a development server",
    "ng": "ng serve is the Angular development server",
    "vue-cli-service": "vue-cli-service serve is a development server",
    "babel-node": "babel-node compiles at each start",
    "nest": "nest start builds the project at each start",
}
_DEV_REQUIRES = ("ts-node", "tsx", "@babel/register", "esbuild-register", "@swc/register", "@swc-node/register")
# Packages whose install script builds or fetches a native module that needs only the C and C++
# runtime (bundled libraries, or a static binary), or only prints or checks something.
SELF_CONTAINED = frozenset(
    "bcrypt sqlite3 better-sqlite3 sharp argon2 bufferutil utf-8-validate msgpackr-extract cpu-features ssh2 "
    "esbuild core-js core-js-pure protobufjs es5-ext @nestjs/core nodemon fsevents @parcel/watcher unrs-resolver "
    "@swc/core @biomejs/biome lmdb leveldown classic-level re2 deasync farmhash xxhash-addon node-pty "
    "spawn-sync styled-components yarn husky @scarf/scarf".split())
# Packages that link an OS library (short name, as in -lNAME); None: not mapped, refused.
LINKS_OS_LIBRARY: Mapping[str, tuple[str, ...] | None] = {
    "pg-native": ("pq",), "libpq": ("pq",), "canvas": None, "node-libcurl": None, "kerberos": None,
    "odbc": None, "ibm_db": None, "oracledb": None, "prisma": None, "@prisma/client": None, "@prisma/engines": None,
    "node-rdkafka": None, "zeromq": None, "libxmljs": None, "libxmljs2": None, "gl": None, "grpc": None,
}


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


def _json(sources: SourceView, path: str) -> dict | None:
    text = sources.read(path)
    if text is None:
        return None
    try:
        data = json.loads(_strip_jsonc(text))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas (tsconfig.json) as plain JSON."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(c)
            i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def _scripts(pkg: Mapping | None) -> dict[str, str]:
    scripts = pkg.get("scripts") if pkg else None
    return {k: v for k, v in scripts.items() if isinstance(v, str)} if isinstance(scripts, dict) else {}


def _manager_script(args: Sequence[str], manager: str) -> str | None:
    """The script name of `npm run X`, `npm start`, `yarn X`, `yarn run X`, `pnpm run X`."""
    words = [a for a in args if not a.startswith("-")]
    if not words:
        return None
    if words[0] in ("run", "run-script"):
        return words[1] if len(words) > 1 else None
    if words[0] in ("start", "test", "build"):
        return words[0] if manager != "npm" or words[0] != "build" else None
    if manager in ("yarn", "pnpm") and words[0] not in ("install", "add", "remove", "cache", "global", "config", "exec",
                                                          "dlx", "prune", "ci", "i"):
        return words[0]
    return None


class Node:
    name = "node"
    language = "Node.js"
    # Context files only a build reads: linters' and formatters' settings. TypeScript sources and
    # tsconfig stay (tsconfig-paths reads tsconfig.json at run time; a few kilobytes).
    build_inputs: tuple[str, ...] = (".eslintrc*", ".eslintignore", "eslint.config.*", ".prettierrc*", ".prettierignore",
                                     ".husky", ".nvmrc", ".node-version")

    # -- commands -----------------------------------------------------------------------------
    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        name = posixpath.basename(cmd.name)
        args = list(cmd.args)
        if name in ("node", "npm", "yarn", "pnpm", "npx", "tsc") and args and all(
                a in ("-v", "--version", "version") for a in args):
            return CommandEffect(note=f"{name} --version: prints only")
        if name in _MANAGERS:
            if args[:2] in (["cache", "clean"], ["cache", "clear"], ["store", "prune"]):
                return CommandEffect(note=f"{name} {args[0]} {args[1]}: empties its download cache")
            if self._is_install(name, args):
                return self._install(cmd, name, line, sources)
            if name == "npm" and args[:1] == ["prune"]:
                nm = _abs(cmd.cwd, "node_modules")
                return CommandEffect(trees=(nm,), modifies=(nm,), note="npm prune: removes packages from node_modules")
            script = _manager_script(args, name)
            if script is not None:
                return self._run_script(cmd, name, script, line, sources)
            return None
        if name == "npx" and args:
            return self._tool(cmd, [a for a in args if a not in ("--yes", "-y", "--no-install")], line, sources)
        if name in ("tsc", "nest", "vite", "next"):
            return self._tool(cmd, [name, *args], line, sources)
        return None

    @staticmethod
    def _is_install(name: str, args: Sequence[str]) -> bool:
        words = [a for i, a in enumerate(args) if not a.startswith("-") and not (i and args[i - 1] in _VALUE_FLAGS)]
        if name == "yarn" and not words:
            return not any(a in ("-v", "--version", "-h", "--help") for a in args)
        if "-g" in args or "--global" in args:
            return False
        return words in (["ci"], ["install"], ["i"], ["install", "--frozen-lockfile"]) or (name == "npm" and words == ["clean-install"])

    def _artifact(self, cmd: SimpleCommand, line: int, path: str, kind: str) -> BuiltArtifact:
        return BuiltArtifact(path=path, ecosystem="node", kind=kind, source_dir=cmd.cwd, build_env=cmd.env,
                             line=line, argv=tuple(w.text for w in cmd.argv))

    def _install(self, cmd: SimpleCommand, name: str, line: int, sources: SourceView) -> CommandEffect | None:
        if sources.read(_abs(cmd.cwd, "package.json")) is None:
            return None                      # no manifest here: what it installs is not known
        home = cmd.envmap().get("HOME") or "/root"
        nm = _abs(cmd.cwd, "node_modules")
        caches = {
            "npm": (posixpath.join(home, ".npm"),),
            "yarn": ("/usr/local/share/.cache/yarn", posixpath.join(home, ".cache/yarn"), posixpath.join(home, ".yarn")),
            "pnpm": (posixpath.join(home, ".local/share/pnpm"), posixpath.join(home, ".cache/pnpm"),
                     _abs(cmd.cwd, ".pnpm-store")),
        }[name]
        # npm install may rewrite package-lock.json (it stays the context's file: changed in place), or writes one.
        lock = _abs(cmd.cwd, "package-lock.json")
        installs = name == "npm" and list(cmd.args[:1]) != ["ci"]
        writes = (lock,) if installs and sources.read(lock) is None else ()
        modifies = (lock,) if installs and not writes else ()
        return CommandEffect(reads=(_abs(cmd.cwd, "package.json"),), writes=writes, modifies=modifies, trees=(nm,), caches=caches,
                             artifacts=(self._artifact(cmd, line, nm, "packages"),),
                             note=f"{name} install: the packages in {nm}")

    def _run_script(self, cmd: SimpleCommand, manager: str, script: str, line: int,
                    sources: SourceView) -> CommandEffect | None:
        scripts = _scripts(_json(sources, _abs(cmd.cwd, "package.json")))
        if script not in scripts:
            return None
        trees: list[str] = []
        deletes: list[str] = []
        artifacts: list[BuiltArtifact] = []
        for name in (f"pre{script}", script, f"post{script}"):
            if name not in scripts:
                continue
            for part in re.split(r"\s*&&\s*", scripts[name].strip()):
                try:
                    words = shlex.split(part)
                except ValueError:
                    return None
                while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S*", words[0]):
                    words = words[1:]             # NODE_ENV=production tsc
                if not words:
                    return None
                if words[0] in ("rimraf", "rm") and all(w in ("-rf", "-r", "-f", "-fr") or not w.startswith("-") for w in words[1:]):
                    deletes.extend(_abs(cmd.cwd, w) for w in words[1:] if not w.startswith("-"))
                    continue
                eff = self._tool(cmd, words, line, sources)
                if eff is None:
                    return None
                trees.extend(eff.trees)
                artifacts.extend(eff.artifacts)
        return CommandEffect(trees=tuple(trees), deletes=tuple(deletes), artifacts=tuple(artifacts),
                             note=f"{manager} run {script}: {', '.join(a.path for a in artifacts) or 'nothing built'}")

    def _tool(self, cmd: SimpleCommand, words: list[str], line: int, sources: SourceView) -> CommandEffect | None:
        """`tsc [-p FILE]`, `nest build`, `vite build`, `next build`: the output folder."""
        tool, rest = posixpath.basename(words[0]), words[1:]
        out: str | None = None
        if tool == "tsc":
            if any(a in ("--outFile", "--build", "-b", "--watch", "-w", "--noEmit") for a in rest):
                return None
            project = "tsconfig.json"
            for i, a in enumerate(rest):
                if a in ("-p", "--project") and i + 1 < len(rest):
                    project = rest[i + 1]
                elif a == "--outDir" and i + 1 < len(rest):
                    out = _abs(cmd.cwd, rest[i + 1])
                elif a.startswith("-") and a not in ("--pretty",):
                    return None
            if out is None:
                out = self._out_dir(_abs(cmd.cwd, project), sources)
        elif tool == "nest" and rest[:1] == ["build"] and len(rest) == 1:
            cfg = _json(sources, _abs(cmd.cwd, "nest-cli.json")) or {}
            opts = cfg.get("compilerOptions") if isinstance(cfg.get("compilerOptions"), dict) else {}
            if cfg.get("monorepo") or (opts and any(k in opts for k in ("webpack", "builder", "tsConfigPath"))):
                return None
            for name in ("tsconfig.build.json", "tsconfig.json"):
                if sources.read(_abs(cmd.cwd, name)) is not None:
                    out = self._out_dir(_abs(cmd.cwd, name), sources)
                    break
        elif tool == "vite" and rest == ["build"]:
            if any(sources.read(_abs(cmd.cwd, f"vite.config.{e}")) and "outDir" in (sources.read(_abs(cmd.cwd, f"vite.config.{e}")) or "")
                   for e in ("js", "ts", "mjs", "mts", "cjs")):
                return None
            out = _abs(cmd.cwd, "dist")
        elif tool == "next" and rest == ["build"]:
            if any("distDir" in (sources.read(_abs(cmd.cwd, f"next.config.{e}")) or "") for e in ("js", "mjs", "ts")):
                return None
            out = _abs(cmd.cwd, ".next")
        if out is None:
            return None
        return CommandEffect(trees=(out,), artifacts=(self._artifact(cmd, line, out, "build"),))

    def _out_dir(self, tsconfig: str, sources: SourceView, depth: int = 0) -> str | None:
        """compilerOptions.outDir of TSCONFIG, following a relative `extends`."""
        cfg = _json(sources, tsconfig)
        if cfg is None or depth > 4:
            return None
        opts = cfg.get("compilerOptions")
        if isinstance(opts, dict):
            if opts.get("noEmit") or opts.get("outFile") or opts.get("composite"):
                return None
            if isinstance(opts.get("outDir"), str):
                return _abs(posixpath.dirname(tsconfig), opts["outDir"])
        ext = cfg.get("extends")
        if isinstance(ext, str) and ext.startswith("."):
            target = _abs(posixpath.dirname(tsconfig), ext if ext.endswith(".json") else ext + ".json")
            return self._out_dir(target, sources, depth + 1)
        return None

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        return False

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        name = posixpath.basename(cmd.name)
        home = cmd.envmap().get("HOME") or "/root"
        if name == "npm" and list(cmd.args[:1]) in (["ci"], ["install"], ["i"]):
            return (posixpath.join(home, ".npm"),)
        if name == "yarn" and self._is_install("yarn", list(cmd.args)):
            return ("/usr/local/share/.cache/yarn",)
        return ()

    # -- the image's command --------------------------------------------------------------------
    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/") -> Launch | None:
        if not argv:
            return None
        name = posixpath.basename(argv[0])
        if name == "node" or name == "nodejs":
            return _node_launch(argv)
        if name in _DEV_TOOLS or name == "npx":
            tool = posixpath.basename(argv[1]) if name == "npx" and len(argv) > 1 else name
            why = _DEV_TOOLS.get(tool, f"npx {tool} may download and run a package at each start")
            return Launch(name, refuse=f"the image runs `{' '.join(argv[:3])}`: {why}, which needs the dev dependencies "
                                       "and build tools at run time (build the app and start it with node)")
        if name in ("npm", "yarn"):
            script = _manager_script(list(argv[1:]), name)
            if script is None:
                return Launch(name, refuse=f"the image runs `{' '.join(argv[:3])}`, which is not a package.json script "
                                           "this analysis follows")
            refuse = _dev_tool_script(files, script) if files is not None else None
            if refuse:
                return Launch(name, refuse=refuse)
            return Launch(name, paths=("package.json",), installed=True)
        if name == "pnpm":
            return Launch(name, refuse="the image starts the app with pnpm, which the node runtime images do not ship")
        return None

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        img = base_images.describe_build_image(build_image)
        repo, _, tag = build_image.split("@")[0].partition(":")
        m = re.match(r"(\d+)(?:\.\d+)*(?:-|$)", tag)
        libc = "musl" if img.family == "alpine" else "glibc"
        if repo.rsplit("/", 1)[-1] != "node" or img.family not in ("debian", "alpine"):
            return RuntimeNeeds(libc=libc, refuse=f"Node.js comes from the build image {build_image}, not from an official "
                                                  "node image: a runtime base with the same Node.js cannot be named")
        if m is None:
            return RuntimeNeeds(libc=libc, refuse=f"the build image {build_image} does not name Node.js's major version "
                                                  "(its tag is not a number such as node:18): the runtime image could run "
                                                  "another Node.js; name the version in the tag")
        major = m.group(1)
        # The runtime tag keeps the version the build's names (node:20.9 -> 20.9-...: a looser one
        # could be another Node.js) and its release; a tag that names no Debian release gets the
        # slim tag of the same name (node:14 -> node:14-slim), whose release is the same.
        exact = m.group(0).rstrip("-")
        named = next((r for r in ("stretch", "buster", "bullseye", "bookworm", "trixie") if r in tag), None)
        alpine = re.search(r"alpine(\d+\.\d+)?", tag)
        if img.family == "alpine":
            version = f"{exact}-alpine{alpine.group(1) or '' if alpine else ''}"
        else:
            version = f"{exact}-{named}" if named else exact
        decisions = [Decision("Node.js runtime", f"Node.js {major} ({version})",
                              f"{build_image} runs Node.js {major} on {img.family} {img.release}: the slim image of the "
                              "same version, C library and release loads the same installed packages and native modules")]
        refuse = None
        libs: tuple[str, ...] = ()
        data: list = []
        if artifact.kind == "packages":
            libs, refuse, why = self._native(artifact, sources)
            if why:
                decisions.append(Decision("native modules", why[0], why[1]))
            if refuse is None:
                decisions.append(Decision("dev dependencies", "kept",
                                          "node_modules is copied as the install left it: leaving out devDependencies is "
                                          "only sound when none is loaded at run time, which is not proven"))
        # runs_commands: a Node app may spawn any program the build installed (ffmpeg, chromium):
        # the OS packages it installed are installed again, but compilers and headers.
        return RuntimeNeeds(libc=libc, runtime=Runtime("node", version), shared_libs=libs, refuse=refuse, runs_commands=True,
                            data_refs=tuple(data), decisions=tuple(decisions))

    @staticmethod
    def _native(artifact: BuiltArtifact, sources: SourceView) -> tuple[tuple[str, ...], str | None, tuple[str, str] | None]:
        """(libraries, refusal, decision) for the installed packages' native modules."""
        project = artifact.source_dir
        names: set[str] = set()
        scripted: set[str] = set()
        lock = _json(sources, posixpath.join(project, "package-lock.json"))
        if lock is not None and isinstance(lock.get("packages"), dict):
            for key, meta in lock["packages"].items():
                if not key or not isinstance(meta, dict):
                    continue
                pkg = key.rsplit("node_modules/", 1)[-1]
                names.add(pkg)
                if meta.get("hasInstallScript"):
                    scripted.add(pkg)
        elif lock is not None:
            return (), "package-lock.json is of lockfileVersion 1, which does not say which packages run install " \
                       "scripts (native modules may link OS libraries the slim image lacks)", None
        else:
            other = next((f for f in ("yarn.lock", "pnpm-lock.yaml") if sources.read(posixpath.join(project, f)) is not None), None)
            if other is None:
                return (), f"the install in {project} has no lockfile: which packages (and native modules) it installs " \
                           "is decided when it runs", None
            if other == "yarn.lock" and sources.read(posixpath.join(project, ".yarnrc.yml")) is not None:
                return (), "a Yarn 2+ project (.yarnrc.yml): Plug'n'Play installs are not read yet", None
            text = sources.read(posixpath.join(project, other)) or ""
            names = set(re.findall(r'^"?/?(@?[a-z0-9][\w.-]*(?:/[\w.-]+)?)@', text, re.M))
            pkg = _json(sources, posixpath.join(project, "package.json")) or {}
            for field in ("dependencies", "devDependencies", "optionalDependencies"):
                if isinstance(pkg.get(field), dict):
                    names.update(pkg[field])
        libs: list[str] = []
        for n in sorted(names):
            if n in LINKS_OS_LIBRARY:
                mapped = LINKS_OS_LIBRARY[n]
                if mapped is None:
                    return (), f"the package {n} links OS libraries (or needs programs) of the build image that the " \
                               "slim node image lacks and this analysis cannot name", None
                libs.extend(mapped)
        unknown = sorted(scripted - SELF_CONTAINED - set(LINKS_OS_LIBRARY))
        if unknown:
            return (), f"the package {unknown[0]} runs an install script, which may build a native module linking OS " \
                       "libraries of the build image that the slim node image lacks", None
        known = sorted(scripted & SELF_CONTAINED)
        why = (", ".join(known), "their install scripts build or fetch modules that need only the C and C++ runtime, "
               "which the runtime image of the same release has") if known else None
        return tuple(dict.fromkeys(libs)), None, why


def _dev_tool_script(files: SourceView, script: str) -> str | None:
    """The refusal when `npm run SCRIPT` (or its pre-script) runs a dev tool, read from the
    package.json of the project npm installed (the one whose node_modules the image has)."""
    projects = {a.source_dir for a in files.built().values() if a.ecosystem == "node" and a.kind == "packages"}
    if len(projects) != 1:
        return None
    scripts = _scripts(_json(files, posixpath.join(projects.pop(), "package.json")))
    for name in (f"pre{script}", script):
        body = scripts.get(name, "")
        try:
            words = shlex.split(body)
        except ValueError:
            return f"package.json's {name} script cannot be read: `{body}`"
        while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S*", words[0]):
            words = words[1:]         # VAR=value before the command
        tool = posixpath.basename(words[1]) if words[:1] == ["npx"] and len(words) > 1 else (words[0] if words else "")
        if tool in _DEV_TOOLS:
            return (f"package.json's {name} script runs `{body}`: {_DEV_TOOLS[tool]}, which needs the dev dependencies "
                    "and build tools at run time")
    return None


def _node_launch(argv: Sequence[str]) -> Launch:
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("-r", "--require", "--loader", "--import", "--experimental-loader") and i + 1 < len(argv):
            mod = argv[i + 1]
            if any(mod == d or mod.startswith(d + "/") for d in _DEV_REQUIRES):
                return Launch("node", refuse=f"the image runs node with `{a} {mod}`, which compiles the sources at each "
                                             "start and needs the dev dependencies at run time")
            i += 2
            continue
        if a in ("-e", "--eval", "-p", "--print"):
            return Launch("node", installed=True)
        if a.startswith("-"):
            i += 1
            continue
        if re.search(r"\.[mc]?ts$", a):
            return Launch("node", refuse=f"the image runs node on the TypeScript source {a}: compile it (tsc) and run the output")
        return Launch("node", paths=(a,), installed=True)
    return Launch("node", installed=True)


NODE = Node()
ECOSYSTEM = NODE
