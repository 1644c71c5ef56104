"""What a Node.js app's own sources need at run time, read from its JavaScript and TypeScript
with tree-sitter (the JavaScript, TypeScript and TSX grammars): a library of heuristics/node.py
(no ecosystem of its own).

From the files the command runs (`/app/server.js`, `/app/dist/main.js`) and the local modules
they load (`require('./x')`, `import './x.js'`, `export … from '../y'`, `./x/index.js`, `.ts`,
`.tsx`, `.mjs`, `.cjs`, a folder's package.json `main`, tsconfig `paths`/`baseUrl` aliases,
every module of a folder loaded by a computed name such as sequelize's models/index.js),
forked scripts and worker_threads Workers, up to a bound (MAX_FILES files of MAX_BYTES):

- files the app reads, or writes into a folder that must exist: `fs.readFileSync/readFile/
  createReadStream/existsSync/readdirSync/…/writeFile/createWriteStream` (fs, fs/promises,
  fs-extra bindings), `new Database(file)`, given a path the scan can compute: a literal,
  `path.join/resolve(__dirname, 'x')`, `new URL('./x', import.meta.url)`, `process.cwd()`,
  `import.meta.dirname`, `process.env.X || 'default'`, a constant that holds one of those, in
  the same module or exported by another module of the app (`export const`, `exports.X`,
  `module.exports = {…}`, properties of object literals). `__dirname` forms become absolute
  (the module's folder at run time); a plain relative path is relative to WORKDIR, where node
  starts.
- folders a web framework serves or renders from: `express.static(X)`, `serve-static`,
  `koa-static`, `sirv`, `serve-favicon`, `res.sendFile(X[, {root}])`, `res.download`,
  `app.set('views', X)` (and express's default `views/` when a view engine is set and no views
  folder is), `@fastify/static`'s `root`, Nest's `useStaticAssets`/`setBaseViewsDir`/
  `ServeStaticModule.forRoot({rootPath})`/`ConfigModule.forRoot` (.env), hbs partials,
  nunjucks, express-handlebars' layoutsDir/partialsDir, `dotenv`'s `.env`.
- absolute path literals anywhere else (`'/etc/myapp/config.json'`) under a top-level
  folder of a Linux file system (etc, srv, opt, var, data, usr, ...), of WORKDIR or one the
  build made: never URLs, strings given to a router or HTTP client (`app.get('/api/users')`,
  `axios.get`, `@Get('/x')`), JSX attributes, `path:`/`url:`-like options, strings compared
  with `===`, with route parameters or spaces. The planner copies only the ones the build wrote.
- programs run through `child_process` (`exec`, `execSync`, `spawn`, `execFile`, their
  promisified aliases), `execa`, `cross-spawn`, `shelljs`: a literal program name goes to
  `commands` (each command of a shell line); a compiler or a package install at run time
  (`npm install`, `npx`, `tsc`, `gcc`, `node-gyp`, `pip install` …) is a refusal, and so is
  `require('ts-node/register')`.
- the packages the app loads (`required_packages`): bare names of require/import/export-from/
  dynamic import/require.resolve (`import type` left out: tsc erases it), express's view
  engine, the database drivers an ORM loads by the name in its options (sequelize `dialect`,
  knex `client`, typeorm `type`). None when one takes a computed name (`require(name)`), a
  local module cannot be read, a part that does not parse may load one, an ORM's dialect is
  computed, or the scan stops at its bound: the set is then not known, and pruning
  devDependencies cannot be proven safe.

Files a RUN wrote (tsc's `dist/`) cannot be read: the scan then reads the TypeScript sources
the build compiled from, found with tsconfig.json's (or tsconfig.build.json's) `outDir` and
`rootDir` (else the common folder of the project's sources, as tsc computes it from `include`
and `exclude`): `dist/main.js` -> `src/main.ts`, whose `__dirname` is still `dist/` at run
time. A bundle (esbuild, webpack, ncc) written by a RUN is not scanned: a decision says so.

Example: `/app/server.js` with `app.use(express.static(path.join(__dirname, 'public')))` and
`fs.readFileSync('/etc/shop/config.json')` -> data_refs `/app/public` (express.static) and
`/etc/shop/config.json` (fs.readFileSync); required packages {"express"}.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
import shlex
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from msgspec import Struct, field

from . import DataRef, Decision, RuntimeNeeds, SourceView

# Bounds: files followed, bytes per file, nesting of evaluated expressions.
MAX_FILES = 400
MAX_BYTES = 1_000_000
_MAX_EVAL = 12

_JS_EXT = (".js", ".mjs", ".cjs", ".jsx")
_TS_EXT = (".ts", ".tsx", ".mts", ".cts")
_RESOLVE_EXT = (".js", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts", ".jsx", ".json", ".node")
# `import './x.js'` in TypeScript names the compiled file: the source is x.ts (or .tsx).
_TS_FOR_JS = {".js": (".ts", ".tsx"), ".mjs": (".mts",), ".cjs": (".cts",), ".jsx": (".tsx",)}

NODE_BUILTINS = frozenset(
    "assert assert/strict async_hooks buffer child_process cluster console constants crypto dgram "
    "diagnostics_channel dns dns/promises domain events fs fs/promises http http2 https inspector "
    "inspector/promises module net os path path/posix path/win32 perf_hooks process punycode querystring "
    "readline readline/promises repl stream stream/consumers stream/promises stream/web string_decoder "
    "sys timers timers/promises tls trace_events tty url util util/types v8 vm wasi worker_threads zlib "
    "test sqlite sea".split())
_FS_MODULES = frozenset(("fs", "fs/promises", "fs-extra", "graceful-fs", "original-fs"))
# fs calls whose first argument is a path the app reads (or checks, or lists).
_FS_CALLS = frozenset(
    "readFileSync readFile createReadStream existsSync exists readdirSync readdir statSync stat lstatSync lstat "
    "accessSync access openSync open readJson readJsonSync readJSON readJSONSync opendir opendirSync "
    "realpathSync realpath pathExists pathExistsSync copyFile copyFileSync copy copySync cp cpSync "
    # writes: the folder that holds the file must be there (a log folder the build made)
    "writeFileSync writeFile appendFileSync appendFile createWriteStream outputFile outputFileSync".split())
# Module names used without a require in the same file (a global, a parameter): by convention.
_UNBOUND = {**{n: "fs" for n in ("fs", "fsp", "fse", "fsPromises", "fsExtra")}, "express": "express", "path": "path",
            "child_process": "child_process"}
_CHILD_MODULES = frozenset(("child_process", "execa", "cross-spawn", "shelljs", "node-pty"))
# child_process calls: those whose first argument is a shell command line, and those whose
# first argument is the program.
_SHELL_CALLS = frozenset(("exec", "execSync", "execCommand", "execaCommand", "execaCommandSync", "$"))
_PROGRAM_CALLS = frozenset(("spawn", "spawnSync", "execFile", "execFileSync", "execa", "execaSync", "sync"))
_STATIC_MODULES = frozenset(("serve-static", "koa-static", "sirv", "express-static-gzip", "serve-favicon", "koa-views"))
_FASTIFY_STATIC = frozenset(("@fastify/static", "fastify-static"))
# Methods that serve a folder (Nest's Express adapter) or name the views folder.
_FOLDER_METHODS = {"useStaticAssets": "app.useStaticAssets", "setBaseViewsDir": "app.setBaseViewsDir",
                   "registerPartials": "hbs.registerPartials"}
# Classes whose first argument is a file they open (or create).
_FILE_CLASSES = frozenset(("Database", "JSONFile", "JSONFileSync", "FileSync", "FileAsync", "JSONFilePreset"))
# Options (in any object literal) whose value is a folder or file a framework reads.
_PATH_OPTIONS = {"directory": "i18n directory", "layoutsDir": "layoutsDir", "partialsDir": "partialsDir", "envFilePath": "ConfigModule envFilePath",
                 "rootPath": "ServeStaticModule rootPath", "viewsDir": "viewsDir", "templatesDir": "templatesDir"}
# Router and HTTP client calls whose string arguments are routes or URLs, not files.
_ROUTE_CALLS = frozenset(
    "get post put patch delete del all use route head options redirect location fetch request link "
    "Get Post Put Patch Delete All Head Options Controller Redirect Render Sse Version Module "
    "register prefix mount on emit navigate push replace href open url setHeader header set "
    "subscribe publish of to join leave".split())
# Top-level folders of a Linux file system that hold data a server reads.
_DATA_ROOTS = frozenset("etc srv opt var data usr home mnt media run config secrets certs ssl".split())
# Programs that compile, build or install packages: needing them at run time means the runtime
# stage would need the build's toolchain.
_BUILD_PROGRAMS = {
    "tsc": "compiles TypeScript", "gcc": "compiles C", "g++": "compiles C++", "cc": "compiles C", "c++": "compiles C++",
    "clang": "compiles C", "make": "runs a build", "cmake": "runs a build", "node-gyp": "builds a native module",
    "go": "runs the Go toolchain", "javac": "compiles Java", "rustc": "compiles Rust", "cargo": "runs a Rust build",
    "esbuild": "bundles sources", "webpack": "bundles sources", "babel": "compiles sources", "swc": "compiles sources",
    "apt-get": "installs OS packages", "apt": "installs OS packages", "apk": "installs OS packages",
}
# Programs every official node image ships with the runtime (the runtime stage's base is one).
_RUNTIME_PROGRAMS = frozenset(("node", "nodejs", "npm", "corepack"))
_INSTALLERS = {"npm": ("install", "i", "ci", "add", "update", "rebuild"), "yarn": ("add", "install", ""),
               "pnpm": ("add", "install", "i"), "pip": ("install",), "pip3": ("install",), "npx": None}
_DB_URL = re.compile(r"(postgres|postgresql|mysql|mariadb|sqlite|mssql)://")
# Libraries that load a database driver by a name in their options (`dialect: 'postgres'` ->
# require('pg')): the option key, and the packages each value loads.
_Drivers = tuple[str, dict[str, tuple[str, ...]]]
_SEQUELIZE: _Drivers = ("dialect", {
    "postgres": ("pg", "pg-hstore"), "mysql": ("mysql2",), "mariadb": ("mariadb",), "sqlite": ("sqlite3",),
    "mssql": ("tedious",), "db2": ("ibm_db",), "oracle": ("oracledb",), "snowflake": ("snowflake-sdk",)})
_KNEX: _Drivers = ("client", {
    "pg": ("pg",), "postgres": ("pg",), "postgresql": ("pg",), "cockroachdb": ("pg",), "pgnative": ("pg-native",),
    "mysql": ("mysql",), "mysql2": ("mysql2",), "sqlite3": ("sqlite3",), "better-sqlite3": ("better-sqlite3",),
    "mssql": ("tedious",), "oracledb": ("oracledb",)})
_TYPEORM: _Drivers = ("type", {
    "postgres": ("pg",), "cockroachdb": ("pg",), "mysql": ("mysql", "mysql2"), "mariadb": ("mysql", "mysql2"),
    "sqlite": ("sqlite3",), "better-sqlite3": ("better-sqlite3",), "mssql": ("mssql",), "oracle": ("oracledb",),
    "mongodb": ("mongodb",), "sqljs": ("sql.js",)})
DRIVER_LOADERS: dict[str, _Drivers] = {
    "sequelize": _SEQUELIZE, "sequelize-typescript": _SEQUELIZE, "@nestjs/sequelize": _SEQUELIZE,
    "knex": _KNEX, "objection": _KNEX, "typeorm": _TYPEORM, "@nestjs/typeorm": _TYPEORM}
_COMPILE_AT_START = ("ts-node", "tsx", "@babel/register", "esbuild-register", "@swc/register", "@swc-node/register",
                     "sucrase/register")


class _Module(Struct, frozen=True, gc=False):
    source: str                # the file read (src/main.ts)
    runtime: str | None        # where it runs (/app/dist/main.js): __dirname is its folder; None: not known
    compiled: tuple[str, str] | None = None   # (rootDir, outDir) of the tsc build it comes from


class _Scan(Struct):
    workdir: str
    files: SourceView
    refs: list[DataRef] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    packages: set[str] = field(default_factory=set)
    runs_commands: bool = False
    refuse: str | None = None
    unknown: list[str] = field(default_factory=list)      # why the package set is not known
    decisions: list[Decision] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    view_engine: str | None = None
    views_set: bool = False
    constants: dict[str, _FileScan | None] = field(default_factory=dict)   # modules read for their exported values
    options: dict[str, list[str | None]] = field(default_factory=dict)      # dialect/client/type values (None: computed)
    chdir: str | None = None       # process.chdir(X): the folder relative paths are read from ("": not known)
    tsconfigs: dict[str, tuple[str | None, Any]] = field(default_factory=dict)   # folder -> its tsconfig and options


def launch_needs(entries: Sequence[str], workdir: str, files: SourceView) -> RuntimeNeeds:
    """What the files node runs (absolute paths) and the local modules they load need at run
    time: data_refs (absolute, or relative to WORKDIR), commands run by a literal name, and a
    refusal when they compile or install at run time."""
    scan = _scan(tuple(entries), workdir, files)
    decisions = list(scan.decisions)
    if scan.scanned:
        names = ", ".join(_short(p, workdir) for p in scan.scanned[:6]) + (" …" if len(scan.scanned) > 6 else "")
        decisions.insert(0, Decision("sources read", f"{len(scan.scanned)} file(s)",
                                     f"{names}: the files they read, serve and run are looked for there (tree-sitter)"))
    return RuntimeNeeds(libc="glibc", data_refs=tuple(scan.refs), commands=tuple(dict.fromkeys(scan.commands)),
                        runs_commands=scan.runs_commands, refuse=scan.refuse, decisions=tuple(decisions))


def required_packages(entries: Sequence[str], workdir: str, files: SourceView) -> frozenset[str] | None:
    """The bare package names ("express", "@nestjs/core") the entry files and the local modules
    they load require or import; None when the set is not known (a computed require, a module
    the scan cannot read or parse, the bound reached)."""
    scan = _scan(tuple(entries), workdir, files)
    if scan.unknown or not scan.scanned:
        return None
    return frozenset(scan.packages)


def unknown_packages_reason(entries: Sequence[str], workdir: str, files: SourceView) -> str | None:
    """Why required_packages is None (for a decision), else None."""
    scan = _scan(tuple(entries), workdir, files)
    if not scan.scanned:
        return "no source of the app could be read"
    return scan.unknown[0] if scan.unknown else None


# -- the walk ---------------------------------------------------------------------------------

_CACHE: dict[tuple[int, tuple[str, ...], str], _Scan] = {}


def _scan(entries: tuple[str, ...], workdir: str, files: SourceView) -> _Scan:
    entries = tuple(posixpath.normpath(posixpath.join(workdir, e)) for e in entries)   # relative: to WORKDIR
    key = (id(files), entries, workdir)
    hit = _CACHE.get(key)
    if hit is not None and hit.files is files:
        return hit
    scan = _Scan(workdir, files)
    _walk(scan, entries)
    if scan.view_engine and not scan.views_set:
        scan.refs.append(DataRef("views", scan.view_engine, "express's default views folder"))
    if scan.chdir:
        # process.chdir(X): relative paths are X's, not WORKDIR's
        scan.refs = [r if r.pattern.startswith("/") else DataRef(posixpath.join(scan.chdir, r.pattern), r.where, r.how)
                     for r in scan.refs]
    elif scan.chdir == "":
        scan.decisions.append(Decision("working directory", "changed", "the app calls process.chdir with a folder the scan "
                                       "cannot compute: relative paths are read as relative to WORKDIR"))
    _drivers(scan)
    for path in [r.pattern for r in scan.refs] + scan.commands:
        # express.static(join(__dirname, 'node_modules/bootstrap/dist')): a package it reads files of
        if "node_modules/" in path:
            rest = path.rsplit("node_modules/", 1)[1]
            if rest.startswith(".bin/"):
                scan.unknown.append(f"it runs {path}: which package installs that program is not read")
            elif rest and not rest.startswith("."):
                scan.packages.add(_bare(rest))
    # one ref a path: what reads it rather than the literal that names it
    named = {r.pattern for r in scan.refs if r.how != "string literal"}
    scan.refs = [r for r in scan.refs if r.how != "string literal" or r.pattern not in named]
    scan.refs = list({r.pattern: r for r in reversed(scan.refs)}.values())[::-1]
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[key] = scan
    return scan


def _drivers(scan: _Scan) -> None:
    """The database drivers an ORM the app loads requires by the name in its options."""
    for orm in sorted(scan.packages & set(DRIVER_LOADERS)):
        key, drivers = DRIVER_LOADERS[orm]
        values = scan.options.get(key, [])
        known = [v for v in values if v in drivers]
        if not known or None in values:
            scan.unknown.append(f"{orm} loads its database driver by the `{key}` it is given, which the scan cannot read")
            scan.decisions.append(Decision("packages it loads", "not known", f"{orm} requires the database driver its `{key}` "
                                           "option names, and the scan finds no literal value for it"))
            continue
        for v in known:
            scan.packages.update(drivers[v])


def _walk(scan: _Scan, entries: tuple[str, ...]) -> None:
    files = scan.files
    todo: list[_Module] = []
    for entry in entries:
        mod = _entry_module(entry, scan)
        if mod is not None:
            todo.append(mod)
    seen: set[str] = set()
    while todo:
        mod = todo.pop(0)
        if mod.source in seen:
            continue
        seen.add(mod.source)
        if len(seen) > MAX_FILES:
            scan.unknown.append(f"more than {MAX_FILES} local modules: the scan stopped")
            scan.decisions.append(Decision("sources", "partly read", f"the scan stops after {MAX_FILES} files"))
            return
        text = files.read(mod.source)
        if text is None:
            continue
        if len(text) > MAX_BYTES:
            scan.unknown.append(f"{mod.source} is larger than the scan reads")
            scan.decisions.append(Decision("sources", f"{_short(mod.source, scan.workdir)} not read",
                                           f"larger than {MAX_BYTES} bytes (a bundle?): what it reads is not known"))
            continue
        scan.scanned.append(mod.source)
        tree = _parse(mod.source, text)
        if tree is None:
            continue
        if tree.root_node.has_error:
            bad = _error_text(tree.root_node, text.encode("utf-8"))
            # A part the grammar cannot read (a syntax error, or automatic semicolon insertion it
            # does not follow) may hide a require: then the packages it loads are not known.
            if any(w in bad for w in ("require", "import", "export")):
                scan.unknown.append(f"{mod.source} does not parse where it loads modules")
            scan.decisions.append(Decision("sources", f"{_short(mod.source, scan.workdir)} partly read",
                                           f"it does not parse as JavaScript/TypeScript at line {bad.split(':', 1)[0]}: "
                                           "only what parsed was looked at"))
        try:
            deps = _FileScan(scan, mod, tree.root_node, text.encode("utf-8")).run()
        except (RecursionError, ValueError, AttributeError, IndexError, KeyError, TypeError) as e:
            # a file the scan fails on may read anything: no conversion rather than a guess
            scan.unknown.append(f"{mod.source} could not be scanned")
            scan.refuse = scan.refuse or (f"the source scan of {_short(mod.source, scan.workdir)} failed ({type(e).__name__}): "
                                          "the files it reads at run time are not known")
            continue
        todo.extend(dep for dep in deps if dep.source not in seen)


def _entry_module(entry: str, scan: _Scan) -> _Module | None:
    files = scan.files
    found = _resolve_file(entry, files, ts_source=False)
    if found is not None:
        return _Module(found, found)
    stem, ext = posixpath.splitext(entry)
    for runtime in ([entry] if ext in _JS_EXT else [entry + ".js", posixpath.join(entry, "index.js")]):
        mapped = _ts_source(runtime, scan)
        if mapped is not None:
            return mapped
    scan.unknown.append(f"{entry} cannot be read")
    folder = files.unlisted_folder(entry)
    why = (f"{folder} is written by a build step whose sources this scan does not map back (a bundler?)" if folder
           else "it is not a file of the build context")
    scan.decisions.append(Decision("sources", f"{_short(entry, scan.workdir)} not read",
                                   f"{why}: the files it reads at run time are not looked for"))
    return None


def _resolve_file(path: str, files: SourceView, ts_source: bool) -> str | None:
    """The file node loads for PATH (exact, with an extension added, or a folder's index or
    package.json main); TS_SOURCE: also the .ts source a `./x.js` in TypeScript names."""
    path = posixpath.normpath(path)
    stem, ext = posixpath.splitext(path)
    candidates = [path]
    if ts_source and ext in _TS_FOR_JS:
        candidates += [stem + e for e in _TS_FOR_JS[ext]]
    candidates += [path + e for e in _RESOLVE_EXT]
    main = _package_main(path, files)
    if main:
        candidates += [main] + [main + e for e in _RESOLVE_EXT]
    candidates += [posixpath.join(path, "index" + e) for e in _RESOLVE_EXT]
    for c in candidates:
        if files.read(c) is not None:
            return c
    return None


def _package_main(folder: str, files: SourceView) -> str | None:
    text = files.read(posixpath.join(folder, "package.json"))
    if not text:
        return None
    obj = _json_object(text)
    main = obj.get("main") if isinstance(obj, dict) else None
    return posixpath.normpath(posixpath.join(folder, main)) if isinstance(main, str) and main else None


# -- compiled TypeScript: the sources of tsc's output -----------------------------------------------

class _TsProject(Struct, frozen=True, gc=False):
    config: str
    folder: str
    out_dir: str
    root_dir: str


def _ts_source(runtime: str, scan: _Scan) -> _Module | None:
    for project in _ts_projects(runtime, scan):
        rel = posixpath.relpath(runtime, project.out_dir)
        # rootDir as tsc computes it first; the project's folder and its src/ when the
        # inference missed (an `exclude` pattern this reading does not follow)
        for root in dict.fromkeys((project.root_dir, posixpath.join(project.folder, "src"), project.folder)):
            stem, ext = posixpath.splitext(posixpath.join(root, rel))
            for e in _TS_FOR_JS.get(ext, ()) + (ext,):
                if scan.files.read(stem + e) is not None:
                    scan.decisions.append(Decision("sources", f"{_short(runtime, scan.workdir)} read from {_short(stem + e, scan.workdir)}",
                                                   f"the build compiles {_short(root, scan.workdir) or '.'} into "
                                                   f"{_short(project.out_dir, scan.workdir)} ({project.config})"))
                    return _Module(stem + e, runtime, (root, project.out_dir))
    return None


def _ts_projects(runtime: str, scan: _Scan) -> Iterator[_TsProject]:
    """The TypeScript projects (tsconfig.build.json, tsconfig.json) whose outDir holds RUNTIME."""
    folder = posixpath.dirname(runtime)
    folders = []
    while True:
        folders.append(folder)
        if folder == "/":
            break
        folder = posixpath.dirname(folder)
    for d in folders:
        for name in ("tsconfig.build.json", "tsconfig.json"):
            project = _ts_project(posixpath.join(d, name), scan.files)
            if project is not None and (runtime + "/").startswith(project.out_dir.rstrip("/") + "/"):
                yield project


def _nearest_tsconfig(folder: str, files: SourceView) -> str | None:
    while True:
        path = posixpath.join(folder, "tsconfig.json")
        if files.read(path) is not None:
            return path
        if folder == "/":
            return None
        folder = posixpath.dirname(folder)


@lru_cache(maxsize=64)
def _ts_options_cached(text: str) -> dict[str, Any] | None:
    obj = _json_object(text)
    return obj if isinstance(obj, dict) else None


def _ts_options(path: str, files: SourceView, depth: int = 0) -> tuple[dict[str, Any], list[str], list[str]] | None:
    """compilerOptions (with `extends` of relative files merged), `include` and `exclude` of a
    tsconfig; option paths made absolute."""
    text = files.read(path)
    if text is None or depth > 4:
        return None
    cfg = _ts_options_cached(text)
    if cfg is None:
        return None
    folder = posixpath.dirname(path)
    opts: dict[str, Any] = {}
    include: list[str] = []
    exclude: list[str] = []
    ext = cfg.get("extends")
    if isinstance(ext, str) and ext.startswith("."):
        parent = _ts_options(posixpath.normpath(posixpath.join(folder, ext if ext.endswith(".json") else ext + ".json")),
                             files, depth + 1)
        if parent is not None:
            opts, include, exclude = dict(parent[0]), list(parent[1]), list(parent[2])
    own = cfg.get("compilerOptions")
    if isinstance(own, dict):
        for k, v in own.items():
            if k in ("outDir", "rootDir", "baseUrl") and isinstance(v, str):
                opts[k] = posixpath.normpath(posixpath.join(folder, v))
            else:
                opts[k] = v
    if isinstance(cfg.get("include"), list):
        include = [posixpath.normpath(posixpath.join(folder, i)) for i in cfg["include"] if isinstance(i, str)]
    if isinstance(cfg.get("exclude"), list):
        exclude = [posixpath.normpath(posixpath.join(folder, i)) for i in cfg["exclude"] if isinstance(i, str)]
    return opts, include, exclude


def _ts_project(path: str, files: SourceView) -> _TsProject | None:
    found = _ts_options(path, files)
    if found is None:
        return None
    opts, include, exclude = found
    out = opts.get("outDir")
    if not isinstance(out, str):
        return None
    folder = posixpath.dirname(path)
    root = opts.get("rootDir")
    if not isinstance(root, str):
        root = _common_source_dir(folder, out, include, exclude, files)
    return _TsProject(path, folder, out, root)


def _common_source_dir(folder: str, out: str, include: list[str], exclude: list[str], files: SourceView) -> str:
    """tsc's rootDir when none is set: the longest common folder of the project's sources."""
    def excluded(f: str) -> bool:
        return any(f.startswith(e.rstrip("/") + "/") or fnmatch.fnmatchcase(f, e) for e in exclude)

    prefixes = []
    for i in include or [folder]:
        fixed = i.split("*")[0].split("?")[0]
        prefixes.append(fixed.rstrip("/") if fixed.endswith("/") or "*" not in i else posixpath.dirname(fixed))
    sources = [f for p in prefixes for f in files.files_under(p or "/")
               if f.endswith(_TS_EXT) and not f.endswith(".d.ts") and "/node_modules/" not in f
               and not f.startswith(out.rstrip("/") + "/") and not excluded(f)]
    if not sources:
        return folder
    common = posixpath.commonpath([posixpath.dirname(s) for s in sources])
    return common if common.startswith(folder) else folder


def _runtime_of(source: str, importer: _Module) -> _Module:
    """A local module the importer loads: JavaScript run as it is runs where it is; a source of
    the tsc build the importer comes from runs from the outDir (None: not known)."""
    if importer.compiled is None:
        return _Module(source, source if not source.endswith(_TS_EXT) else None)
    root, out = importer.compiled
    if not (source + "/").startswith(root.rstrip("/") + "/"):
        return _Module(source, None if source.endswith(_TS_EXT) else source)
    stem, ext = posixpath.splitext(posixpath.relpath(source, root))
    js = {".ts": ".js", ".tsx": ".js", ".mts": ".mjs", ".cts": ".cjs"}.get(ext, ext)
    return _Module(source, posixpath.join(out, stem + js), importer.compiled)


# -- parsing ---------------------------------------------------------------------------------------

@lru_cache(maxsize=3)
def _parser(kind: str):
    from tree_sitter import Language, Parser

    if kind == "js":
        import tree_sitter_javascript
        return Parser(Language(tree_sitter_javascript.language()))
    import tree_sitter_typescript
    lang = tree_sitter_typescript.language_tsx() if kind == "tsx" else tree_sitter_typescript.language_typescript()
    return Parser(Language(lang))


def _parse(path: str, text: str):
    kind = "tsx" if path.endswith(".tsx") else "ts" if path.endswith((".ts", ".mts", ".cts")) else "js"
    if path.endswith(".json") or path.endswith(".node"):
        return None
    try:
        return _parser(kind).parse(text.encode("utf-8"))
    except Exception:       # noqa: BLE001 - a parser failure is a file not read, never a crash
        return None


def _json_object(text: str) -> Any:
    """A JSON value with comments and trailing commas (tsconfig.json), read as a JavaScript
    expression by the same parser."""
    src = ("(" + text + ")").encode("utf-8")
    tree = _parser("js").parse(src)
    stmt = next((c for c in tree.root_node.named_children if c.type == "expression_statement"), None)
    if stmt is None or not stmt.named_children:
        return None
    return _literal(stmt.named_children[0], src)


def _literal(node, src: bytes) -> Any:
    t = node.type
    if t == "parenthesized_expression":
        inner = [c for c in node.named_children if c.type != "comment"]
        return _literal(inner[0], src) if inner else None
    if t == "object":
        out: dict[str, Any] = {}
        for pair in node.named_children:
            if pair.type != "pair":
                continue
            key = pair.child_by_field_name("key")
            value = pair.child_by_field_name("value")
            if key is None or value is None:
                continue
            k = _string(key, src) if key.type == "string" else _text(key, src)
            if k is not None:
                out[k] = _literal(value, src)
        return out
    if t == "array":
        return [_literal(c, src) for c in node.named_children if c.type != "comment"]
    if t == "string":
        return _string(node, src)
    if t in ("true", "false"):
        return t == "true"
    if t == "number":
        return _text(node, src)
    return None


def _text(node, src: bytes) -> str:
    return src[node.start_byte:node.end_byte].decode("utf-8", "replace")


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


def _string(node, src: bytes) -> str | None:
    """The value of a string literal, or of a template literal without substitutions."""
    if node.type not in ("string", "template_string"):
        return None
    out: list[str] = []
    for c in node.named_children:
        if c.type == "string_fragment":
            out.append(_text(c, src))
        elif c.type == "escape_sequence":
            e = _text(c, src)[1:]
            if e[:1] in ("u", "x"):
                return None
            out.append(_ESCAPES.get(e, e))
        elif c.type == "template_substitution":
            return None
    return "".join(out)


# -- one file ---------------------------------------------------------------------------------------

# A value the evaluator computes: a path (absolute, or relative to the working directory), or
# a marker for a module that was required.
class _Req(Struct, frozen=True, gc=False):
    module: str


class _Member(Struct, frozen=True, gc=False):
    module: str
    name: str


class _FileScan:
    def __init__(self, scan: _Scan, mod: _Module, root, src: bytes):
        self.scan, self.mod, self.root, self.src = scan, mod, root, src
        self.where_name = _short(mod.source, scan.workdir)
        self.ts = mod.source.endswith(_TS_EXT)
        self.consts: dict[str, list] = {}          # name -> value nodes it is given
        self.bindings: dict[str, _Req | _Member] = {}   # name -> the module (or module member) it holds
        self.deps: list[_Module] = []
        self.claimed: set[int] = set()             # string nodes already read as a path of a known call
        self.touched: list[int] = []               # string nodes the last evaluation read
        self.names: set[str] = set()               # variables the last evaluation went through
        self.idents: set[int] = set()              # identifier nodes the last evaluation went through
        self.via_names: list[tuple[set[str], list[int]]] = []   # literals reached through variables
        self.read_idents: set[int] = set()         # identifier nodes inside a reading call's path
        self.exports: dict[str, list] = {}         # exports.X = …, module.exports = …, export default …

    # entry point
    def run(self) -> list[_Module]:
        self._collect(self.root)
        for node in _walk_nodes(self.root):
            t = node.type
            if t == "call_expression":
                self._call(node)
            elif t == "new_expression":
                ctor = node.child_by_field_name("constructor")
                args = _args(node)
                if ctor is not None and args and _text(ctor, self.src).rsplit(".", 1)[-1] in _FILE_CLASSES:
                    # better-sqlite3, sqlite3, lowdb: a file it opens or creates
                    self._path_arg(args[0], f"new {_text(ctor, self.src).rsplit('.', 1)[-1]}")
                elif ctor is not None and args and _text(ctor, self.src) in ("Worker", "worker_threads.Worker"):
                    self._program_module(args[0], "new Worker")  # worker_threads: a script node runs
            elif t == "pair" and _key(node, self.src) in ("dialect", "client", "type"):
                value = node.child_by_field_name("value")
                literal = _string(value, self.src) if value is not None else None
                self.scan.options.setdefault(_key(node, self.src) or "", []).append(literal)
            elif t == "string" and _DB_URL.match(_string(node, self.src) or ""):
                scheme = (_string(node, self.src) or "").split(":", 1)[0]
                self.scan.options.setdefault("dialect", []).append({"postgresql": "postgres"}.get(scheme, scheme))
            elif t == "pair" and _key(node, self.src) in _PATH_OPTIONS:
                value = node.child_by_field_name("value")
                for v in (value.named_children if value is not None and value.type == "array" else [value] if value else []):
                    self._path_arg(v, _PATH_OPTIONS[_key(node, self.src) or ""])
            elif t in ("import_statement", "export_statement"):
                self._import(node)
        self._claim_through_variables()
        for node in _walk_nodes(self.root):
            if node.type in ("string", "template_string") and node.id not in self.claimed:
                self._literal(node)
        return self.deps

    def where(self, node) -> str:
        return f"{self.where_name}:{node.start_point[0] + 1}"

    # bindings ----------------------------------------------------------------------------------
    def _collect(self, root) -> None:
        for node in _walk_nodes(root):
            if node.type in ("assignment_expression", "augmented_assignment_expression"):
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and right is not None and left.type == "identifier":
                    self.consts.setdefault(_text(left, self.src), []).append(right)   # assigned again: not a constant
                elif left is not None and right is not None and node.type == "assignment_expression":
                    target = _text(left, self.src)
                    if target == "module.exports":
                        self.exports.setdefault("module.exports", []).append(right)
                    elif target.startswith(("exports.", "module.exports.")) and target.count(".") == target.startswith("module.") + 1:
                        self.exports.setdefault(target.rsplit(".", 1)[1], []).append(right)
            elif node.type == "export_statement":
                value = node.child_by_field_name("value")
                if value is not None and any(c.type == "default" for c in node.children):
                    self.exports.setdefault("default", []).append(value)
            elif node.type == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is None or value is None:
                    continue
                if name.type == "identifier":
                    self.consts.setdefault(_text(name, self.src), []).append(value)
                    req = self._module_value(value)
                    if req is not None:
                        self.bindings[_text(name, self.src)] = req
                elif name.type == "object_pattern":
                    req = self._module_value(value)
                    if isinstance(req, _Member) and req.name in ("promises", "default"):
                        req = _Req(req.module)      # const { readFile } = require('fs').promises
                    if isinstance(req, _Req):
                        for key, local in _pattern_names(name, self.src):
                            self.bindings[local] = _Member(req.module, key)
            elif node.type == "import_statement":
                source = _import_source(node)
                spec = _string(source, self.src) if source is not None else None
                if spec is None:
                    continue
                module = _module_id(spec)
                for clause in node.named_children:
                    if clause.type == "import_clause":
                        for part in clause.named_children:
                            if part.type == "identifier":
                                self.bindings[_text(part, self.src)] = _Req(module)
                            elif part.type == "namespace_import":
                                ident = next((c for c in part.named_children if c.type == "identifier"), None)
                                if ident is not None:
                                    self.bindings[_text(ident, self.src)] = _Req(module)
                            elif part.type == "named_imports":
                                for spec_node in part.named_children:
                                    if spec_node.type != "import_specifier":
                                        continue
                                    n = spec_node.child_by_field_name("name")
                                    a = spec_node.child_by_field_name("alias")
                                    if n is not None:
                                        self.bindings[_text(a or n, self.src)] = _Member(module, _text(n, self.src))
                    elif clause.type == "import_require_clause":
                        ident = next((c for c in clause.named_children if c.type == "identifier"), None)
                        if ident is not None:
                            self.bindings[_text(ident, self.src)] = _Req(module)

    def _module_value(self, value) -> _Req | _Member | None:
        """require('x') -> _Req('x'); require('x').y / promisify(require('x').y) / promisify(y) -> _Member."""
        while value.type in ("await_expression", "parenthesized_expression") and value.named_children:
            value = value.named_children[0]
        if value.type == "call_expression":
            fn = value.child_by_field_name("function")
            args = _args(value)
            if fn is not None and _text(fn, self.src) == "require" and len(args) == 1:
                spec = _string(args[0], self.src)
                return _Req(_module_id(spec)) if spec is not None else None
            if fn is not None and fn.type == "import" and len(args) == 1:
                spec = _string(args[0], self.src)
                return _Req(_module_id(spec)) if spec is not None else None
            if fn is not None and _text(fn, self.src).split(".")[-1] == "promisify" and len(args) == 1:
                return self._module_value(args[0])
        if value.type == "member_expression":
            obj, prop = value.child_by_field_name("object"), value.child_by_field_name("property")
            inner = self._module_value(obj) if obj is not None else None
            if isinstance(inner, _Req) and prop is not None:
                return _Member(inner.module, _text(prop, self.src))
        if value.type == "identifier":
            return self.bindings.get(_text(value, self.src))
        return None

    def _is_module(self, node, modules: frozenset[str]) -> bool:
        """NODE names one of MODULES (a binding of require/import, `fs.promises`)."""
        if node.type == "identifier":
            b = self.bindings.get(_text(node, self.src))
            if isinstance(b, _Req):
                return b.module in modules
            if isinstance(b, _Member):
                return b.module in modules and b.name in ("promises", "default")
            return False
        if node.type == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if obj is not None and prop is not None and _text(prop, self.src) in ("promises", "default"):
                return self._is_module(obj, modules)
        if node.type == "call_expression":
            b = self._module_value(node)
            return isinstance(b, _Req) and b.module in modules
        return False

    def _callee(self, fn) -> tuple[str | None, str]:
        """(module, function name) of a call: `fs.readFileSync` -> ("fs", "readFileSync"),
        `readFile` imported from fs/promises -> ("fs/promises", "readFile"), `res.sendFile` -> (None, "sendFile")."""
        if fn.type == "identifier":
            name = _text(fn, self.src)
            b = self.bindings.get(name)
            if isinstance(b, _Member):
                return b.module, b.name
            if isinstance(b, _Req):
                return b.module, ""
            return None, name
        if fn.type == "member_expression":
            obj, prop = fn.child_by_field_name("object"), fn.child_by_field_name("property")
            name = _text(prop, self.src) if prop is not None else ""
            if obj is None:
                return None, name
            inner = self._module_value(obj)
            if isinstance(inner, _Req):
                return inner.module, name
            if isinstance(inner, _Member) and inner.name in ("promises", "default"):
                return inner.module, name
            if inner is None and obj.type == "identifier":
                return _UNBOUND.get(_text(obj, self.src)), name
            if obj.type == "member_expression" and _text(obj, self.src) in ("fs.promises",):
                return "fs", name
            return None, name
        return None, ""

    # imports -----------------------------------------------------------------------------------
    def _import(self, node) -> None:
        source = _import_source(node)
        if source is None:
            return
        if any(c.type == "type" for c in node.children):
            self.claimed.add(source.id)
            return          # `import type`/`export type … from`: erased by the compiler
        self._load(source, "import")

    def _load(self, arg, how: str) -> None:
        self.claimed.add(arg.id)
        spec = _string(arg, self.src)
        if spec is None:
            value = self._eval(arg)
            folder = self._eval_folder(arg) if not isinstance(value, str) else None
            if isinstance(value, str) and (value.startswith("/") or value.startswith(".")):
                spec = value
            elif folder is not None and self._any_module_of(folder, arg, how):
                return
            else:
                self.scan.unknown.append(f"{self.where(arg)} loads a module whose name is computed: {_text(arg, self.src)[:60]}")
                self.scan.decisions.append(Decision("packages it loads", "not known",
                                                    f"{self.where(arg)}: `{how}({_text(arg, self.src)[:60]})` names a module "
                                                    "the scan cannot compute"))
                return
        if spec.startswith("node:") or spec in NODE_BUILTINS:
            return
        if spec == "dotenv/config":
            self.scan.refs.append(DataRef(".env", self.where(arg), "dotenv/config"))
        if any(spec == d or spec.startswith(d + "/") for d in _COMPILE_AT_START) and (
                spec.endswith("register") or spec in ("ts-node", "tsx") and how == "require"):
            self._refuse(f"{self.where(arg)} loads {spec}, which compiles the sources at each start and needs the dev "
                         "dependencies at run time")
        if spec.startswith(("./", "../")) or spec in (".", "..") or spec.startswith("/"):
            self._local(spec, arg, how)
            return
        if spec.startswith("#"):
            self.scan.unknown.append(f"{self.where(arg)} loads {spec}, a package.json `imports` alias")
            return
        local = self._ts_alias(spec)
        if local is not None:
            self._local(local, arg, how)
            return
        if spec.startswith(("file:", "data:", "http:", "https:")):
            self.scan.unknown.append(f"{self.where(arg)} loads {spec}")
            return
        self.scan.packages.add(_bare(spec))
        if _bare(spec) == "config":
            # node-config reads config/*.json (or NODE_CONFIG_DIR) from the working directory
            self.scan.refs.append(DataRef("config", self.where(arg), "node-config"))

    def _ts_alias(self, spec: str) -> str | None:
        """A TypeScript `paths` alias or a module under `baseUrl` (`@app/users`, `src/x`) that
        names a local file, by the nearest tsconfig.json above the source."""
        if not self.ts:
            return None
        folder = posixpath.dirname(self.mod.source)
        if folder not in self.scan.tsconfigs:
            config = _nearest_tsconfig(folder, self.scan.files)
            self.scan.tsconfigs[folder] = (config, _ts_options(config, self.scan.files) if config is not None else None)
        config, found = self.scan.tsconfigs[folder]
        if config is None or found is None:
            return None
        opts = found[0]
        base = opts.get("baseUrl") if isinstance(opts.get("baseUrl"), str) else None
        paths = opts.get("paths")
        for pattern, targets in (paths.items() if isinstance(paths, dict) else ()):
            if not isinstance(targets, list):
                continue
            head, star, tail = pattern.partition("*")
            if star and spec.startswith(head) and spec.endswith(tail) and len(spec) >= len(head) + len(tail):
                middle = spec[len(head):len(spec) - len(tail)]
            elif spec == pattern:
                middle = ""
            else:
                continue
            for t in targets:
                if isinstance(t, str):
                    target = posixpath.normpath(posixpath.join(base or posixpath.dirname(config), t.replace("*", middle)))
                    if _resolve_file(target, self.scan.files, ts_source=True) is not None:
                        return target
        if base is not None and _resolve_file(posixpath.join(base, spec), self.scan.files, ts_source=True) is not None:
            return posixpath.join(base, spec)
        return None

    def _to_source(self, path: str) -> str:
        """A path under the module's folder at run time (tsc's output), in its sources' folder."""
        if not self.mod.runtime or self.mod.runtime == self.mod.source:
            return path
        rel = posixpath.relpath(path, posixpath.dirname(self.mod.runtime))
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.mod.source), rel))

    def _any_module_of(self, folder: str, arg, how: str) -> bool:
        """`require(path.join(__dirname, file))`, `import(`./routes/${name}.js`)`: any module of
        FOLDER may be loaded; all of them are followed (False: the folder cannot be read)."""
        if folder.startswith("/"):
            src = self._to_source(folder) if self.scan.files.is_dir(self._to_source(folder)) else folder
        else:
            src = posixpath.normpath(posixpath.join(posixpath.dirname(self.mod.source), folder))
        found = [f for f in self.scan.files.files_under(src) if posixpath.dirname(f) == src
                 and f.endswith(_JS_EXT + _TS_EXT) and not f.endswith(".d.ts") and self.scan.files.read(f) is not None]
        if not found:
            return False
        self.scan.decisions.append(Decision("sources", f"every module of {_short(src, self.scan.workdir)}",
                                            f"{self.where(arg)}: `{how}({_text(arg, self.src)[:60]})` loads a module of that "
                                            "folder by a computed name: all of them are read"))
        for f in found:
            self.deps.append(_runtime_of(f, self.mod))
        return True

    def _local(self, spec: str, arg, how: str) -> None:
        base = posixpath.dirname(self.mod.source)
        target = posixpath.normpath(posixpath.join(base, spec))
        found = _resolve_file(target, self.scan.files, ts_source=self.ts)
        if found is None and spec.startswith("/") and self._to_source(spec) != spec:
            found = _resolve_file(self._to_source(spec), self.scan.files, ts_source=self.ts)
            if found is not None:
                spec = posixpath.relpath(found, base)
        if found is None:
            self.scan.unknown.append(f"{self.where(arg)} loads {spec}, which the scan cannot read")
            self.scan.decisions.append(Decision("sources", f"{spec} not read", f"{self.where(arg)} loads it; it is not a "
                                                "file of the build context the scan can read"))
            if spec.startswith("/"):
                self.scan.refs.append(DataRef(spec, self.where(arg), how))
            return
        dep = _Module(found, found) if spec.startswith("/") else _runtime_of(found, self.mod)
        wd = self.scan.workdir.rstrip("/") + "/"
        if dep.runtime is not None and not dep.runtime.startswith(wd):
            # a module outside the program's folder: it must be in the runtime stage too
            self.scan.refs.append(DataRef(dep.runtime, self.where(arg), how))
        if found.endswith(".json"):
            self._json_options(found)
        if found.endswith((".json", ".node")):
            return
        self.deps.append(dep)

    def _json_options(self, path: str) -> None:
        """dialect/client/type values of a JSON file the app loads (sequelize-cli's config/config.json)."""
        text = self.scan.files.read(path)
        if text is None or len(text) > MAX_BYTES:
            return
        todo = [_json_object(text)]
        while todo:
            value = todo.pop()
            if isinstance(value, dict):
                for k, v in value.items():
                    if k in ("dialect", "client", "type"):
                        self.scan.options.setdefault(k, []).append(v if isinstance(v, str) else None)
                    todo.append(v)
            elif isinstance(value, list):
                todo.extend(value)

    # calls -------------------------------------------------------------------------------------------
    def _call(self, node) -> None:
        fn = node.child_by_field_name("function")
        if fn is None:
            return
        args = _args(node)
        text = _text(fn, self.src)
        if text == "require" or fn.type == "import":
            if len(args) == 1:
                self._load(args[0], "require" if text == "require" else "import")
            elif fn.type == "import" or args:
                self.scan.unknown.append(f"{self.where(node)}: {text}() with {len(args)} arguments")
            return
        if text == "require.resolve" and args:
            spec = _string(args[0], self.src)
            if spec is not None and not spec.startswith((".", "/")) and not spec.startswith("node:"):
                self.claimed.add(args[0].id)
                if spec not in NODE_BUILTINS:
                    self.scan.packages.add(_bare(spec))
            return
        module, name = self._callee(fn)
        if module in _FS_MODULES and name in _FS_CALLS and args:
            self._path_arg(args[0], f"fs.{name}")
        elif module in _CHILD_MODULES or (module is None and name in ("execa", "execaSync")):
            self._child(node, module, name, args)
        elif module == "express" and name == "static" and args:
            self._path_arg(args[0], "express.static")
        elif module in _STATIC_MODULES and name in ("", "default") and args:
            self._path_arg(args[0], module)
        elif name in ("sendFile", "sendfile", "download") and module is None and args:
            self._send_file(args, f"res.{name}")
        elif name in _FOLDER_METHODS and args:
            self._path_arg(args[0], _FOLDER_METHODS[name])
            if name == "setBaseViewsDir":
                self.scan.views_set = True
        elif name == "set" and module is None and len(args) >= 2:
            key = _string(args[0], self.src)
            if key == "views":
                self.claimed.add(args[0].id)
                self.scan.views_set = True
                self._path_arg(args[1], "app.set")
            elif key == "view engine":
                self.claimed.add(args[0].id)
                self._view_engine(node, args[1])
        elif name == "setViewEngine" and args:
            self._view_engine(node, args[0])                  # Nest's express adapter: app.set('view engine', …)
        elif name == "register" and len(args) >= 2 and self._is_module(args[0], _FASTIFY_STATIC):
            self._option(args[1], "root", "@fastify/static root")
        elif name == "forRoot" and text.endswith("ConfigModule.forRoot"):
            opts = args[0] if args and args[0].type == "object" else None
            keys = {_key(p, self.src) for p in opts.named_children if p.type == "pair"} if opts is not None else set()
            if not keys & {"envFilePath", "ignoreEnvFile"}:
                self.scan.refs.append(DataRef(".env", self.where(node), "ConfigModule.forRoot"))
        elif name == "configure" and module == "nunjucks" and args:
            self._path_arg(args[0], "nunjucks.configure")
        elif name == "load" and module == "yamljs" and args:
            self._path_arg(args[0], "YAML.load")
        elif name == "chdir" and text == "process.chdir" and args:
            value = self._claiming(args[0])
            if isinstance(value, str):
                self.scan.chdir = posixpath.normpath(posixpath.join(self.scan.workdir, value))
            else:
                self.scan.chdir = ""
        elif name == "config" and module == "dotenv":
            self._dotenv(args, node)
        elif module in _FS_MODULES or module in ("path", "path/posix"):
            pass
        elif name in _ROUTE_CALLS:
            for a in args:
                if a.type in ("string", "template_string"):
                    self.claimed.add(a.id)

    def _view_engine(self, node, arg) -> None:
        self.scan.view_engine = self.scan.view_engine or self.where(node)
        engine = _string(arg, self.src)
        if engine and engine not in ("html",):
            self.claimed.add(arg.id)
            self.scan.packages.add(_bare(engine))     # express requires the engine by its name

    def _dotenv(self, args, node) -> None:
        path = None
        if args and args[0].type == "object":
            path = self._option_value(args[0], "path")
        if path is None:
            if args and args[0].type == "object" and any(_text(p, self.src).startswith("path") for p in args[0].named_children):
                return      # a path the scan cannot compute
            self.scan.refs.append(DataRef(".env", self.where(node), "dotenv.config"))
        elif isinstance(path, str):
            self.scan.refs.append(DataRef(path, self.where(node), "dotenv.config"))

    def _path_arg(self, arg, how: str) -> None:
        if arg.type in ("string", "template_string"):
            self.claimed.add(arg.id)
        value = self._claiming(arg)
        if isinstance(value, str) and value and "://" not in value:
            self.scan.refs.append(DataRef(posixpath.normpath(value), self.where(arg), how))

    def _send_file(self, args, how: str) -> None:
        root = self._option_value(args[1], "root") if len(args) > 1 and args[1].type == "object" else None
        if args[0].type in ("string", "template_string"):
            self.claimed.add(args[0].id)
        value = self._claiming(args[0])
        if not isinstance(value, str) or "://" in value:
            if isinstance(root, str):
                self.scan.refs.append(DataRef(posixpath.normpath(root), self.where(args[0]), how))
            return
        if isinstance(root, str):
            value = posixpath.join(root, value.lstrip("/"))
        elif not value.startswith("/"):
            return          # express refuses a relative path without root: never read
        self.scan.refs.append(DataRef(posixpath.normpath(value), self.where(args[0]), how))

    def _option(self, obj, key: str, how: str) -> None:
        if obj.type != "object":
            return
        for pair in obj.named_children:
            if pair.type == "pair" and _key(pair, self.src) == key:
                value = pair.child_by_field_name("value")
                if value is None:
                    continue
                for v in (value.named_children if value.type == "array" else [value]):
                    self._path_arg(v, how)
            elif pair.type == "shorthand_property_identifier" and _text(pair, self.src) == key:
                self._path_arg(pair, how)

    def _option_value(self, obj, key: str) -> object:
        for pair in obj.named_children:
            if pair.type == "pair" and _key(pair, self.src) == key:
                value = pair.child_by_field_name("value")
                if value is not None and value.type in ("string", "template_string"):
                    self.claimed.add(value.id)
                return self._claiming(value) if value is not None else None
            if pair.type == "shorthand_property_identifier" and _text(pair, self.src) == key:
                return self._claiming(pair)
        return None

    # programs it runs --------------------------------------------------------------------------
    def _child(self, node, module: str | None, name: str, args) -> None:
        self.scan.runs_commands = True
        if module == "child_process" and name == "fork" and args:
            self._program_module(args[0], "child_process.fork")
            return
        shell = name in _SHELL_CALLS or (module == "shelljs" and name == "exec")
        program = module in ("execa", "cross-spawn") and name in ("", "default", "sync") or name in _PROGRAM_CALLS
        if not (shell or program) or not args:
            return
        value = self._claiming(args[0])
        if args[0].type in ("string", "template_string"):
            self.claimed.add(args[0].id)
        if _text(args[0], self.src) == "process.execPath":
            value = "node"                 # spawn(process.execPath, ['worker.js']): node itself
        if not isinstance(value, str):
            first = _template_head(args[0], self.src) if args[0].type == "template_string" else None
            if first is None:
                return
            value = first
        argv: list[list[str]] = []
        if shell:
            argv = _shell_commands(value)
        else:
            rest = []
            if len(args) > 1 and args[1].type == "array":
                rest = [s for s in (_string(a, self.src) for a in args[1].named_children) if s is not None]
            argv = [[value, *rest]]
        for words in argv:
            if not words:
                continue
            prog = words[0]
            if "$" in prog or "`" in prog:
                continue
            if prog.startswith(("./", "../")):
                prog = posixpath.normpath(posixpath.join(self.scan.workdir, prog))    # relative to where node starts
            if prog not in _RUNTIME_PROGRAMS:
                self.scan.commands.append(prog)
            script = next((w for w in words[1:] if not w.startswith("-")), None)
            if posixpath.basename(prog) in ("node", "nodejs") and script is not None:
                self._follow_script(script, node, f"{name} node")     # spawn('node', ['worker.js'])
            if posixpath.basename(prog) in ("npm", "yarn", "pnpm") and len(words) > 1:
                # `npm run migrate`: a package.json script, whose programs may be devDependencies' bins
                self.scan.unknown.append(f"{self.where(node)} runs `{' '.join(words)[:60]}`, a script whose programs are not read")
            why = _build_use(words)
            if why == "installs packages" or why == "downloads and runs a package":
                self._refuse(f"{self.where(node)} runs `{' '.join(words)[:80]}` at run time: it {why} when the app runs, so "
                             "what the runtime image needs (packages, native modules and the tools that build them) is "
                             "decided then, not by the build")
            elif why:
                self._refuse(f"{self.where(node)} runs `{' '.join(words)[:80]}` at run time: it {why}, which needs the build "
                             "tools in the runtime image")

    def _program_module(self, arg, how: str) -> None:
        """A script node runs in another process or thread (`fork('./worker.js')`, `new Worker(…)`):
        a file it needs, and sources to read (relative to the working directory)."""
        value = self._claiming(arg)
        if isinstance(value, str) and "://" not in value:
            self._follow_script(value, arg, how)

    def _follow_script(self, value: str, arg, how: str) -> None:
        path = posixpath.normpath(posixpath.join(self.scan.workdir, value))
        self.scan.refs.append(DataRef(path, self.where(arg), how))
        found = _resolve_file(path, self.scan.files, ts_source=False)
        if found is not None:
            self.deps.append(_Module(found, found))
            return
        stem, ext = posixpath.splitext(path)
        for runtime in ([path] if ext in _JS_EXT else [path + ".js", posixpath.join(path, "index.js")]):
            mapped = _ts_source(runtime, self.scan)
            if mapped is not None:
                self.deps.append(mapped)
                return
        self.scan.unknown.append(f"{self.where(arg)} runs {value}, which the scan cannot read")

    def _refuse(self, reason: str) -> None:
        if self.scan.refuse is None:
            self.scan.refuse = reason

    # absolute literals -------------------------------------------------------------------------
    def _literal(self, node) -> None:
        value = _string(node, self.src)
        if value is None or not _absolute_path(value, self.scan):
            return
        parent = node.parent
        while parent is not None and parent.type in ("parenthesized_expression", "binary_expression", "ternary_expression",
                                                     "array", "arguments"):
            if parent.type == "arguments":
                call = parent.parent
                fn = call.child_by_field_name("function") if call is not None else None
                if fn is not None and (fn.type == "member_expression" or fn.type == "identifier"):
                    module, name = self._callee(fn)
                    if name in _ROUTE_CALLS and module not in _FS_MODULES | {"path", "path/posix"}:
                        return          # app.get('/x'), router.use, axios.get, socket.join: a route or a URL
                if call is not None and call.parent is not None and call.parent.type == "decorator":
                    return
            parent = parent.parent
        if parent is not None and parent.type in ("jsx_attribute", "literal_type", "import_statement", "export_statement",
                                                  "switch_case", "pair_pattern"):
            return
        if parent is not None and parent.type == "pair":
            key = _key(parent, self.src)
            if parent.child_by_field_name("key") == node or key in ("path", "url", "route", "prefix", "href", "to",
                                                                     "redirect", "redirectTo", "pathname", "basePath",
                                                                     "publicPath", "base", "endpoint", "uri", "link"):
                return
        op = node.parent.child_by_field_name("operator") if node.parent is not None and node.parent.type == "binary_expression" else None
        if op is not None and _text(op, self.src) in ("===", "==", "!==", "!="):
            return          # compared with a request's path: a route
        self.scan.refs.append(DataRef(posixpath.normpath(value), self.where(node), "string literal"))

    # evaluation --------------------------------------------------------------------------------------
    def _eval_folder(self, node) -> str | None:
        """The folder of a path whose last part is computed: `path.join(__dirname, file)`,
        `__dirname + '/' + name`, the template `./locales/${lang}.js`."""
        if node.type == "template_string":
            head = ""
            for c in node.named_children:
                if c.type == "string_fragment":
                    head += _text(c, self.src)
                elif c.type == "template_substitution":
                    inner = self._eval(c.named_children[0] if c.named_children else None)
                    if not isinstance(inner, str):
                        break
                    head += inner
                else:
                    return None
            else:
                return None
        elif node.type == "binary_expression":
            left = self._eval(node.child_by_field_name("left"))
            if not isinstance(left, str):
                return self._eval_folder(node.child_by_field_name("left")) if node.child_by_field_name("left") is not None else None
            head = left
        elif node.type == "call_expression":
            fn = node.child_by_field_name("function")
            module, name = self._callee(fn) if fn is not None else (None, "")
            args = _args(node)
            if not (module in ("path", "path/posix") and name in ("join", "resolve")) or len(args) < 2:
                return None
            known = [self._eval(a) for a in args[:-1]]
            if not all(isinstance(k, str) for k in known):
                return None
            joined = posixpath.join(*[str(k) for k in known])
            return posixpath.normpath(posixpath.join(self.scan.workdir, joined) if name == "resolve" else joined)
        else:
            return None
        if not head or not (head.startswith("/") or head.startswith(".")):
            return None
        return posixpath.normpath(head if head.endswith("/") else posixpath.dirname(head) or ".")

    def _target(self, node, depth: int) -> tuple[_FileScan, Any] | None:
        """The expression NODE stands for, maybe in another module of the app: follows constants,
        imports of local modules (`import { UPLOADS } from './config'`, `require('./paths').views`)
        and properties of object literals. (scan, None) is a module's namespace."""
        if depth > _MAX_EVAL:
            return None
        t = node.type
        if t in ("identifier", "shorthand_property_identifier"):
            name = _text(node, self.src)
            b = self.bindings.get(name)
            if isinstance(b, _Member) and b.module.startswith((".", "/")):
                return self._foreign(b.module, b.name, depth + 1)
            if isinstance(b, _Req) and b.module.startswith((".", "/")):
                return self._foreign(b.module, "*", depth + 1)
            values = self.consts.get(name, [])
            return (self, values[0]) if len(values) == 1 else None
        if t == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if obj is None or prop is None:
                return None
            found = self._target(obj, depth + 1)
            if found is None:
                return None
            scan, value = found
            key = _text(prop, self.src)
            if value is None:
                return scan._export(key, depth + 1)
            while value.type in ("parenthesized_expression", "as_expression", "satisfies_expression") and value.named_children:
                value = value.named_children[0]
            if value.type in ("identifier", "member_expression"):
                inner = scan._target(value, depth + 1)
                if inner is None:
                    return None
                scan, value = inner
                if value is None:
                    return scan._export(key, depth + 1)
            if value.type == "object":
                for pair in value.named_children:
                    if pair.type == "pair" and _key(pair, scan.src) == key:
                        v = pair.child_by_field_name("value")
                        return (scan, v) if v is not None else None
                    if pair.type == "shorthand_property_identifier" and _text(pair, scan.src) == key:
                        return scan._target(pair, depth + 1)
        return None

    def _export(self, name: str, depth: int) -> tuple[_FileScan, Any] | None:
        """What this module exports as NAME (a const it declares once, exports.NAME, a property
        of module.exports or of its default export)."""
        if depth > _MAX_EVAL:
            return None
        if len(self.consts.get(name, [])) == 1:
            return self, self.consts[name][0]
        if len(self.exports.get(name, [])) == 1:
            return self, self.exports[name][0]
        if name in ("*", "default") and len(self.exports.get("module.exports", [])) == 1:
            return self, self.exports["module.exports"][0]
        for whole in ("module.exports", "default"):
            if len(self.exports.get(whole, [])) == 1 and self.exports[whole][0].type == "object":
                for pair in self.exports[whole][0].named_children:
                    if pair.type == "pair" and _key(pair, self.src) == name:
                        v = pair.child_by_field_name("value")
                        return (self, v) if v is not None else None
                    if pair.type == "shorthand_property_identifier" and _text(pair, self.src) == name:
                        return self._target(pair, depth + 1)
        return None

    def _foreign(self, spec: str, name: str, depth: int) -> tuple[_FileScan, Any] | None:
        """The local module SPEC loads, read for its values: NAME of it ("*": the module)."""
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.mod.source), spec))
        found = _resolve_file(target, self.scan.files, ts_source=self.ts)
        if found is None or found.endswith((".json", ".node")):
            return None
        if found not in self.scan.constants:
            self.scan.constants[found] = None          # a cycle reads nothing
            text = self.scan.files.read(found)
            tree = _parse(found, text) if text is not None and len(text) <= MAX_BYTES else None
            if tree is not None and text is not None:
                read = _FileScan(self.scan, _runtime_of(found, self.mod), tree.root_node, text.encode("utf-8"))
                read._collect(read.root)
                self.scan.constants[found] = read
        other = self.scan.constants[found]
        if other is None:
            return None
        if name == "*":
            whole = other.exports.get("module.exports", [])
            return (other, whole[0]) if len(whole) == 1 else (other, None)
        return other._export(name, depth + 1)

    def _claiming(self, node) -> object:
        """_eval for a reading call's argument: the literals it is computed from are that call's
        path, not paths of their own (`const DIR = '/etc/app'` then `readFileSync(join(DIR, 'a'))`)."""
        self.touched, self.names, self.idents = [], set(), set()
        value = self._eval(node)
        if isinstance(value, str):
            if self.names:
                self.via_names.append((set(self.names), list(self.touched)))
                self.read_idents.update(self.idents)
            else:
                self.claimed.update(self.touched)
        return value

    def _claim_through_variables(self) -> None:
        """A literal reached through variables belongs to the reading calls only when every use
        of those variables is in a reading call's path (else, `glob(DIR + '/*.pem')` elsewhere:
        it stays a path of its own, and its folder is copied)."""
        uses: dict[str, list[int]] = {}
        for node in _walk_nodes(self.root):
            if node.type in ("identifier", "shorthand_property_identifier"):
                parent = node.parent
                if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("name") == node:
                    continue
                uses.setdefault(_text(node, self.src), []).append(node.id)
        for names, strings in self.via_names:
            if all(i in self.read_idents for n in names for i in uses.get(n, [])):
                self.claimed.update(strings)

    def _eval(self, node, depth: int = 0) -> object:
        """The path an expression computes (absolute, or relative to the working directory),
        or None when the scan cannot tell."""
        if node is None or depth > _MAX_EVAL:
            return None
        t = node.type
        if t in ("string", "template_string"):
            self.touched.append(node.id)
            s = _string(node, self.src)
            if s is not None or t == "string":
                return s
            parts: list[str] = []
            for c in node.named_children:
                if c.type == "string_fragment":
                    parts.append(_text(c, self.src))
                elif c.type == "template_substitution":
                    inner = self._eval(c.named_children[0] if c.named_children else None, depth + 1)
                    if not isinstance(inner, str):
                        return None
                    parts.append(inner)
                else:
                    return None
            return "".join(parts)
        if t in ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression",
                 "satisfies_expression", "type_assertion"):
            inner = [c for c in node.named_children if c.type not in ("comment", "type_annotation") and not c.type.endswith("_type")
                     and c.type not in ("type_identifier", "predefined_type", "generic_type")]
            return self._eval(inner[0], depth + 1) if inner else None
        if t in ("identifier", "shorthand_property_identifier"):
            name = _text(node, self.src)
            if name == "__dirname" and name not in self.consts:
                return posixpath.dirname(self.mod.runtime) if self.mod.runtime else None
            if name == "__filename" and name not in self.consts:
                return self.mod.runtime
            values = self.consts.get(name, [])
            if len(values) != 1:
                found = self._target(node, depth + 1) if not values else None
                return found[0]._eval(found[1], depth + 1) if found is not None and found[1] is not None else None
            self.names.add(name)
            self.idents.add(node.id)
            return self._eval(values[0], depth + 1)
        if t == "member_expression":
            text = _text(node, self.src)
            if text == "import.meta.url" or text == "import.meta.filename":
                return self.mod.runtime
            if text == "import.meta.dirname":
                return posixpath.dirname(self.mod.runtime) if self.mod.runtime else None
            prop = node.child_by_field_name("property")
            if prop is not None and _text(prop, self.src) in ("pathname", "href"):
                return self._eval(node.child_by_field_name("object"), depth + 1)
            found = self._target(node, depth + 1)
            return found[0]._eval(found[1], depth + 1) if found is not None and found[1] is not None else None
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            left_node = node.child_by_field_name("left")
            if op is not None and _text(op, self.src) in ("||", "??") and left_node is not None \
                    and _text(left_node, self.src).startswith("process.env."):
                return self._eval(node.child_by_field_name("right"), depth + 1)   # the default when the variable is unset
            if op is not None and _text(op, self.src) == "+":
                left = self._eval(node.child_by_field_name("left"), depth + 1)
                right = self._eval(node.child_by_field_name("right"), depth + 1)
                if isinstance(left, str) and isinstance(right, str):
                    return left + right
            return None
        if t == "new_expression":
            ctor = node.child_by_field_name("constructor")
            args = _args(node)
            if ctor is not None and _text(ctor, self.src) == "URL" and args:
                rel = self._eval(args[0], depth + 1)
                if not isinstance(rel, str):
                    return None
                if rel.startswith("file://"):
                    return rel[len("file://"):]
                if len(args) < 2:
                    return None
                base = self._eval(args[1], depth + 1)
                if not isinstance(base, str) or not base.startswith("/"):
                    return None
                return posixpath.normpath(posixpath.join(posixpath.dirname(base), rel))
            return None
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None:
                return None
            args = _args(node)
            module, name = self._callee(fn)
            text = _text(fn, self.src)
            if text == "process.cwd" and not args:
                return self.scan.workdir
            if name == "fileURLToPath" and len(args) == 1:
                v = self._eval(args[0], depth + 1)
                return v[len("file://"):] if isinstance(v, str) and v.startswith("file://") else v
            pathy = module in ("path", "path/posix") or (module is None and fn.type == "identifier" and name in ("join", "resolve", "dirname"))
            if pathy and name in ("join", "resolve", "dirname") and args:
                values = [self._eval(a, depth + 1) for a in args]
                if not all(isinstance(v, str) for v in values):
                    return None
                strs = [str(v) for v in values]
                if name == "dirname":
                    return posixpath.dirname(strs[0])
                if name == "resolve":
                    return posixpath.normpath(posixpath.join(self.scan.workdir, *strs))
                joined = posixpath.join(strs[0], *[s.lstrip("/") for s in strs[1:]])
                return posixpath.normpath(joined)
            return None
        return None


def _template_head(node, src: bytes) -> str | None:
    """The literal text before the first substitution of a template string: the program of
    `exec(\\`convert ${file} out.png\\`)`."""
    first = node.named_children[0] if node.named_children else None
    if first is None or first.type != "string_fragment":
        return None
    head = _text(first, src)
    return head if " " in head.strip() or head.endswith(" ") else None


def _shell_commands(line: str) -> list[list[str]]:
    """The commands of a shell command line: the words of each part between `&&`, `||`, `;`, `|`."""
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars="&|;<>()")
        lexer.whitespace_split = True
        words = list(lexer)
    except ValueError:
        words = line.split()
    out: list[list[str]] = [[]]
    for w in words:
        if w and all(c in "&|;()" for c in w):
            out.append([])
        elif w and all(c in "<>" for c in w):
            out[-1].append(w)
        else:
            out[-1].append(w)
    result = []
    for words in out:
        while words and "=" in words[0] and not words[0].startswith("="):
            words = words[1:]
        if words and words[0] in ("exec", "sudo", "env", "nice", "nohup", "timeout"):
            words = words[1:] if words[0] != "timeout" else words[2:]
        if words:
            result.append(words)
    return result


def _build_use(words: Sequence[str]) -> str | None:
    prog = posixpath.basename(words[0])
    if prog in _BUILD_PROGRAMS:
        return _BUILD_PROGRAMS[prog]
    if prog in _INSTALLERS:
        subs = _INSTALLERS[prog]
        first = next((w for w in words[1:] if not w.startswith("-")), "")
        if subs is None:
            return "downloads and runs a package"
        if first in subs:
            return "installs packages"
    if prog in ("python", "python3") and list(words[1:4]) == ["-m", "pip", "install"]:
        return "installs packages"
    return None


def _absolute_path(value: str, scan: _Scan) -> bool:
    if not value.startswith("/") or value.startswith("//") or len(value) > 200 or value == "/":
        return False
    if any(c in value for c in " \t\n:?#*{}<>|\"'$,;=&%@\\"):
        return False
    parts = [p for p in value.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        return False
    top = parts[0]
    wd_top = [p for p in scan.workdir.split("/") if p][:1]
    if len(parts) == 1 and "." not in top:
        return False      # "/health", "/etc": a route or a whole system folder, not a file it reads
    if top in ("proc", "sys", "dev", "tmp"):
        return False
    return top in _DATA_ROOTS or top in wd_top or scan.files.is_dir("/" + top)


# -- small helpers ------------------------------------------------------------------------------------

def _walk_nodes(root) -> Iterator[Any]:
    cursor = root.walk()
    reached_root = False
    while not reached_root:
        yield cursor.node
        if cursor.goto_first_child():
            continue
        if cursor.goto_next_sibling():
            continue
        while True:
            if not cursor.goto_parent():
                reached_root = True
                break
            if cursor.goto_next_sibling():
                break


def _import_source(node):
    """The module string of an import/export statement (`import x = require('y')` included)."""
    source = node.child_by_field_name("source")
    if source is None:
        clause = next((c for c in node.named_children if c.type == "import_require_clause"), None)
        source = clause.child_by_field_name("source") if clause is not None else None
    return source


def _error_text(root, src: bytes) -> str:
    """"LINE: text" of the parts of a tree the grammar could not read (the first line first)."""
    out: list[str] = []
    for node in _walk_nodes(root):
        if node.type == "ERROR" or node.is_missing:
            parent = node.parent if node.is_missing and node.parent is not None else node
            out.append(f"{node.start_point[0] + 1}: {_text(parent, src)}")
    return "\n".join(out) or "1: "


def _args(call) -> list:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type != "comment"]


def _key(pair, src: bytes) -> str | None:
    key = pair.child_by_field_name("key")
    if key is None:
        return None
    return _string(key, src) if key.type == "string" else _text(key, src)


def _pattern_names(pattern, src: bytes) -> Iterator[tuple[str, str]]:
    """(property, local name) of `{ exec, spawn: run }`."""
    for c in pattern.named_children:
        if c.type == "shorthand_property_identifier_pattern":
            yield _text(c, src), _text(c, src)
        elif c.type == "pair_pattern":
            k, v = c.child_by_field_name("key"), c.child_by_field_name("value")
            if k is not None and v is not None and v.type == "identifier":
                yield _text(k, src), _text(v, src)
        elif c.type == "object_assignment_pattern":
            left = c.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                yield _text(left, src), _text(left, src)


def _module_id(spec: str) -> str:
    """The module a binding holds: a built-in by its full name ("fs/promises"), else the package."""
    if spec.startswith((".", "/")):
        return spec               # a local module: its specifier, resolved from the importing file
    s = spec.removeprefix("node:")
    return s if s in NODE_BUILTINS else _bare(s)


def _bare(spec: str) -> str:
    """The package a specifier names: "@nestjs/core/x" -> "@nestjs/core", "lodash/fp" -> "lodash"."""
    if spec.startswith("node:"):
        return spec
    parts = spec.split("/")
    return "/".join(parts[:2]) if spec.startswith("@") and len(parts) > 1 else parts[0]


def _short(path: str, workdir: str) -> str:
    wd = workdir.rstrip("/") + "/"
    return path[len(wd):] if path.startswith(wd) else path
