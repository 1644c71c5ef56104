"""Go: which commands build a program, and what that program needs at run time.

- Artifact: `go build [-o OUT] [PKG]` (OUT a file, or a directory when it ends in "/"; no -o:
  named after the package's last path element, the module path's for "."), and
  `go install` (into $GOBIN, else $GOPATH/bin).
- Linkage: a Go program is static unless cgo is on. cgo is on when CGO_ENABLED is not "0"
  and a C toolchain exists. When the sources never `import "C"` and the user did not set
  CGO_ENABLED, we build with CGO_ENABLED=0: the net and os/user packages then use their
  pure-Go code and the binary runs on any base. With `import "C"` (or CGO_ENABLED=1 set by
  the user) the binary needs the build image's libc: glibc on Debian-based images, musl on
  alpine ones.
- Data files: string literals handed to file-reading calls (template.ParseGlob, os.Open,
  os.ReadFile, http.Dir, ...) and any literal that names a path the build wrote.

Example: `RUN go build -o bookstore` in WORKDIR /home, with `template.ParseGlob("templates/*")`
in main.go -> artifact /home/bookstore, data /home/templates/*.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, DataRef, Decision, RuntimeNeeds, SourceView

_VALUE_FLAGS = frozenset(
    "-o -ldflags -gcflags -asmflags -tags -mod -modfile -p -pkgdir -buildmode -compiler "
    "-gccgoflags -installsuffix -overlay -pgo -toolexec -C -coverpkg -covermode -exec".split()
)
_HARMLESS_SUB = frozenset("vet test version env list fmt clean doc help tool".split())
_CACHE_SUB = frozenset(("mod", "get"))

# Calls whose first string argument is a path the program reads.
_FILE_CALLS = frozenset(
    "ParseGlob ParseFiles Open OpenFile ReadFile ReadDir Dir ServeFile Glob Walk WalkDir Stat "
    "Lstat DirFS LoadX509KeyPair ListenAndServeTLS".split()
)


@dataclass(frozen=True)
class _GoBuild:
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
        return module.rstrip("/").split("/")[-1]
    return posixpath.basename(pkg_dir.rstrip("/")) or "main"


class Go:
    name = "go"

    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        if posixpath.basename(cmd.name) != "go" or not cmd.args:
            return None
        sub, rest = cmd.args[0], cmd.args[1:]
        env = cmd.envmap()
        if sub in _HARMLESS_SUB:
            return CommandEffect(note=f"go {sub}: no files the runtime needs")
        if sub in _CACHE_SUB:
            cache = env.get("GOMODCACHE") or posixpath.join(env.get("GOPATH", "/root/go"), "pkg/mod")
            if sub == "mod" and rest[:1] == ("vendor",):
                return CommandEffect(trees=(posixpath.join(cmd.cwd, "vendor"),))
            return CommandEffect(trees=(cache,), note=f"go {sub}: module cache only")
        if sub not in ("build", "install"):
            return None  # go run / go generate run arbitrary code: unknown effect
        b = _parse_build(rest)
        if b.buildmode not in ("exe", "default", "pie"):
            return CommandEffect(note=f"go {sub} -buildmode={b.buildmode}: not a program")
        if any(p.endswith("...") for p in b.packages) and not (sub == "install"):
            return CommandEffect(note="go build of many packages: a compile check")
        outputs: list[str] = []
        dirs = [_package_dir(cmd.cwd, p, sources) for p in b.packages]
        if sub == "build":
            if b.packages[0].endswith(".go"):
                dirs = [posixpath.dirname(_package_dir(cmd.cwd, b.packages[0], sources))]
            names = [_binary_name(d, p, sources) for d, p in zip(dirs, b.packages, strict=False)]
            if b.output is not None:
                out = posixpath.normpath(posixpath.join(cmd.cwd, b.output))
                if b.output.endswith("/") or len(b.packages) > 1:
                    outputs = [posixpath.join(out, n) for n in names]
                else:
                    outputs = [out]
            elif len(b.packages) == 1:
                outputs = [posixpath.join(cmd.cwd, names[0])]
            else:
                return CommandEffect(note="go build of several packages without -o: a compile check")
        else:
            gobin = env.get("GOBIN") or posixpath.join(env.get("GOPATH", "/root/go"), "bin")
            pkgs = [p.split("@")[0] for p in b.packages]
            if any(p.endswith("...") for p in pkgs):
                return None  # cannot tell which binaries
            outputs = [posixpath.join(gobin, _binary_name(d, p, sources)) for d, p in zip(dirs, pkgs, strict=True)]
        arts = tuple(
            BuiltArtifact(path=o, ecosystem="go", kind="binary", source_dir=d, build_env=cmd.env,
                          line=line, argv=tuple(w.text for w in cmd.argv))
            for o, d in zip(outputs, dirs, strict=True)
        )
        return CommandEffect(writes=tuple(outputs), artifacts=arts, note=f"builds Go program {', '.join(outputs)}")

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        if posixpath.basename(cmd.name) != "go" or not cmd.args or cmd.args[0] not in ("build", "install", "mod"):
            return ()
        env = cmd.envmap()
        return (posixpath.join(env.get("GOPATH", "/root/go"), "pkg/mod"), env.get("GOCACHE", "/root/.cache/go-build"))

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
        elif uses_c or cgo_env == "1":
            libc = "musl" if alpine_build else "glibc"
            why = 'the sources import "C"' if uses_c else "the Dockerfile sets CGO_ENABLED=1"
            decisions.append(Decision("linkage", f"dynamic ({libc})", f"{why}: the binary needs the build image's C library at run time"))
        else:
            libc = "static"
            build_env = (("CGO_ENABLED", "0"),)
            decisions.append(Decision("linkage", "static (CGO_ENABLED=0 added to the build stage)",
                                      'no source file imports "C"; without cgo the binary links no libc and runs on any base'))
        shared: list[str] = []
        for _, s in scans:
            shared.extend(s.cgo_libs)
        if any(f.endswith((".cc", ".cpp", ".cxx")) for f in sources.files_under(artifact.source_dir)) and uses_c:
            shared.append("stdc++")
        tz_embedded = "time/tzdata" in imports or "timetzdata" in b.tags
        # The program's own sources are not data it reads at run time.
        refs = tuple(r for _, s in scans for r in s.refs if not r.pattern.endswith(".go"))
        return RuntimeNeeds(
            libc=libc,
            data_refs=refs,
            shared_libs=tuple(sorted(set(shared) - {"c", "pthread", "dl", "m", "rt"})),
            certs=bool(imports & {"net/http", "crypto/tls", "crypto/x509"}),
            tzdata=any(s.loads_location for _, s in scans) and not tz_embedded,
            runs_commands="os/exec" in imports,
            build_env=build_env,
            build_env_why="pure-Go build: the binary then needs no C library in the runtime stage" if build_env else "",
            decisions=tuple(decisions),
        )


GO = Go()


# -- source scanning ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Scan:
    imports: frozenset[str]
    refs: tuple[DataRef, ...]
    cgo_libs: tuple[str, ...]
    loads_location: bool


# Go string literals and comments. A hand-written tokenizer because no maintained Python
# library parses Go; we only need literals, comments and import paths, not a syntax tree.
_TOKEN = re.compile(
    r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|`[^`]*`|\'(?:\\.|[^\'\\\n])*\'',
    re.S,
)
_CALL_BEFORE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?:[A-Za-z_][\w.]*\s*,\s*){0,2}$")


def _unquote(lit: str) -> str:
    if lit.startswith("`"):
        return lit[1:-1]
    body = lit[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _scan(text: str, name: str) -> _Scan:
    imports: set[str] = set()
    refs: list[DataRef] = []
    cgo_libs: list[str] = []
    for m in re.finditer(r"^import\s*\(\s*(.*?)\)|^import\s+(?:[\w.]+\s+)?(\"[^\"]+\")", text, re.M | re.S):
        block = m.group(1) or m.group(2)
        imports.update(re.findall(r"\"([^\"]+)\"", re.sub(r"//[^\n]*", "", block)))
    for m in re.finditer(r"#cgo\s+(?:[\w!,]+\s+)?LDFLAGS:([^\n]*)", text):
        cgo_libs.extend(re.findall(r"-l(\w[\w+.-]*)", m.group(1)))
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.startswith(("//", "/*", "'")):
            continue
        value = _unquote(tok)
        before = text[max(0, m.start() - 120):m.start()]
        call = _CALL_BEFORE.search(before)
        line = text.count("\n", 0, m.start()) + 1
        if call and call.group(1) in _FILE_CALLS:
            refs.append(DataRef(value, f"{name}:{line}", call.group(1)))
        elif _looks_like_path(value):
            refs.append(DataRef(value, f"{name}:{line}", "string literal"))
    loads = "LoadLocation(" in text or re.search(r"\"TZ\"", text) is not None
    return _Scan(frozenset(imports), tuple(refs), tuple(cgo_libs), loads)


def _looks_like_path(s: str) -> bool:
    if not s or len(s) > 200 or any(c in s for c in " \n\t%{}<>|\"'"):
        return False
    return "/" in s or re.search(r"\.[A-Za-z0-9]{1,5}$", s) is not None


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
    return sorted(set(files))


def _scan_imports(text: str) -> Sequence[str]:
    out: list[str] = []
    for m in re.finditer(r"^import\s*\(\s*(.*?)\)|^import\s+(?:[\w.]+\s+)?(\"[^\"]+\")", text, re.M | re.S):
        out.extend(re.findall(r"\"([^\"]+)\"", m.group(1) or m.group(2)))
    return out
