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

from msgspec.structs import replace

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
    "pm2-dev": "pm2-dev watches and restarts on file changes, a development mode",
}
# Static file servers: heuristics/static_site.py follows them (the files they serve).
_STATIC_SERVERS = frozenset({"serve", "http-server"})
_DEV_REQUIRES = ("ts-node", "tsx", "@babel/register", "esbuild-register", "@swc/register", "@swc-node/register")
# Packages whose install script builds or fetches a native module that needs only the C and C++
# runtime (bundled libraries, or a static binary), or only prints or checks something.
SELF_CONTAINED = frozenset(
    "bcrypt sqlite3 better-sqlite3 sharp argon2 bufferutil utf-8-validate msgpackr-extract cpu-features ssh2 "
    "esbuild core-js core-js-pure protobufjs es5-ext @nestjs/core nodemon fsevents @parcel/watcher unrs-resolver "
    "@swc/core @biomejs/biome lmdb leveldown classic-level re2 deasync farmhash xxhash-addon node-pty "
    "spawn-sync styled-components yarn husky @scarf/scarf".split())
# Native modules judged by name where the lockfile does not mark install scripts (yarn.lock,
# pnpm 9, package-lock v1): those known to be self-contained pass, those linking OS libraries map
# to them (LINKS_OS_LIBRARY) or are refused.
NATIVE_MODULES = frozenset("bcrypt sharp sqlite3 better-sqlite3 canvas argon2 node-pty bufferutil utf-8-validate "
                           "re2 lmdb leveldown classic-level farmhash deasync cpu-features ssh2 msgpackr-extract".split())
# Packages that link an OS library (short name, as in -lNAME); None: not mapped, refused.
LINKS_OS_LIBRARY: Mapping[str, tuple[str, ...] | None] = {
    "pg-native": ("pq",), "libpq": ("pq",), "canvas": None, "node-libcurl": None, "kerberos": None,
    "odbc": None, "ibm_db": None, "oracledb": None,
    # Prisma's query and schema engines (downloaded for the build image's OpenSSL) load libssl
    "prisma": ("ssl",), "@prisma/client": ("ssl",), "@prisma/engines": ("ssl",),
    "node-rdkafka": None, "zeromq": None, "libxmljs": None, "libxmljs2": None, "gl": None, "grpc": None,
}


# Global installs (`npm i -g pm2`): the bins each well-known package links into PREFIX/bin, with
# the file each link points to inside the package folder (npm view NAME bin).
GLOBAL_BINS: Mapping[str, Mapping[str, str]] = {
    "pm2": {"pm2": "bin/pm2", "pm2-dev": "bin/pm2-dev", "pm2-docker": "bin/pm2-docker", "pm2-runtime": "bin/pm2-runtime"},
    "serve": {"serve": "build/main.js"},
    "http-server": {"http-server": "bin/http-server"},
    "nodemon": {"nodemon": "bin/nodemon.js"},
    "ts-node": {"ts-node": "dist/bin.js", "ts-node-cwd": "dist/bin-cwd.js", "ts-node-esm": "dist/bin-esm.js",
                "ts-node-script": "dist/bin-script.js", "ts-node-transpile-only": "dist/bin-transpile.js",
                "ts-script": "dist/bin-script-deprecated.js"},
    "typescript": {"tsc": "bin/tsc", "tsserver": "bin/tsserver"},
    "@nestjs/cli": {"nest": "bin/nest.js"},
    "prisma": {"prisma": "build/index.js"},
    "knex": {"knex": "bin/cli.js"},
    "sequelize-cli": {"sequelize": "lib/sequelize", "sequelize-cli": "lib/sequelize"},
    "next": {"next": "dist/bin/next"},
    "forever": {"forever": "bin/forever"},
    "typeorm": {"typeorm": "cli.js", "typeorm-ts-node-commonjs": "cli-ts-node-commonjs.js",
                "typeorm-ts-node-esm": "cli-ts-node-esm.js"},
    "@angular/cli": {"ng": "bin/ng.js"},
    "node-gyp": {"node-gyp": "bin/node-gyp.js"},
    "npm": {"npm": "bin/npm-cli.js", "npx": "bin/npx-cli.js"},
    "yarn": {"yarn": "bin/yarn.js", "yarnpkg": "bin/yarn.js"},
    "pnpm": {"pnpm": "bin/pnpm.cjs", "pnpx": "bin/pnpx.cjs"},
}
# Global packages that only build or manage packages: the app never loads them.
PACKAGE_MANAGERS = frozenset({"npm", "yarn", "pnpm", "corepack", "node-gyp"})
# Global packages known to be plain JavaScript (no install script building a native module).
# Bins that moved between majors: for a pinned version before MAJOR, the links point elsewhere
# (npm view serve@11 bin: bin/serve.js; serve 14 ships build/main.js).
GLOBAL_BINS_BEFORE: Mapping[str, tuple[int, Mapping[str, str]]] = {
    "serve": (14, {"serve": "bin/serve.js"}),
}


def _pinned_major(spec: str) -> int | None:
    """The major version a spec pins (`serve@11.3.2`, `serve@^11` -> 11); None when unpinned."""
    name_end = spec.find("@", 1)
    if name_end < 0:
        return None
    version = spec[name_end + 1:].lstrip("^~=v<>")
    digits = version.split(".")[0]
    return int(digits) if digits.isdigit() else None


PURE_JS_GLOBALS = frozenset(set(GLOBAL_BINS) - {"prisma"})
_GLOBAL_VALUE_FLAGS = _VALUE_FLAGS | {"--location", "--tag", "--userconfig", "--globalconfig"}


def _global_install(manager: str, args: Sequence[str]) -> tuple[str | None, list[str]] | None:
    """(the --prefix given, the package specs) of `npm i -g X@v ...` / `yarn global add X`; None
    when ARGS are no global install."""
    words: list[str] = []
    prefix: str | None = None
    glob = False
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-g", "--global", "--location=global") or (a == "--location" and args[i + 1:i + 2] == ["global"]):
            glob = True
        if a == "--prefix" and i + 1 < len(args):
            prefix = args[i + 1]
        elif a.startswith("--prefix="):
            prefix = a.split("=", 1)[1]
        if a in _GLOBAL_VALUE_FLAGS:
            i += 2
            continue
        if not a.startswith("-"):
            words.append(a)
        i += 1
    if manager == "npm" and glob and words[:1] and words[0] in ("install", "i", "in", "add", "isntall"):
        return prefix, words[1:]
    if manager == "yarn" and words[:2] == ["global", "add"]:
        return prefix, words[2:]
    return None


def _corepack(cmd: SimpleCommand) -> CommandEffect | None:
    """`corepack enable [yarn|pnpm]` links the package managers' shims next to node;
    `corepack prepare|install X --activate` downloads one into its cache: build tools only."""
    args = list(cmd.args)
    home = cmd.envmap().get("HOME") or "/root"
    cache = (cmd.envmap().get("COREPACK_HOME") or posixpath.join(home, ".cache/node/corepack"),)
    if args[0] == "enable" and all(a in ("yarn", "pnpm", "npm") for a in args[1:]):
        names = args[1:] or ["yarn", "pnpm"]
        bins = {"yarn": ("yarn", "yarnpkg"), "pnpm": ("pnpm", "pnpx"), "npm": ("npm", "npx")}
        return CommandEffect(writes=tuple(f"/usr/local/bin/{b}" for n in names for b in bins[n]), caches=cache,
                             note="corepack enable: package manager shims for the build")
    if args[0] in ("prepare", "install") and all(a == "--activate" or _package_name(a) or
                                                 re.fullmatch(r"(yarn|pnpm|npm)@[\w.+-]+", a) for a in args[1:]):
        return CommandEffect(caches=cache, note=f"corepack {args[0]}: a package manager downloaded for the build")
    return None


def _package_name(spec: str) -> str | None:
    """pm2@5.3.0 -> pm2, @nestjs/cli@10 -> @nestjs/cli; None for what is not a registry name
    (a git URL, a tarball, a folder, an alias)."""
    m = re.fullmatch(r"(@[a-z0-9][\w.-]*/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)(?:@[\w.^~<>=*|\- ]+)?", spec)
    return m.group(1) if m and not spec.endswith((".tgz", ".tar.gz")) else None


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


def _json(sources: SourceView, path: str) -> dict | None:
    text = sources.read(path)
    if text is None:
        return None
    try:
        data = json.loads(text)    # most are plain JSON: the JSONC pass, a loop over each character, only when not
    except ValueError:
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
        if name == "corepack" and args:
            return _corepack(cmd)
        if name in _MANAGERS:
            glob = _global_install(name, args)
            if glob is not None:
                return self._global(cmd, name, glob, line, sources)
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
        if name in ("tsc", "nest", "vite", "next", "prisma"):
            return self._tool(cmd, [name, *args], line, sources)
        return None

    def _global(self, cmd: SimpleCommand, manager: str, found: tuple[str | None, list[str]], line: int,
                sources: SourceView) -> CommandEffect | None:
        """`npm i -g X`: the package folder PREFIX/lib/node_modules/X (an artifact of kind "global",
        contents unknown) and the links PREFIX/bin/BIN of the bins a well-known package has.
        PREFIX is /usr/local in the node images (and with Debian's npm), else --prefix or
        NPM_CONFIG_PREFIX. `yarn global add` (as root) installs into /usr/local/share/.config/yarn/global."""
        given, specs = found
        named = [_package_name(s) for s in specs]
        names = [n for n in named if n is not None]
        if not specs or len(names) != len(named):
            what = next((s for s, n in zip(specs, named, strict=True) if n is None), "the project in the working directory")
            return CommandEffect(refuse=f"a global install of {what}, which is not a package named from the registry: "
                                        "its bins and their links are not known")
        env = cmd.envmap()
        home = env.get("HOME") or "/root"
        if manager == "yarn":
            if given is not None or home != "/root" or env.get("YARN_GLOBAL_FOLDER") or env.get("PREFIX"):
                return CommandEffect(refuse="yarn's global folder of a user other than root, or of another prefix, "
                                            "is not followed")
            prefix = "/usr/local"
            folder = "/usr/local/share/.config/yarn/global"
            lib = posixpath.join(folder, "node_modules")
            caches: tuple[str, ...] = ("/usr/local/share/.cache/yarn",)
        else:
            prefix = _abs(cmd.cwd, given or env.get("NPM_CONFIG_PREFIX") or env.get("npm_config_prefix") or "/usr/local")
            lib = posixpath.join(prefix, "lib/node_modules")
            folder = ""
            caches = (posixpath.join(home, ".npm"),)
        bindir = posixpath.join(prefix, "bin")
        trees: list[str] = [folder] if folder else []
        writes: list[str] = []
        links: list[tuple[str, str]] = []
        artifacts: list[BuiltArtifact] = []
        for spec, n in zip(specs, names, strict=True):
            pkg = posixpath.join(lib, n)
            if not folder:
                trees.append(pkg)
            bins = GLOBAL_BINS.get(n, {})
            major = _pinned_major(spec)
            if n in GLOBAL_BINS_BEFORE and major is not None and major < GLOBAL_BINS_BEFORE[n][0]:
                bins = GLOBAL_BINS_BEFORE[n][1]
            for b, target in bins.items():
                # npm and yarn link PREFIX/bin/BIN to the package's file, relative (../lib/node_modules/pm2/bin/pm2)
                writes.append(posixpath.join(bindir, b))
                links.append((posixpath.join(bindir, b), posixpath.relpath(posixpath.join(pkg, target), bindir)))
            if n not in PACKAGE_MANAGERS:
                # a tool of its own: copied when the command runs it (pm2-runtime), not for `node app.js`
                artifacts.append(replace(self._artifact(cmd, line, folder or pkg, "global"), loaded=False))
        if folder and artifacts:
            artifacts = artifacts[:1]        # yarn's global folder holds them all
        shown = ", ".join(names)
        note = (f"{manager} global install of {shown}: {', '.join(a.path for a in artifacts)}" if artifacts else
                f"{manager} global install of {shown}: a package manager the build uses; the runtime image has its own")
        return CommandEffect(writes=tuple(writes), trees=tuple(trees), caches=caches, artifacts=tuple(artifacts),
                             links=tuple(links), note=note)

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
        berry = sources.read(_abs(cmd.cwd, ".yarnrc.yml")) if name == "yarn" else None
        if berry is not None:
            # Yarn 2+: its cache (.yarn/cache, or ~/.yarn/berry with enableGlobalCache) holds zip archives
            # only the install reads when node_modules is linked; Plug'n'Play loads the app's packages
            # from those archives through .pnp.cjs instead (no node_modules).
            caches = (posixpath.join(home, ".yarn/berry"), _abs(cmd.cwd, ".yarn/cache"), _abs(cmd.cwd, ".yarn/install-state.gz"))
            linker = re.search(r"^nodeLinker:\s*[\"']?([\w-]+)", berry, re.M)
            if linker is None or linker.group(1) == "pnp":
                pnp = _abs(cmd.cwd, ".pnp.cjs")
                return CommandEffect(reads=(_abs(cmd.cwd, "package.json"),), writes=(pnp, _abs(cmd.cwd, ".pnp.loader.mjs")),
                                     trees=(_abs(cmd.cwd, ".yarn/unplugged"),), caches=caches,
                                     artifacts=(self._artifact(cmd, line, pnp, "pnp"),),
                                     note="yarn install (Plug'n'Play): .pnp.cjs and the packages in Yarn's cache")
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
        modifies: list[str] = []
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
                modifies.extend(eff.modifies)
                artifacts.extend(eff.artifacts)
        return CommandEffect(trees=tuple(trees), deletes=tuple(deletes), modifies=tuple(modifies), artifacts=tuple(artifacts),
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
            if not project.endswith(".json"):
                project = posixpath.join(project, "tsconfig.json")   # -p takes a folder too (`tsc -p .`)
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
            # a browser bundle (index.html and assets): served, never run by Node.js
            out = _abs(cmd.cwd, "dist")
            return CommandEffect(trees=(out,), artifacts=(self._artifact(cmd, line, out, "bundle"),))
        elif tool == "next" and rest == ["build"]:
            return self._next_build(cmd, line, sources)
        elif tool == "prisma" and rest[:1] == ["generate"] and all(
                a.startswith("--schema") or a in ("--no-hints", "--no-engine") or (i and rest[i] == "--schema")
                for i, a in enumerate(rest[1:], 1)):
            # the client generated into node_modules/.prisma/client and node_modules/@prisma/client
            nm = _abs(cmd.cwd, "node_modules")
            return CommandEffect(modifies=(nm,), note=f"prisma generate: the Prisma client, written into {nm}")
        if out is None:
            return None
        return CommandEffect(trees=(out,), artifacts=(self._artifact(cmd, line, out, "build"),))

    def _next_build(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        """`next build`: .next/ (its cache/ is the build's, never carried); with `output:
        'standalone'` the artifact is .next/standalone/ (server.js and the node_modules it
        traced), with `output: 'export'` the static site in out/."""
        config = "\n".join(sources.read(_abs(cmd.cwd, f"next.config.{e}")) or "" for e in ("js", "mjs", "cjs", "ts"))
        if "distDir" in config:
            return None
        dot_next = _abs(cmd.cwd, ".next")
        output = _next_output(config)
        if output is None:
            return None                      # `output:` set by an expression: which folder it fills is not read
        caches = (posixpath.join(dot_next, "cache"),)
        if output == "standalone":
            out = posixpath.join(dot_next, "standalone")
            return CommandEffect(trees=(dot_next,), caches=caches, artifacts=(self._artifact(cmd, line, out, "standalone"),),
                                 note=f"next build (output: 'standalone'): the server in {out}")
        if output == "export":
            out = _abs(cmd.cwd, "out")
            return CommandEffect(trees=(dot_next, out), caches=caches, artifacts=(self._artifact(cmd, line, out, "build"),),
                                 note=f"next build (output: 'export'): the static site in {out}")
        return CommandEffect(trees=(dot_next,), caches=caches, artifacts=(self._artifact(cmd, line, dot_next, "build"),))

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
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        if not argv:
            return None
        launch = self._launch(argv, build_image, files, workdir)
        folders = [d for d in (env or {}).get("NODE_PATH", "").split(":") if d.startswith("/")]
        if launch is not None and not launch.refuse and launch.installed and files is not None and folders:
            # NODE_PATH: node resolves bare requires there too (a global folder): what the build put
            # there is loaded like the app's node_modules
            launch = replace(launch, paths=(*launch.paths, *(
                d for d in folders if files.exists(d) and d not in launch.paths)))
        options = (env or {}).get("NODE_OPTIONS", "")
        if launch is None or launch.refuse or not options.strip():
            return launch
        # NODE_OPTIONS reaches every node the command starts (npm's and pm2's too)
        try:
            words = shlex.split(options)
        except ValueError:
            words = options.split()
        loaded = _node_launch(["node", *words, "-e", ""])
        if loaded.refuse:
            return replace(launch, refuse=f"ENV NODE_OPTIONS={options}: " + loaded.refuse.removeprefix("the image runs "))
        preloads = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-r", "--require", "--import", "--loader",
                                                                              "--experimental-loader")]
        if preloads and launch.needs is not None and launch.needs.build_after:
            # a module loaded before the app may load any package: not scanned, so no prune
            return replace(launch, needs=replace(
                launch.needs, build_after=(), build_after_why="", decisions=(*(
                    d for d in launch.needs.decisions if d.topic != "dev dependencies"), Decision(
                    "dev dependencies", "kept", f"ENV NODE_OPTIONS loads {', '.join(preloads)} before the app, which "
                    "the source scan does not read"))))
        return launch

    def _launch(self, argv: Sequence[str], build_image: str, files: SourceView | None, workdir: str) -> Launch | None:
        name = posixpath.basename(argv[0])
        if name == "node" or name == "nodejs":
            launch = _node_launch(argv)
            if files is not None and launch.paths:
                launch = replace(launch, paths=tuple(_as_node_finds(p, workdir, files) for p in launch.paths))
            if any("/.next/standalone/" in posixpath.normpath(posixpath.join(workdir, p)) for p in launch.paths):
                # Next.js's standalone server: it changes to its own folder and loads only what next
                # build traced into .next/standalone (node_modules, the compiled app, public/ and
                # .next/static copied there): neither the project's node_modules nor its folder
                return replace(launch, installed=False, carry=False, needs=RuntimeNeeds(
                    libc="glibc", decisions=(Decision("Next.js standalone", "its folder only",
                                                      "server.js changes to .next/standalone and loads what next build "
                                                      "traced there; the project's node_modules and sources stay in the "
                                                      "build stage"),)))
            return _with_needs(launch, list(launch.paths), "", workdir, files, build_image)
        if name in _STATIC_SERVERS or (name == "npx" and _npx_tool(argv) in _STATIC_SERVERS):
            return None          # a static file server: heuristics/static_site.py's
        if name in ("pm2-runtime", "pm2-docker", "pm2"):
            launch = _pm2_launch(argv, files, workdir)
            entries = [p for p in launch.paths if not _PM2_CONFIG.search(p)]
            return _with_needs(launch, entries, "" if entries else "pm2's ecosystem file names no script this analysis "
                               "reads", workdir, files, build_image)
        if name == "npx" and files is not None and _npx_tool(argv) not in _DEV_TOOLS:
            # a bin of the project's own dependencies (npx prisma migrate deploy): npx runs it from
            # node_modules/.bin without downloading
            tool = _npx_tool(argv)
            pkg = _json(files, posixpath.join(workdir, "package.json"))
            if tool in _deps(pkg, "dependencies", "devDependencies", "optionalDependencies"):
                prod = tool in _deps(pkg, "dependencies", "optionalDependencies")
                return replace(Launch(name, installed=True), needs=RuntimeNeeds(libc="glibc", decisions=(
                    Decision("dev dependencies", "kept", f"the image runs `{' '.join(argv[:3])}`, a bin of the "
                             f"{'production' if prod else 'development'} dependency {tool}: node_modules is kept whole"),)))
        if name in _DEV_TOOLS or name == "npx":
            tool = _npx_tool(argv) if name == "npx" else name
            rest = argv[2:] if name == "npx" else argv[1:]
            why = _dev_tool_why(tool, rest) if tool in _DEV_TOOLS else f"npx {tool} may download and run a package at each start"
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
            entries, blocker, extra = _script_entries(files, workdir, script) if files is not None else ([], "", [])
            named = [e for e in entries if files is not None and _resolvable(files, workdir, e)] + extra
            return _with_needs(Launch(name, paths=("package.json", *named), installed=True), entries, blocker,
                               workdir, files, build_image)
        if name == "pnpm":
            return Launch(name, refuse="the image starts the app with pnpm, which the node runtime images do not ship")
        return None

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        if artifact.kind == "bundle":
            # files a browser loads: whatever serves them (nginx, a node server) brings its own runtime
            return RuntimeNeeds(libc="static", decisions=(Decision("browser bundle", artifact.path, f"{artifact.command} "
                                                                   "writes files a browser loads; no Node.js runs them"),))
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
        if artifact.kind == "global":
            libs, refuse, said = self._global_native(artifact)
            decisions.append(Decision("global package", artifact.path, said))
        if artifact.kind == "pnp":
            refuse = (f"a Yarn Plug'n'Play install ({artifact.path}): the packages are zip archives in Yarn's cache, "
                      "loaded through .pnp.cjs, which this analysis does not follow (nodeLinker: node-modules in "
                      ".yarnrc.yml installs a node_modules it does)")
        if artifact.kind in ("packages", "standalone"):
            libs, refuse, why = self._native(artifact, sources)
            if why:
                decisions.append(Decision("native modules", why[0], why[1]))
            if refuse is None and artifact.kind == "packages":
                decisions.append(Decision("node_modules", "copied whole",
                                          "as the build stage leaves it: devDependencies are left out only by a prune "
                                          "the command's analysis proves safe (see 'dev dependencies')"))
        if libs and img.family != "alpine" and not named and refuse is None:
            # the runtime packages for LIBS are named per Debian release: the runtime tag must name it
            if re.fullmatch(r"\d+", exact) and int(major) >= 18:
                version = f"{exact}-{img.release}"      # node:18 -> node:18-bookworm-slim, a tag that exists
                decisions.append(Decision("Node.js runtime", f"Node.js {major} ({version})",
                                          f"{', '.join(libs)} must be installed from {img.family} {img.release}: the "
                                          "runtime tag names that release"))
            else:
                refuse = (f"the packages need {', '.join(libs)} from the build's Debian release, and the runtime tag "
                          f"node:{exact}-slim does not name it: name the release in the build tag "
                          f"(node:{major}-{img.release})")
        # runs_commands: a Node app may spawn any program the build installed (ffmpeg, chromium):
        # the OS packages it installed are installed again, but compilers and headers.
        return RuntimeNeeds(libc=libc, runtime=Runtime("node", version), shared_libs=libs, refuse=refuse, runs_commands=True,
                            data_refs=tuple(data), decisions=tuple(decisions))

    @staticmethod
    def _global_native(artifact: BuiltArtifact) -> tuple[tuple[str, ...], str | None, str]:
        """(libraries, refusal, why) for a package `npm i -g` installed (no lockfile to read)."""
        if artifact.path.endswith("/yarn/global"):
            names = [n for n in (_package_name(w) for w in artifact.argv[3:] if not w.startswith("-")) if n]
        else:
            names = [artifact.path.split("node_modules/", 1)[-1]]
        libs: list[str] = []
        for n in names:
            if n in LINKS_OS_LIBRARY:
                mapped = LINKS_OS_LIBRARY[n]
                if mapped is None:
                    return (), f"the global package {n} links OS libraries (or needs programs) of the build image " \
                               "that the slim node image lacks and this analysis cannot name", ""
                libs.extend(mapped)
        unknown = [n for n in names if n not in PURE_JS_GLOBALS and n not in LINKS_OS_LIBRARY]
        why = (f"installed globally by `{artifact.command}` and copied whole; " +
               (f"{', '.join(unknown)} not known to be plain JavaScript: a native module it built needs the same "
                "C library and release, which the runtime image keeps" if unknown else "plain JavaScript"))
        return tuple(libs), None, why

    @staticmethod
    def _native(artifact: BuiltArtifact, sources: SourceView) -> tuple[tuple[str, ...], str | None, tuple[str, str] | None]:
        """(libraries, refusal, decision) for the installed packages' native modules."""
        project = artifact.source_dir
        names: set[str] = set()
        scripted: set[str] = set()
        by_name = False
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
            # lockfileVersion 1 (npm 5 and 6) does not mark install scripts: the packages are judged
            # by name, like those of a yarn.lock
            names = _v1_names(lock.get("dependencies"))
            by_name = True
        else:
            other = next((f for f in ("yarn.lock", "pnpm-lock.yaml") if sources.read(posixpath.join(project, f)) is not None), None)
            if other is None:
                return (), f"the install in {project} has no lockfile: which packages (and native modules) it installs " \
                           "is decided when it runs", None
            text = sources.read(posixpath.join(project, other)) or ""
            names = set(re.findall(r"""^\s*["']?/?(@?[a-z0-9][\w.-]*(?:/[\w.-]+)?)@""", text, re.M))
            if other == "pnpm-lock.yaml":
                scripted = _pnpm_requires_build(text)      # pnpm 7 and 8 mark them (requiresBuild: true)
            by_name = not scripted
            pkg = _json(sources, posixpath.join(project, "package.json")) or {}
            for field in ("dependencies", "devDependencies", "optionalDependencies"):
                if isinstance(pkg.get(field), dict):
                    names.update(pkg[field])
        if by_name:
            scripted = names & (SELF_CONTAINED | NATIVE_MODULES)
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
               "which the runtime image of the same release has" + (
                   " (the lockfile does not mark install scripts: packages are judged by name)" if by_name else "")) \
            if known else None
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
            rest = words[2:] if words[:1] == ["npx"] else words[1:]
            return (f"package.json's {name} script runs `{body}`: {_dev_tool_why(tool, rest)}, which needs the dev "
                    "dependencies and build tools at run time")
    return None


def _dev_tool_why(tool: str, args: Sequence[str]) -> str:
    """Why TOOL as the image's command needs the dev dependencies (`vite preview` is no
    development server: it serves the build with vite itself, a dev dependency)."""
    sub = next((a for a in args if not a.startswith("-")), "")
    if tool == "vite" and sub == "preview":
        return "vite preview serves the build with vite itself (a preview server, not meant for production)"
    return _DEV_TOOLS[tool]


_ENV_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=\S*")


def _script_entries(files: SourceView, workdir: str, script: str) -> tuple[list[str], str, list[str]]:
    """The files `npm run SCRIPT` starts with node (`node dist/main.js`, `cross-env X=1 node
    server`), relative to WORKDIR; why leaving out devDependencies is not proven safe for it
    ("" when it runs only node, or bins of production dependencies); other paths it needs
    (`next start`: .next)."""
    extra: list[str] = []
    pkg = _json(files, posixpath.join(workdir, "package.json"))
    scripts = _scripts(pkg)
    prod = _deps(pkg, "dependencies", "optionalDependencies")
    entries: list[str] = []
    blocker = ""
    for name in (f"pre{script}", script, f"post{script}"):
        if name not in scripts:
            continue
        for part in re.split(r"\s*(?:&&|\|\||;)\s*", scripts[name].strip()):
            try:
                words = shlex.split(part)
            except ValueError:
                return [], f"package.json's {name} script cannot be read", extra
            while words and _ENV_WORD.fullmatch(words[0]):
                words = words[1:]
            if words[:1] == ["cross-env"] and "cross-env" in prod:
                words = words[1:]
                while words and _ENV_WORD.fullmatch(words[0]):
                    words = words[1:]
            if not words:
                continue
            if words[0] in ("node", "nodejs"):
                launch = _node_launch(words)
                entries.extend(p for p in launch.paths if p not in entries)
                if not launch.paths:
                    blocker = blocker or f"package.json's {name} script runs `{part}`, which names no file"
            elif words[0] in ("echo", "true", "exit", ":"):
                continue
            elif words[:2] == ["next", "start"]:
                if files.exists(posixpath.join(workdir, ".next")) and ".next" not in extra:
                    extra.append(".next")
                blocker = blocker or "next start loads the pages next build compiled into .next, which the source scan cannot read"
            elif words[0] not in prod:
                blocker = blocker or (f"package.json's {name} script runs `{part}`: {words[0]} is not node nor the bin "
                                      "of a production dependency")
    if not entries:
        blocker = blocker or f"package.json's {script} script starts no file with node"
    return entries, blocker, extra


def _resolvable(files: SourceView, workdir: str, entry: str) -> bool:
    """ENTRY (as node resolves it: X, X.js, X/index.js) is a file of the image, or inside a
    folder a build step wrote (dist/ of tsc)."""
    path = posixpath.normpath(posixpath.join(workdir, entry))
    if any(files.exists(p) for p in (path, path + ".js", path + ".cjs", path + ".mjs", posixpath.join(path, "index.js"))):
        return True
    return any(path.startswith(a.rstrip("/") + "/") for a in files.built())


def _deps(pkg: Mapping | None, *fields: str) -> set[str]:
    out: set[str] = set()
    for f in fields:
        value = pkg.get(f) if pkg else None
        if isinstance(value, dict):
            out.update(value)
    return out


def _with_needs(launch: Launch, entries: list[str], blocker: str, workdir: str, files: SourceView | None,
                build_image: str) -> Launch:
    """LAUNCH with what its sources need (node_sources' scan of ENTRIES) and, when provably
    safe, the build stage's last RUN leaving devDependencies out of node_modules."""
    if launch.refuse or files is None:
        return launch
    needs = _scan(entries, workdir, files) or RuntimeNeeds(libc="glibc")
    if needs.refuse:
        return replace(launch, needs=needs)
    after, why, decision = _prune(entries, blocker, workdir, files, build_image, needs)
    return replace(launch, needs=replace(
        needs, build_after=after, build_after_why=why, decisions=(*needs.decisions, decision) if decision else needs.decisions))


def _prune(entries: list[str], blocker: str, workdir: str, files: SourceView, build_image: str,
           needs: RuntimeNeeds) -> tuple[tuple[str, ...], str, Decision | None]:
    """(build_after, its comment, the decision) for leaving devDependencies out: only when a
    lockfile was installed, the command runs node on files whose packages the source scan
    names, and each of those is a production dependency."""
    def no(why: str) -> tuple[tuple[str, ...], str, Decision]:
        return (), "", Decision("dev dependencies", "kept", why)
    installs = [a for a in files.built().values() if a.ecosystem == "node" and a.kind == "packages"]
    if len(installs) != 1:
        return ((), "", None) if not installs else no("several node_modules were installed: which one the app loads is not followed")
    art = installs[0]
    project, manager, args = art.source_dir, posixpath.basename(art.argv[0]) if art.argv else "npm", art.argv[1:]
    if any(a in ("--production", "--prod", "-P", "--omit=dev", "--only=production", "--only=prod") for a in args) or \
            any(a == "--omit" and args[i + 1:i + 2] == ("dev",) for i, a in enumerate(args)):
        return (), "", Decision("dev dependencies", "not installed", f"`{art.command}` installs no devDependencies")
    pkg = _json(files, posixpath.join(project, "package.json"))
    dev = _deps(pkg, "devDependencies")
    if not dev:
        return (), "", Decision("dev dependencies", "none", "package.json has no devDependencies")
    if blocker:
        return no(blocker)
    if not entries:
        return no("the command names no file that node runs")
    lock_name = {"npm": "package-lock.json", "yarn": "yarn.lock", "pnpm": "pnpm-lock.yaml"}.get(manager, "")
    if manager == "npm" and files.read(posixpath.join(project, lock_name)) is None:
        lock_name = "npm-shrinkwrap.json"
    if not lock_name or files.read(posixpath.join(project, lock_name)) is None:
        return no(f"`{art.command}` installed no lockfile: what a prune would keep is not pinned")
    if manager == "yarn" and files.read(posixpath.join(project, ".yarnrc.yml")) is not None:
        return no("a Yarn 2+ project (.yarnrc.yml) is not pruned")
    from . import node_sources
    required = node_sources.required_packages(entries, workdir, files)
    if required is None:
        why = node_sources.unknown_packages_reason(entries, workdir, files) or "the packages the app loads are not known"
        return no(f"the packages the app loads are not all known ({why})")
    wanted = set(required)
    for ref in needs.data_refs:            # express.static('node_modules/bootstrap/dist')
        if "node_modules/" in ref.pattern:
            rest = ref.pattern.split("node_modules/", 1)[1].split("/")
            wanted.add("/".join(rest[:2]) if rest[0].startswith("@") else rest[0])
    prod = _deps(pkg, "dependencies", "optionalDependencies", "peerDependencies")
    lock_dev = _lock_dev_flags(files, posixpath.join(project, lock_name)) if manager == "npm" else {}
    for name in sorted(wanted):
        if name in prod:
            continue
        if name in dev:
            return no(f"the app loads {name}, a devDependency")
        if lock_dev.get(name) is False:
            continue                        # a production package by the lockfile (a dependency's dependency)
        return no(f"the app loads {name}, which is not among package.json's dependencies")
    # A production package may load a peer dependency it declares (ValidationPipe of @nestjs/common
    # loads class-validator) that the project installed only as a devDependency: the lockfile
    # records peers (package-lock v2/v3) or the prune is not proven safe.
    types_only = all(d.startswith("@types/") for d in dev)
    peers = _lock_peers(files, posixpath.join(project, lock_name)) if manager == "npm" else None
    if peers is None and not types_only:
        return no(f"{lock_name} does not record the packages' peer dependencies: a production package may load "
                  "one the project installed as a devDependency")
    for holder, peer in sorted(peers or ()):
        if lock_dev.get(peer) or (peer in dev and peer not in prod):
            return no(f"the production package {holder} may load its peer dependency {peer}, installed only as a "
                      "devDependency")
    shown = ", ".join(sorted(wanted))
    if manager == "npm":
        major = re.match(r"(\d+)", build_image.split("@")[0].partition(":")[2])
        flag = "--omit=dev" if major is None or int(major.group(1)) >= 16 else "--production"
        cmd = f"npm prune {flag}"
    elif manager == "yarn":
        text = files.read(posixpath.join(project, "yarn.lock")) or ""
        native = sorted(n for n in set(re.findall(r'^"?(@?[a-z0-9][\w.-]*(?:/[\w.-]+)?)@', text, re.M))
                        if n in SELF_CONTAINED or n in LINKS_OS_LIBRARY)
        if native:
            return no(f"yarn would relink node_modules with --ignore-scripts, and {native[0]} builds a native module")
        cmd = "yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline"
    elif manager == "pnpm":
        cmd = "pnpm prune --prod"
    else:
        return no(f"{manager} installs are not pruned")
    after = (f"cd {project}", cmd) if project != posixpath.normpath(workdir) else (cmd,)
    # with nothing loaded, "only no package, production dependencies" would read as nonsense
    loads = f"only {shown}, production dependencies" if wanted else "no installed package"
    why = f"devDependencies left out of {posixpath.join(project, 'node_modules')}: the app loads {loads}"
    because = (f"load {shown}: each is a production dependency by package.json and {lock_name}" if wanted
               else f"load no package from node_modules ({lock_name} read)")
    return after, why, Decision("dev dependencies", f"left out ({cmd})", f"the files node runs ({', '.join(entries)}) {because}")


def _v1_names(deps: object) -> set[str]:
    """Every package of a lockfileVersion 1 `dependencies` tree (nested ones too)."""
    out: set[str] = set()
    stack = [deps]
    while stack:
        d = stack.pop()
        if isinstance(d, dict):
            for name, meta in d.items():
                out.add(name)
                if isinstance(meta, dict):
                    stack.append(meta.get("dependencies"))
    return out


def _pnpm_requires_build(text: str) -> set[str]:
    """Packages a pnpm-lock.yaml (v5.4 to v8) marks `requiresBuild: true`."""
    out: set[str] = set()
    current = None
    for line in text.splitlines():
        m = re.match(r"""^ {2}["']?/?(@?[a-z0-9][\w.-]*(?:/[\w.-]+)?)@[^:]*["']?:\s*$""", line)
        if m:
            current = m.group(1)
        elif re.match(r"^ {0,2}\S", line):
            current = None
        elif current and re.match(r"^\s+requiresBuild:\s*true\s*$", line):
            out.add(current)
    return out


def _lock_peers(files: SourceView, lock: str) -> set[tuple[str, str]] | None:
    """(package, peer) for every production package of a package-lock.json v2/v3 (None for v1,
    which does not record peers)."""
    data = _json(files, lock) or {}
    if not isinstance(data.get("packages"), dict):
        return None
    out: set[tuple[str, str]] = set()
    for key, meta in data["packages"].items():
        if key and isinstance(meta, dict) and not meta.get("dev") and isinstance(meta.get("peerDependencies"), dict):
            out.update((key.rsplit("node_modules/", 1)[-1], peer) for peer in meta["peerDependencies"])
    return out


def _lock_dev_flags(files: SourceView, lock: str) -> dict[str, bool]:
    """Top-level packages of a package-lock.json (v1: `dependencies`, v2/v3: `packages`) -> whether
    they are dev-only (`"dev": true`; `devOptional` counts as dev)."""
    data = _json(files, lock) or {}
    out: dict[str, bool] = {}
    if isinstance(data.get("packages"), dict):
        for key, meta in data["packages"].items():
            if key.startswith("node_modules/") and "/node_modules/" not in key and isinstance(meta, dict):
                out[key[len("node_modules/"):]] = bool(meta.get("dev") or meta.get("devOptional"))
    elif isinstance(data.get("dependencies"), dict):
        for name, meta in data["dependencies"].items():
            if isinstance(meta, dict):
                out[name] = bool(meta.get("dev"))
    return out


def _next_output(config: str) -> str | None:
    """The `output` of next.config ("standalone", "export"; "" when not set); None when it is set
    by an expression this analysis does not evaluate."""
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", config, flags=re.S)
    values = re.findall(r"""\boutput\s*:\s*(["'`]?)([\w.$()?: '"-]*?)\1\s*[,}\n]""", code)
    found = {v for quote, v in values if quote and v in ("standalone", "export")}
    if any(not quote for quote, _ in values) or len(found) > 1:
        return None
    return found.pop() if found else ""


def _npx_tool(argv: Sequence[str]) -> str:
    """The package `npx [--yes] X ...` runs (X of X@version)."""
    rest = [a for a in argv[1:] if not a.startswith("-")]
    return (_package_name(rest[0]) or rest[0]) if rest else ""


# pm2-runtime options that take a value (`-i max`, `--env production`).
_PM2_VALUE_FLAGS = frozenset("-i --instances --env -n --name --max-memory-restart --node-args --interpreter "
                             "--interpreter-args --only --secret --public --machine-name --format --log-date-format "
                             "--cwd -o --output -e --error -l --log --kill-timeout --listen-timeout --restart-delay "
                             "--cron --cron-restart --namespace".split())
# pm2 reads a process file by its extension (pm2's Common.isConfigFile): JSON, YAML, *.config.js
_PM2_CONFIG = re.compile(r"(\.json|\.ya?ml|\.config\.[mc]?js)$")


def _pm2_launch(argv: Sequence[str], files: SourceView | None, workdir: str) -> Launch:
    """`pm2-runtime [start] app.js|ecosystem.config.js [opts] [-- args]` (and `pm2-docker`,
    `pm2 start ... --no-daemon`): pm2 runs in the foreground and starts the app with node.
    `pm2 start` without --no-daemon forks a daemon and returns: the container would stop."""
    name = posixpath.basename(argv[0])
    rest = list(argv[1:])
    if "--" in rest:
        rest = rest[:rest.index("--")]
    if name == "pm2":
        if rest[:1] not in (["start"], ["startOrReload"]):
            return Launch(name, refuse=f"the image runs `{' '.join(argv[:3])}`: only `pm2 start ... --no-daemon` "
                                       "(or pm2-runtime) keeps pm2 in the foreground")
        if "--no-daemon" not in rest:
            return Launch(name, refuse=f"the image runs `{' '.join(argv)}` without --no-daemon: pm2 starts a daemon "
                                       "and returns, so it is not the container's foreground program (use pm2-runtime)")
    if rest[:1] == ["start"]:
        rest = rest[1:]
    operands: list[str] = []
    i = 0
    while i < len(rest):
        a = rest[i]
        if a in _PM2_VALUE_FLAGS:
            if a == "--interpreter" and i + 1 < len(rest) and posixpath.basename(rest[i + 1]) in _DEV_TOOLS:
                return Launch(name, refuse=f"the image runs pm2 with `--interpreter {rest[i + 1]}`: "
                                           f"{_DEV_TOOLS[posixpath.basename(rest[i + 1])]}")
            i += 2
            continue
        if a in ("--watch", "-w"):
            return Launch(name, refuse=f"the image runs `{' '.join(argv)}`: --watch restarts on file changes, a "
                                       "development mode")
        if not a.startswith("-"):
            operands.append(a)
        i += 1
    if not operands:
        return Launch(name, refuse=f"the image runs `{' '.join(argv)}`, which names no app or ecosystem file")
    target = operands[0]
    if target in ("npm", "yarn"):
        return Launch(name, refuse=f"the image runs `{' '.join(argv)}`: pm2 starting {target} is not followed")
    if re.search(r"\.[mc]?ts$", target):
        return Launch(name, refuse=f"the image runs pm2 on the TypeScript source {target}: compile it (tsc) and run the output")
    paths = [target]
    if _PM2_CONFIG.search(target) and files is not None:
        apps, refuse = _pm2_apps(posixpath.normpath(posixpath.join(workdir, target)), files)
        if refuse:
            return Launch(name, refuse=refuse)
        paths += [posixpath.relpath(a, workdir) if a.startswith("/") else a for a in apps]
    return Launch(name, paths=tuple(dict.fromkeys(paths)), installed=True, on_path=True)


def _pm2_apps(config: str, files: SourceView) -> tuple[list[str], str | None]:
    """The scripts an ecosystem file starts (absolute), or the reason it is not followed."""
    text = files.read(config)
    if text is None:
        return [], None       # not readable (written by a RUN): pm2 reads it, the carry rule keeps it
    base = posixpath.dirname(config)
    out: list[str] = []
    cwds = re.findall(r"""\b["']?cwd["']?\s*:\s*["']?([^"',}\s]+)""", text)
    if cwds and len(set(cwds)) == 1:
        base = posixpath.normpath(posixpath.join(base, cwds[0]))
    elif cwds:
        return [], f"{config} starts apps in several folders ({', '.join(sorted(set(cwds)))}): not followed"
    # JSON and JavaScript quote the values; YAML (process.yml) may not
    for value in re.findall(r"""\b["']?interpreter["']?\s*:\s*["']?([^"',}\s]+)""", text):
        if posixpath.basename(value) not in ("node", "nodejs", "none"):
            return [], f"{config} runs its app with the interpreter {value}, which this analysis does not follow" + \
                (f" ({_DEV_TOOLS[posixpath.basename(value)]})" if posixpath.basename(value) in _DEV_TOOLS else "")
    for found in re.findall(r"""\b["']?script["']?\s*:\s*(?:["']([^"']+)["']|([^"',}\s]+))""", text):
        value = found[0] or found[1]
        tool = posixpath.basename(value.split()[0]) if value.split() else ""
        if tool in _DEV_TOOLS:
            return [], f"{config} starts `{value}`: {_DEV_TOOLS[tool]}, which needs the dev dependencies at run time"
        if tool in ("npm", "yarn") and len(value.split()) == 1:
            # `script: "npm", args: "start"`: pm2 runs the package.json script in the app's folder
            args = re.findall(r"""\b["']?args["']?\s*:\s*["']([^"']+)["']""", text)
            script = _manager_script(args[0].split(), tool) if len(args) == 1 else None
            if script is None:
                return [], f"{config} starts {tool} with arguments this analysis does not read"
            refuse = _dev_tool_script(files, script)
            if refuse:
                return [], refuse
            entries, _, _ = _script_entries(files, base, script)
            if not entries:
                return [], f"{config} starts `{tool} {args[0]}`, whose script starts no file with node"
            out.extend(posixpath.normpath(posixpath.join(base, e)) for e in entries)
            continue
        if tool in ("npm", "yarn", "pnpm") or re.search(r"\.[mc]?ts$", value):
            return [], f"{config} starts `{value}`, which this analysis does not follow"
        if re.search(r"\.[mc]?js$", value):
            out.append(posixpath.normpath(posixpath.join(base, value)))
    return out, None


def _scan(entries: Sequence[str], workdir: str, files: SourceView | None) -> RuntimeNeeds | None:
    """What the launched sources need: heuristics/node_sources.py's scan (None without files)."""
    if files is None or not entries:
        return None
    from . import node_sources  # here, not at the top: tree-sitter loads only when a Node app is scanned
    return node_sources.launch_needs(tuple(entries), workdir, files)


def _as_node_finds(path: str, workdir: str, files: SourceView) -> str:
    """`node src/server`: the file node loads for an entry without an extension (src/server.js,
    .cjs, .mjs, src/server/index.js), as the path to copy; PATH itself when the build has it."""
    full = posixpath.normpath(posixpath.join(workdir, path))
    if files.exists(full) and not files.is_dir(full) or "*" in path:
        return path
    for suffix in (".js", ".cjs", ".mjs", "/index.js", "/index.cjs", "/index.mjs"):
        if files.exists(full + suffix) and not files.is_dir(full + suffix):
            return path.rstrip("/") + suffix
    return path


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
