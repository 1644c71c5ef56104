"""Go: which commands build a program, and what that program needs at run time.

- Artifact: `go build [-o OUT] [PKG]` (OUT a file, or a directory when it ends in "/" or is a
  folder the image has, e.g. /usr/local/bin: each main package is then written into it under its
  own name, a `./cmd/...` pattern's too; no -o: named after the package's last path element, the
  module path's for "."), and
  `go install [PKG | ./...]` (into $GOBIN, else $GOPATH/bin; a `...` pattern installs every
  `package main` directory it matches, each named after its directory).
- Linkage: a Go program is static unless cgo is on. cgo is on when CGO_ENABLED is not "0"
  and a C toolchain exists. The build is changed (`ENV CGO_ENABLED=0` added: the net and
  os/user packages then use their pure-Go code and the binary runs on any base) only when no
  part of it can need cgo: no `.go` file of the module or of its `vendor/` imports "C", every
  module go.mod requires is vendored without "C" or known to be pure Go (heuristics/go_modules),
  no `-race`/`-msan`/`-asan`, and the Dockerfile does not set CGO_ENABLED (ENV, ARG or on the
  command). Otherwise the linkage stays as the file had it and the binary needs the build
  image's libc: glibc on Debian-based images, musl on alpine ones.
- Values known only at build time (`-ldflags "-X main.version=$(git describe)"`, an undeclared
  `${VERSION}` in `-tags`) are accepted in the values of -ldflags, -gcflags, -asmflags,
  -gccgoflags and -tags (`accepts_unknown_words`); an unknown output path, package or any
  other flag leaves the command an unknown effect.
- Data files: string literals handed to file-reading calls (template.ParseGlob, os.Open,
  os.ReadFile, http.Dir, ...) and any literal that names a path the build wrote.

Example: `RUN go build -o bookstore` in WORKDIR /home, with `template.ParseGlob("templates/*")`
in main.go -> artifact /home/bookstore, data /home/templates/*.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence

from msgspec import Struct

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, DataRef, Decision, Launch, RuntimeNeeds, SourceView, go_modules

_VALUE_FLAGS = frozenset(
    "-o -ldflags -gcflags -asmflags -tags -mod -modfile -p -pkgdir -buildmode -compiler "
    "-gccgoflags -installsuffix -overlay -pgo -toolexec -C -coverpkg -covermode -exec".split()
)
# Flags whose value may be known only at build time: they change how the program is compiled
# or linked (or, -p, how many builds run at once: `-p $(nproc)`), never where it is written nor
# which packages are built.
_BUILD_TIME_VALUE_FLAGS = frozenset("-ldflags -gcflags -asmflags -gccgoflags -tags -p".split())
# Flags that need cgo: CGO_ENABLED=0 would stop the build.
_CGO_FLAGS = frozenset(("-race", "-msan", "-asan"))
_HARMLESS_SUB = frozenset("vet test version env list fmt clean doc help tool".split())
_CACHE_SUB = frozenset(("mod", "get"))

# Calls whose first string argument is a path the program reads.
_FILE_CALLS = frozenset(
    "ParseGlob ParseFiles Open OpenFile ReadFile ReadDir Dir ServeFile Glob Walk WalkDir Stat "
    "Lstat DirFS LoadX509KeyPair ListenAndServeTLS".split()
)


class _GoBuild(Struct, frozen=True, gc=False):
    output: str | None
    packages: tuple[str, ...]
    ldflags: str
    tags: str
    buildmode: str


def _parse_build(args: tuple[str, ...]) -> _GoBuild:
    out, pkgs, ldflags, tags, mode = None, [], "", "", "exe"
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            name, eq, val = a.lstrip("-").partition("=")
            name = "-" + name
            if not eq and name in _VALUE_FLAGS and i + 1 < len(args):
                val = args[i + 1]
                i += 1
            if name == "-o":
                out = val
            elif name == "-ldflags":
                ldflags = val
            elif name == "-tags":
                tags = val
            elif name == "-buildmode":
                mode = val
        else:
            pkgs.append(a)
        i += 1
    return _GoBuild(out, tuple(pkgs) or (".",), ldflags, tags, mode)


def _module_root(sources: SourceView, directory: str) -> tuple[str | None, str | None]:
    """(module root dir, module path) of the go.mod at or above `directory`."""
    d = directory
    while True:
        text = sources.read(posixpath.join(d, "go.mod"))
        if text is not None:
            m = re.search(r"^\s*module\s+\"?([^\s\"]+)", text, re.M)
            return d, (m.group(1) if m else None)
        if d in ("/", ""):
            return None, None
        d = posixpath.dirname(d)


def _package_dir(cwd: str, pkg: str, sources: SourceView) -> str:
    if pkg.startswith((".", "/")):
        return posixpath.normpath(posixpath.join(cwd, pkg))
    root, module = _module_root(sources, cwd)
    if root and module and (pkg == module or pkg.startswith(module + "/")):
        return posixpath.normpath(posixpath.join(root, pkg[len(module):].lstrip("/")))
    return posixpath.normpath(posixpath.join(cwd, pkg))


def _binary_name(pkg_dir: str, pkg: str, sources: SourceView) -> str:
    if pkg.endswith(".go"):
        return posixpath.basename(pkg)[:-3]
    root, module = _module_root(sources, pkg_dir)
    if root == pkg_dir and module:
        elems = module.rstrip("/").split("/")
        if len(elems) > 1 and re.fullmatch(r"v[0-9]+", elems[-1]):
            return elems[-2]     # example.com/tool/v2 installs "tool"
        return elems[-1]
    return posixpath.basename(pkg_dir.rstrip("/")) or "main"


def _remote_name(pkg: str) -> str:
    """The binary `go install PKG@VERSION` writes: the path's last element, the one before a
    major-version suffix (example.com/tool/v2 installs "tool")."""
    elems = pkg.rstrip("/").split("/")
    if len(elems) > 1 and re.fullmatch(r"v[0-9]+", elems[-1]):
        return elems[-2]
    return elems[-1]


def _gopath(env: Mapping[str, str]) -> str:
    """The GOPATH entry `go install` and the module cache use: the first of the list."""
    return env.get("GOPATH", "/root/go").split(":")[0]


class Go:
    name = "go"
    language = "Go"
    # Files that only the build reads: the runtime stage leaves them behind (context-relative
    # globs, matched against the path and each of its folders).
    build_inputs: tuple[str, ...] = ("*.go", "go.mod", "go.sum", "go.work", "go.work.sum", "vendor", "testdata", "Makefile",
                    "*.mk", "magefile.go", ".golangci.yml", ".golangci.yaml", ".goreleaser.yml", ".goreleaser.yaml")

    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        if posixpath.basename(cmd.name) != "go" or not cmd.args:
            return None
        sub, rest = cmd.args[0], cmd.args[1:]
        env = cmd.envmap()
        if sub in _HARMLESS_SUB:
            return CommandEffect(note=f"go {sub}: no files the runtime needs")
        if sub in _CACHE_SUB:
            cache = env.get("GOMODCACHE") or posixpath.join(_gopath(env), "pkg/mod")
            if sub == "mod" and rest[:1] == ("vendor",):
                return CommandEffect(trees=(posixpath.join(cmd.cwd, "vendor"),))
            return CommandEffect(caches=(cache,), note=f"go {sub}: module cache only")
        if sub not in ("build", "install"):
            return None  # go run / go generate run arbitrary code: unknown effect
        b = _parse_build(rest)
        if b.buildmode not in ("exe", "default", "pie"):
            return CommandEffect(note=f"go {sub} -buildmode={b.buildmode}: not a program")
        outputs: list[str] = []
        dirs = [_package_dir(cmd.cwd, p, sources) for p in b.packages]
        # -o naming a folder (a trailing "/", or one the image already has): every main package
        # is written into it, under its own name; a `...` pattern then builds programs too.
        out_dir = None
        if sub == "build" and b.output is not None:
            out = posixpath.normpath(posixpath.join(cmd.cwd, b.output))
            from converter.effects import KNOWN_DIRS  # here: converter.effects imports this package

            if b.output.endswith("/") or sources.is_dir(out) or out in KNOWN_DIRS or out == posixpath.join(_gopath(env), "bin"):
                out_dir = out
        if sub == "build" and any(p.endswith("...") for p in b.packages):
            if b.output is None:
                return CommandEffect(note="go build of many packages: a compile check")
            if out_dir is None:
                return None        # -o a file for a pattern: one package or an error, not ours to guess
            found = _pattern_outputs(cmd.cwd, b.packages, sources, out_dir, f"go build -o {b.output} {' '.join(b.packages)}")
            if not isinstance(found, tuple):
                return found
            dirs, outputs = found
        elif sub == "build":
            if b.packages[0].endswith(".go"):
                dirs = [posixpath.dirname(_package_dir(cmd.cwd, b.packages[0], sources))]
            names = [_binary_name(d, p, sources) for d, p in zip(dirs, b.packages, strict=False)]
            if b.output is not None:
                out = posixpath.normpath(posixpath.join(cmd.cwd, b.output))
                if out_dir is not None or len(b.packages) > 1:
                    outputs = [posixpath.join(out, n) for n in names]
                else:
                    outputs = [out]
            elif len(b.packages) == 1:
                outputs = [posixpath.join(cmd.cwd, names[0])]
            else:
                return CommandEffect(note="go build of several packages without -o: a compile check")
        else:
            if any("$" in env.get(k, "") for k in ("GOBIN", "GOPATH")):
                return None  # the install folder is known only at build time
            gobin = env.get("GOBIN") or posixpath.join(_gopath(env), "bin")
            pkgs = [p.split("@")[0] for p in b.packages]
            if any(p.endswith("...") for p in pkgs):
                if any("@" in p for p in b.packages):
                    return None  # a remote module's packages: not in the build context
                found = _pattern_outputs(cmd.cwd, pkgs, sources, gobin, f"go install {' '.join(b.packages)}")
                if not isinstance(found, tuple):
                    return found
                dirs, outputs = found
            else:
                # `go install example.com/tool/cmd/x@v1.2.3`: the version names no folder nor the binary
                dirs = [_package_dir(cmd.cwd, p, sources) for p in pkgs]
                outputs = [posixpath.join(gobin, _remote_name(p) if "@" in q else _binary_name(d, p, sources))
                           for d, p, q in zip(dirs, pkgs, b.packages, strict=True)]
        arts = tuple(
            BuiltArtifact(path=o, ecosystem="go", kind="binary", source_dir=d, build_env=cmd.env,
                          line=line, argv=tuple(w.text for w in cmd.argv))
            for o, d in zip(outputs, dirs, strict=True)
        )
        return CommandEffect(writes=tuple(outputs), artifacts=arts, note=f"builds Go program {', '.join(outputs)}")

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        """Whether `go build`/`go install` may be read although some words are known only at
        build time: only when every such word is the value of a flag that changes how the
        program is compiled (-ldflags, -gcflags, -asmflags, -gccgoflags, -tags). The output
        path (-o), the package list and every other flag must be known."""
        words = cmd.argv
        if len(words) < 3 or not (words[0].known and words[1].known):
            return False
        if posixpath.basename(words[0].text) != "go" or words[1].text not in ("build", "install"):
            return False
        i = 2
        while i < len(words):
            w = words[i]
            if w.text.startswith("-") and w.text != "-":
                name, eq, _ = w.text.lstrip("-").partition("=")
                name = "-" + name
                takes_value = not eq and name in _VALUE_FLAGS
                if not w.known and not (eq and name in _BUILD_TIME_VALUE_FLAGS):
                    return False
                if takes_value and i + 1 < len(words):
                    i += 1
                    if not words[i].known and name not in _BUILD_TIME_VALUE_FLAGS:
                        return False
            elif not w.known:
                return False      # a package (or what a flag value split into) known only at build time
            i += 1
        return True

    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        """A built Go program runs by itself; `go run` as the command compiles at every start."""
        if len(argv) > 1 and posixpath.basename(argv[0]) == "go" and argv[1] == "run":
            return Launch("go", refuse=f"the image runs `{' '.join(argv[:3])}`, which compiles the program each time the "
                                       "container starts: the runtime stage would need the Go toolchain (build it with "
                                       "`go build` and run the binary)")
        return None

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        if posixpath.basename(cmd.name) != "go" or not cmd.args or cmd.args[0] not in ("build", "install", "mod"):
            return ()
        env = cmd.envmap()
        return (posixpath.join(_gopath(env), "pkg/mod"), env.get("GOCACHE", "/root/.cache/go-build"))

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        files = _package_closure(artifact.source_dir, sources)
        if not files:
            return RuntimeNeeds(libc="glibc", refuse=f"the Go sources for {artifact.path} are not in the build context, "
                                                     "so what it needs at run time cannot be read")
        scans = [(f, _scan(sources.read(f) or "", posixpath.basename(f))) for f in files]
        imports = set().union(*(s.imports for _, s in scans))
        uses_c = "C" in imports
        env = dict(artifact.build_env)
        cgo_env = env.get("CGO_ENABLED")
        b = _parse_build(artifact.argv[2:])
        static_ld = "-static" in b.ldflags
        decisions: list[Decision] = []
        build_env: tuple[tuple[str, str], ...] = ()
        alpine_build = "alpine" in build_image
        if cgo_env == "0" or static_ld:
            libc = "static"
            decisions.append(Decision("linkage", "static", "CGO_ENABLED=0" if cgo_env == "0" else "linked with -static"))
        else:
            need = _cgo_need(artifact, sources, build_image)
            if need is None:
                libc = "static"
                build_env = (("CGO_ENABLED", "0"),)
                decisions.append(Decision("linkage", "static (CGO_ENABLED=0 added to the build stage)",
                                          "no part of the build can need cgo: " + _pure_why(artifact, sources)
                                          + "; without cgo the binary links no libc and runs on any base"))
            else:
                libc = "musl" if alpine_build else "glibc"
                uses_c = uses_c or need.startswith("the sources import")
                decisions.append(Decision("linkage", f"dynamic ({libc}), build left as it was",
                                          f"CGO_ENABLED=0 not added: {need}; with cgo on, the binary needs "
                                          f"the build image's C library ({libc}) at run time"))
        shared: list[str] = []
        for _, s in scans:
            shared.extend(s.cgo_libs)
        cxx = (".cc", ".cpp", ".cxx")
        if uses_c and libc != "static" and (any(f.endswith(cxx) for f in files)
                                            or any(f.endswith(cxx) for f in sources.files_under(artifact.source_dir))):
            shared.append("stdc++")
        tz_embedded = "time/tzdata" in imports or "timetzdata" in b.tags
        # The program's own sources are not data it reads at run time; vendored libraries'
        # string literals are theirs, not paths of this image.
        refs = tuple(r for f, s in scans if "/vendor/" not in f for r in s.refs if not r.pattern.endswith(".go"))
        return RuntimeNeeds(
            libc=libc,
            data_refs=refs,
            shared_libs=tuple(sorted(set(shared) - {"c", "pthread", "dl", "m", "rt"})),
            certs=bool(imports & {"net/http", "crypto/tls", "crypto/x509"}),
            tzdata=any(s.loads_location for _, s in scans) and not tz_embedded,
            runs_commands="os/exec" in imports,
            commands=tuple(sorted({c for f, s in scans if "/vendor/" not in f for c in s.commands})),
            build_env=build_env,
            build_env_why="pure-Go build: the binary then needs no C library in the runtime stage" if build_env else "",
            decisions=tuple(decisions),
        )


GO = Go()
ECOSYSTEM = GO


# -- source scanning ----------------------------------------------------------------------

class _Scan(Struct, frozen=True, gc=False):
    imports: frozenset[str]
    refs: tuple[DataRef, ...]
    cgo_libs: tuple[str, ...]
    loads_location: bool
    commands: tuple[str, ...] = ()     # programs run by a literal name: exec.Command("git", ...)


# Go string literals and comments. A hand-written tokenizer because no maintained Python
# library parses Go; we only need literals, comments and import paths, not a syntax tree.
_TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'',
    re.S,
)
_CALL_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?:[A-Za-z_][\w.]*\s*,\s*){0,2}$")


# exec.Command("name", ...) and exec.CommandContext(ctx, "name", ...): the program names a tool.
_EXEC_CALL = re.compile(r'\bexec\.Command(?:Context)?\(\s*(?:[A-Za-z_][\w.]*\s*,\s*)?"([^"\\\s]+)"')


_ESCAPE = re.compile(r"\\(.)")


def _unquote(lit: str) -> str:
    if lit.startswith("`"):
        return lit[1:-1]
    body = lit[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _scan(text: str, name: str) -> _Scan:
    imports: set[str] = set()
    refs: list[DataRef] = []
    cgo_libs: list[str] = []
    imports.update(_scan_imports(text))
    for m in re.finditer(r"#cgo\s+(?:[\w!,]+\s+)?LDFLAGS:([^\n]*)", text):
        cgo_libs.extend(re.findall(r"-l(\w[\w+.-]*)", m.group(1)))
    line, counted = 1, 0     # lines counted on from the last literal: from the top each time was quadratic
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith(("//", "/*", "'")):
            continue
        value = _unquote(tok)
        before = text[max(0, m.start() - 120):m.start()]
        # _CALL_BEFORE ends in "(" or "," and blanks: a cheap test first spares most literals its search
        call = _CALL_BEFORE.search(before) if before.rstrip()[-1:] in ("(", ",") else None
        line += text.count("\n", counted, m.start())
        counted = m.start()
        if call and call.group(1) in _FILE_CALLS:
            refs.append(DataRef(value, f"{name}:{line}", call.group(1)))
        elif _looks_like_path(value):
            refs.append(DataRef(value, f"{name}:{line}", "string literal"))
    loads = "LoadLocation(" in text or re.search(r"\"TZ\"", text) is not None
    commands = tuple(m.group(1) for m in _EXEC_CALL.finditer(text) if "/" not in m.group(1) or m.group(1).startswith("/"))
    return _Scan(frozenset(imports), tuple(refs), tuple(cgo_libs), loads, commands)


_NOT_IN_PATH = re.compile(r"[ \n\t%{}<>|\"']")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def _looks_like_path(s: str) -> bool:
    if not s or len(s) > 200 or _NOT_IN_PATH.search(s):
        return False
    return "/" in s or _EXTENSION.search(s) is not None


def _package_closure(source_dir: str, sources: SourceView) -> list[str]:
    """The .go files of the main package and of the module's own packages it imports."""
    root, module = _module_root(sources, source_dir)
    seen_dirs: set[str] = set()
    files: list[str] = []
    todo = [source_dir]
    while todo:
        d = todo.pop()
        if d in seen_dirs:
            continue
        seen_dirs.add(d)
        here = [f for f in sources.files_under(d)
                if posixpath.dirname(f) == d and f.endswith((".go", ".c", ".h", ".cc", ".cpp")) and not f.endswith("_test.go")]
        files.extend(here)
        if not (root and module):
            continue
        for f in here:
            for imp in _scan_imports(sources.read(f) or ""):
                if imp == module or imp.startswith(module + "/"):
                    todo.append(posixpath.normpath(posixpath.join(root, imp[len(module):].lstrip("/"))))
                elif "." in imp.split("/")[0]:
                    vend = posixpath.normpath(posixpath.join(root, "vendor", imp))
                    if sources.files_under(vend):
                        todo.append(vend)
    return sorted(set(files))


def _go_files(directory: str, sources: SourceView) -> list[str]:
    return [f for f in sources.files_under(directory) if f.endswith(".go") and not f.endswith("_test.go")]


def _module_files(artifact: BuiltArtifact, sources: SourceView) -> tuple[str | None, list[str]]:
    """(module root, every .go file the build can reach: the module's, vendor/'s included, and
    those of modules replaced by a local folder); without a go.mod, the package's folder."""
    root, _ = _module_root(sources, artifact.source_dir)
    if root is None:
        return None, _go_files(artifact.source_dir, sources)
    files = _go_files(root, sources)
    for rel in go_modules.local_replacements(sources.read(posixpath.join(root, "go.mod")) or "").values():
        files.extend(_go_files(posixpath.normpath(posixpath.join(root, rel)), sources))
    return root, sorted(set(files))


def _cgo_need(artifact: BuiltArtifact, sources: SourceView, build_image: str = "") -> str | None:
    """Why the build may need cgo, or None when it provably does not (then, and only then,
    CGO_ENABLED=0 may be added)."""
    m = re.match(r"(?:.*/)?golang:(\d+)\.(\d+)", build_image)
    if m and (int(m.group(1)), int(m.group(2))) < (1, 11):
        # Before Go 1.11, os/user and parts of net had no pure-Go fallback without cgo.
        return f"{build_image} is older than Go 1.11, whose standard library needs cgo for os/user and name lookups"
    env = dict(artifact.build_env)
    if "CGO_ENABLED" in env:
        if env["CGO_ENABLED"] == "":
            return "the Dockerfile declares CGO_ENABLED (its value is chosen at build time)"
        return f"the Dockerfile sets CGO_ENABLED={env['CGO_ENABLED']}"
    for flag in (*artifact.argv[2:], *env.get("GOFLAGS", "").split()):
        name, _, value = flag.partition("=")
        if "-" + name.lstrip("-") in _CGO_FLAGS and flag.startswith("-") and value.lower() not in ("false", "0", "f"):
            return f"{name} needs cgo"
    root, files = _module_files(artifact, sources)
    imports: set[str] = set()
    for f in files:
        found = _scan_imports(sources.read(f) or "")
        if "C" in found:
            return f'the sources import "C" ({f})'
        imports.update(found)
    if root is None:
        # GOPATH mode: no go.mod lists what the build pulls in, so every import that is not the
        # standard library must be known to be pure Go (go-sqlite3 would become a stub).
        outside = sorted(i for i in imports if "." in i.split("/", 1)[0] and not _pure_package(i))
        if outside:
            return f"without go.mod, the sources import {', '.join(outside[:3])}, not known to be pure Go"
        return None
    go_mod = sources.read(posixpath.join(root, "go.mod")) or ""
    vend = go_modules.vendored(sources.read(posixpath.join(root, "vendor", "modules.txt")) or "")
    local = go_modules.local_replacements(go_mod)
    unproven: list[str] = []
    for req in go_modules.requirements(go_mod):
        verdict = go_modules.verdict(req)
        if verdict == "cgo":
            return f"go.mod requires {req}, which needs cgo"
        if req in local:
            if not _go_files(posixpath.normpath(posixpath.join(root, local[req])), sources):
                unproven.append(f"{req} (replaced by {local[req]}, not in the image)")
        elif verdict == "unknown" and req not in vend:
            unproven.append(req)
    if unproven:
        more = f" and {len(unproven) - 3} more" if len(unproven) > 3 else ""
        return (f"go.mod requires {', '.join(unproven[:3])}{more}, not known to be pure Go "
                "(not vendored, not in heuristics/go_modules.py)")
    return None


def _pure_package(path: str) -> bool:
    """Whether an import path lies in a module known to be pure Go."""
    parts = path.split("/")
    return any(go_modules.verdict("/".join(parts[:n])) == "pure" for n in range(len(parts), 0, -1))


def _pure_why(artifact: BuiltArtifact, sources: SourceView) -> str:
    root, files = _module_files(artifact, sources)
    where = "the module and vendor/" if root else "the package"
    reqs = go_modules.requirements(sources.read(posixpath.join(root, "go.mod")) or "") if root else ()
    if not reqs:
        mods = "go.mod requires no module"
    else:
        mods = f"every module go.mod requires ({len(reqs)}) is vendored without \"C\" or known to be pure Go"
    return f'no .go file of {where} imports "C" ({len(files)} read), {mods}, no -race/-msan/-asan, CGO_ENABLED not set'


def _scan_imports(text: str) -> Sequence[str]:
    """The import paths of a Go file (comments inside an import block skipped)."""
    out: list[str] = []
    for m in re.finditer(r"^import\s*\(\s*(.*?)\)|^import\s+(?:[\w.]+\s+)?(\"[^\"]+\")", text, re.M | re.S):
        out.extend(re.findall(r"\"([^\"]+)\"", re.sub(r"//[^\n]*", "", m.group(1) or m.group(2))))
    return out


_BUILD_IGNORE = re.compile(r"^//go:build\s+ignore\s*$|^//\s*\+build\s+ignore\s*$", re.M)
_PACKAGE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)


def _pattern_outputs(cwd: str, packages: Sequence[str], sources: SourceView, into: str,
                     what: str) -> tuple[list[str], list[str]] | CommandEffect | None:
    """(folders, programs) of the main packages a `./...` pattern names, each built into folder
    INTO under its own name; None when that cannot be told, a note when there is no program."""
    mains = _main_packages(cwd, packages, sources)
    if mains is None:
        return None        # the sources are not there to tell which binaries
    outputs = [posixpath.join(into, n) for _, n in mains]
    if len(set(outputs)) != len(outputs):
        return None        # two main packages of one name: which one wins is not ours to guess
    if not outputs:
        return CommandEffect(note=f"{what}: no main package, no program")
    return [d for d, _ in mains], outputs


def _main_packages(cwd: str, patterns: Sequence[str], sources: SourceView) -> list[tuple[str, str]] | None:
    """(directory, binary name) of every `package main` a `...` pattern matches, as `go install`
    sees them: vendor/, testdata/, folders starting with "." or "_" and nested modules are not
    part of the pattern; files marked `//go:build ignore` are not part of a package. None when
    the pattern's folder holds no Go source the analysis can read."""
    out: list[tuple[str, str]] = []
    for pat in patterns:
        if not pat.endswith("..."):
            d = _package_dir(cwd, pat, sources)
            out.append((d, _binary_name(d, pat, sources)))
            continue
        base = pat[:-3].rstrip("/") or "."
        if "..." in base:
            return None            # a wildcard in the middle (./cmd/.../server): not read
        top = _package_dir(cwd, base, sources)
        files = _go_files(top, sources)
        if not files:
            return None
        by_dir: dict[str, list[str]] = {}
        for f in files:
            rel = posixpath.relpath(posixpath.dirname(f), top)
            parts = [] if rel == "." else rel.split("/")
            if any(p in ("vendor", "testdata") or p.startswith((".", "_")) for p in parts):
                continue
            by_dir.setdefault(posixpath.dirname(f), []).append(f)
        for d in sorted(by_dir):
            if d != top and any(sources.read(posixpath.join(a, "go.mod")) is not None
                                for a in _dirs_between(top, d)):
                continue           # a nested module: not part of this one's ./...
            names = set()
            for f in by_dir[d]:
                text = sources.read(f)
                if text is None:
                    return None    # a source the analysis cannot read
                if _BUILD_IGNORE.search(text):
                    continue
                m = _PACKAGE.search(re.sub(r"/\*.*?\*/", "", text, flags=re.S))
                if m:
                    names.add(m.group(1))
            if names == {"main"}:
                out.append((d, _binary_name(d, posixpath.relpath(d, cwd), sources)))
            elif "main" in names:
                return None        # mixed package names: go would refuse; do not guess
    return out


def _dirs_between(top: str, d: str) -> list[str]:
    """The folders below `top` down to `d` included."""
    out = []
    while d != top and d not in ("/", ""):
        out.append(d)
        d = posixpath.dirname(d)
    return out
