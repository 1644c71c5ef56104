"""CMakeLists.txt, read far enough to say what a CMake build writes and links.

- Targets: `add_executable(NAME [WIN32] [EXCLUDE_FROM_ALL] sources...)` (not IMPORTED/ALIAS),
  `add_library(NAME [STATIC|SHARED|MODULE|OBJECT|INTERFACE] ...)`; the file a target builds is
  `<build dir>/<folder of its CMakeLists relative to the top>/<OUTPUT_NAME or NAME>`, unless
  `CMAKE_RUNTIME_OUTPUT_DIRECTORY` or the target's `RUNTIME_OUTPUT_DIRECTORY` says otherwise
  (`set_target_properties(... PROPERTIES OUTPUT_NAME x RUNTIME_OUTPUT_DIRECTORY d)`).
- Installs: `install(TARGETS t... [RUNTIME] DESTINATION d)` (default bin), `install(FILES ...)`,
  `install(PROGRAMS ...)`, `install(DIRECTORY ...)` below CMAKE_INSTALL_PREFIX (default /usr/local).
- Libraries: `target_link_libraries`, `link_libraries`, the variables and imported targets of
  `find_package(SQLite3|ZLIB|OpenSSL|CURL|PostgreSQL|Boost COMPONENTS ...|Threads|...)` and
  `pkg_check_modules(PREFIX mods...)`: as short library names ("sqlite3", "ssl", "boost_system").
- `if()` branches are all read (a target in either branch is a target); `set()` keeps the last
  value; functions and macros are not run (a target defined inside one is not seen).

Unknown: `add_custom_command`/`add_custom_target` (files the build writes that cannot be listed),
FetchContent/ExternalProject (sources fetched at build time), an imported target whose library
is not in the tables below: `Project.unknown` names them and the caller decides.

Example: `project(hello CXX)` + `add_executable(hello main.cpp)` +
`target_link_libraries(hello SQLite::SQLite3)` configured in /src/build -> /src/build/hello,
links sqlite3, stdc++.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping

from msgspec import Struct, field

# find_package(NAME) -> variables it sets (values: ";"-lists of -lNAME) and imported targets.
_FIND: dict[str, tuple[dict[str, str], dict[str, tuple[str, ...]]]] = {
    "sqlite3": ({"SQLite3_LIBRARIES": "-lsqlite3", "SQLITE3_LIBRARIES": "-lsqlite3"}, {"SQLite::SQLite3": ("sqlite3",)}),
    "zlib": ({"ZLIB_LIBRARIES": "-lz", "ZLIB_LIBRARY": "-lz"}, {"ZLIB::ZLIB": ("z",)}),
    "openssl": ({"OPENSSL_LIBRARIES": "-lssl;-lcrypto", "OPENSSL_SSL_LIBRARY": "-lssl", "OPENSSL_CRYPTO_LIBRARY": "-lcrypto"},
                {"OpenSSL::SSL": ("ssl", "crypto"), "OpenSSL::Crypto": ("crypto",)}),
    "curl": ({"CURL_LIBRARIES": "-lcurl", "CURL_LIBRARY": "-lcurl"}, {"CURL::libcurl": ("curl",)}),
    "postgresql": ({"PostgreSQL_LIBRARIES": "-lpq"}, {"PostgreSQL::PostgreSQL": ("pq",)}),
    "pq": ({"PQ_LIBRARIES": "-lpq"}, {}),
    "threads": ({"CMAKE_THREAD_LIBS_INIT": "-lpthread"}, {"Threads::Threads": ("pthread",)}),
    "libxml2": ({"LIBXML2_LIBRARIES": "-lxml2", "LIBXML2_LIBRARY": "-lxml2"}, {"LibXml2::LibXml2": ("xml2",)}),
    "expat": ({"EXPAT_LIBRARIES": "-lexpat"}, {"EXPAT::EXPAT": ("expat",)}),
    "bzip2": ({"BZIP2_LIBRARIES": "-lbz2"}, {"BZip2::BZip2": ("bz2",)}),
    "liblzma": ({"LIBLZMA_LIBRARIES": "-llzma"}, {"LibLZMA::LibLZMA": ("lzma",)}),
    "png": ({"PNG_LIBRARIES": "-lpng16;-lz"}, {"PNG::PNG": ("png16", "z")}),
    "fmt": ({}, {"fmt::fmt": ("fmt",), "fmt::fmt-header-only": ()}),
    "nlohmann_json": ({}, {"nlohmann_json::nlohmann_json": ()}),
    "gmp": ({"GMP_LIBRARIES": "-lgmp"}, {}),
}
# Boost components that are header-only (no shared library to install).
_BOOST_HEADER_ONLY = frozenset("headers boost asio beast json_header_only".split())
_KEYWORDS_TLL = frozenset("PRIVATE PUBLIC INTERFACE LINK_PRIVATE LINK_PUBLIC LINK_INTERFACE_LIBRARIES debug optimized general".split())
_UNKNOWN_COMMANDS = ("add_custom_command", "add_custom_target", "fetchcontent_declare", "fetchcontent_makeavailable",
                     "externalproject_add", "execute_process")
_GNU_DIRS = {"BINDIR": "bin", "SBINDIR": "sbin", "LIBEXECDIR": "libexec", "SYSCONFDIR": "etc", "LIBDIR": "lib",
             "INCLUDEDIR": "include", "DATAROOTDIR": "share", "DATADIR": "share", "LOCALSTATEDIR": "var",
             "RUNSTATEDIR": "var/run", "DOCDIR": "share/doc", "MANDIR": "share/man"}


class Target(Struct):
    name: str
    kind: str                      # executable | static | shared | module | object | interface
    folder: str                    # source folder of the CMakeLists that defines it
    sources: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)     # items as written (evaluated)
    props: dict[str, str] = field(default_factory=dict)
    exclude_from_all: bool = False
    runtime_dir: str | None = None   # CMAKE_RUNTIME_OUTPUT_DIRECTORY at definition


class Install(Struct):
    kind: str                      # targets | files | programs | directory
    items: list[str]
    destination: str               # as written (relative: below the prefix)
    folder: str                    # source folder of the CMakeLists that says it


class Project(Struct):
    source: str
    build: str
    name: str = ""
    languages: tuple[str, ...] = ("C", "CXX")
    targets: dict[str, Target] = field(default_factory=dict)
    installs: list[Install] = field(default_factory=list)
    imported: dict[str, tuple[str, ...]] = field(default_factory=dict)   # imported target -> libs
    unknown: list[str] = field(default_factory=list)                     # reasons the links cannot be followed
    unlisted: list[str] = field(default_factory=list)                    # steps writing files that cannot be listed
    generated: list[str] = field(default_factory=list)                   # configure_file() outputs
    vars: dict[str, str] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)                     # every source folder read
    install_prefix: str = "/usr/local"
    build_shared: bool = False

    def output(self, t: Target) -> str:
        """Where the build writes target T's program or library."""
        name = t.props.get("OUTPUT_NAME") or t.name
        if t.kind == "shared" or t.kind == "module":
            name = "lib" + name + ".so" if t.kind == "shared" else name + ".so"
            out_dir = t.props.get("LIBRARY_OUTPUT_DIRECTORY")
        elif t.kind == "static":
            name = "lib" + name + ".a"
            out_dir = t.props.get("ARCHIVE_OUTPUT_DIRECTORY")
        else:
            out_dir = t.props.get("RUNTIME_OUTPUT_DIRECTORY") or t.runtime_dir
        if not out_dir:
            out_dir = posixpath.join(self.build, posixpath.relpath(t.folder, self.source))
        return posixpath.normpath(posixpath.join(out_dir, name))

    def libraries(self, t: Target, seen: set[str] | None = None) -> tuple[list[str], list[str]]:
        """(short library names the target links, problems): project libraries followed."""
        seen = seen if seen is not None else set()
        libs: list[str] = []
        problems: list[str] = []
        for item in t.links:
            for part in item.split(";"):
                part = part.strip()
                if not part or part in _KEYWORDS_TLL:
                    continue
                if part in self.targets:
                    dep = self.targets[part]
                    if dep.kind in ("shared", "module"):
                        problems.append(f"it links the shared library {part} this project builds, whose place at run "
                                        "time (RPATH, ldconfig) this analysis does not follow")
                    if part not in seen:
                        seen.add(part)
                        more, probs = self.libraries(dep, seen)
                        libs.extend(more)
                        problems.extend(probs)
                elif part in self.imported:
                    libs.extend(self.imported[part])
                elif part.startswith("-l"):
                    libs.append(part[2:])
                elif part.startswith("-"):
                    continue          # a linker flag (-Wl,..., -pthread, -static-libstdc++)
                elif "::" in part:
                    problems.append(f"it links {part}, an imported target whose runtime library is not known here")
                elif "/" in part or part.endswith((".a", ".so")):
                    base = posixpath.basename(part)
                    m = re.fullmatch(r"lib(.+?)\.so(\.[\d.]+)?", base)
                    if m:
                        libs.append(m.group(1))
                    elif not base.endswith(".a"):
                        problems.append(f"it links {part}, a library file this analysis does not place")
                elif re.fullmatch(r"[A-Za-z0-9_+.-]+", part):
                    libs.append(part)
                else:
                    problems.append(f"it links {part}, which this analysis cannot read")
        return libs, problems

    def is_cxx(self, t: Target, seen: set[str] | None = None) -> bool:
        cxx = (".cpp", ".cc", ".cxx", ".c++", ".C", ".hpp")
        if any(s.endswith(cxx) for s in t.sources) or t.props.get("LINKER_LANGUAGE") == "CXX":
            return True
        if not t.sources or any("*" in s or "$" in s for s in t.sources):
            return "CXX" in self.languages
        seen = seen if seen is not None else set()
        for item in t.links:
            dep = self.targets.get(item)
            if dep is not None and item not in seen and dep.kind in ("static", "object", "interface"):
                seen.add(item)
                if self.is_cxx(dep, seen):
                    return True
        return False


def _tokens(text: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    """CMake commands: (lower-case name, [(argument, quoted)]); comments and bracket comments skipped."""
    out: list[tuple[str, list[tuple[str, bool]]]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            m = re.match(r"#\[(=*)\[", text[i:])
            if m:
                end = text.find("]" + m.group(1) + "]", i)
                i = n if end < 0 else end + len(m.group(1)) + 2
            else:
                j = text.find("\n", i)
                i = n if j < 0 else j
            continue
        m = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(").match(text, i)
        if not m:
            i += 1
            continue
        name = m.group(1).lower()
        i = m.end()
        args: list[tuple[str, bool]] = []
        depth = 1
        cur: list[str] = []

        while i < n and depth:
            c = text[i]
            if c == '"':
                if cur:
                    args.append(("".join(cur), False))
                    cur.clear()
                j = i + 1
                buf = []
                while j < n and text[j] != '"':
                    if text[j] == "\\" and j + 1 < n:
                        buf.append(text[j:j + 2] if text[j + 1] not in '"\\' else text[j + 1])
                        j += 2
                        continue
                    buf.append(text[j])
                    j += 1
                args.append(("".join(buf), True))
                i = j + 1
                continue
            if c == "#":
                j = text.find("\n", i)
                i = n if j < 0 else j
                continue
            if c == "(":
                depth += 1
                cur.append(c)
            elif c == ")":
                depth -= 1
                if depth:
                    cur.append(c)
            elif c.isspace():
                if cur:
                    args.append(("".join(cur), False))
                    cur.clear()
            else:
                cur.append(c)
            i += 1
        if cur:
            args.append(("".join(cur), False))
        out.append((name, args))
    return out


class _Reader:
    def __init__(self, project: Project, read: Callable[[str], str | None], cache: Mapping[str, str]):
        self.p = project
        self.read = read
        self.vars: dict[str, str] = {"CMAKE_SOURCE_DIR": project.source, "CMAKE_BINARY_DIR": project.build,
                                     "PROJECT_SOURCE_DIR": project.source, "PROJECT_BINARY_DIR": project.build,
                                     "CMAKE_INSTALL_PREFIX": "/usr/local", "CMAKE_COMMAND": "cmake"}
        self.vars.update(cache)
        self.cache = dict(cache)

    def expand(self, s: str, folder: str) -> str:
        local = {"CMAKE_CURRENT_SOURCE_DIR": folder, "CMAKE_CURRENT_LIST_DIR": folder,
                 "CMAKE_CURRENT_BINARY_DIR": posixpath.normpath(posixpath.join(self.p.build, posixpath.relpath(folder, self.p.source)))}
        for _ in range(10):
            new = re.sub(r"\$\{([A-Za-z0-9_.+-]+)\}", lambda m: local.get(m.group(1), self.vars.get(m.group(1), "")), s)
            if new == s:
                break
            s = new
        return s

    def args(self, raw: list[tuple[str, bool]], folder: str) -> list[str]:
        out: list[str] = []
        for a, quoted in raw:
            v = self.expand(a, folder)
            if quoted:
                out.append(v)
            else:
                out.extend(x for x in v.split(";") if x != "")
        return out

    def file(self, folder: str, depth: int = 0) -> bool:
        text = self.read(posixpath.join(folder, "CMakeLists.txt"))
        if text is None or depth > 20:
            return False
        self.p.folders.append(folder)
        skip = 0
        for name, raw in _tokens(text):
            if name in ("function", "macro"):
                skip += 1
                continue
            if name in ("endfunction", "endmacro"):
                skip = max(0, skip - 1)
                continue
            if skip:
                continue
            self.command(name, raw, folder, depth)
        return True

    def command(self, name: str, raw: list[tuple[str, bool]], folder: str, depth: int) -> None:
        a = self.args(raw, folder)
        p = self.p
        if name == "project" and a:
            p.name = a[0]
            self.vars["PROJECT_NAME"] = a[0]
            if folder == p.source:
                self.vars["CMAKE_PROJECT_NAME"] = a[0]
            rest = [x for x in a[1:]]
            if "LANGUAGES" in rest:
                langs = rest[rest.index("LANGUAGES") + 1:]
                p.languages = tuple(x for x in langs if x.isupper() and x not in ("VERSION", "DESCRIPTION", "HOMEPAGE_URL"))
            elif rest and rest[0] not in ("VERSION", "DESCRIPTION", "HOMEPAGE_URL"):
                p.languages = tuple(x for x in rest if x in ("C", "CXX", "ASM", "CUDA", "Fortran"))
        elif name == "set" and a:
            var = a[0]
            vals = a[1:]
            if "CACHE" in vals:
                vals = vals[:vals.index("CACHE")]
                if var in self.cache:
                    return        # a cache entry given on the command line wins
            if "PARENT_SCOPE" in vals:
                vals = vals[:vals.index("PARENT_SCOPE")]
            self.vars[var] = ";".join(vals)
        elif name == "option" and len(a) >= 2 and a[0] not in self.cache:
            self.vars.setdefault(a[0], a[2] if len(a) > 2 else "OFF")
        elif name == "list" and len(a) >= 2 and a[0] == "APPEND":
            cur = self.vars.get(a[1], "")
            self.vars[a[1]] = ";".join(x for x in [cur, *a[2:]] if x)
        elif name == "include" and a and a[0] == "GNUInstallDirs":
            for k, v in _GNU_DIRS.items():
                self.vars.setdefault(f"CMAKE_INSTALL_{k}", v)
                self.vars.setdefault(f"CMAKE_INSTALL_FULL_{k}", posixpath.join(self.vars.get("CMAKE_INSTALL_PREFIX", "/usr/local"), v))
        elif name == "find_package" and a:
            self.find_package(a)
        elif name == "pkg_check_modules" and len(a) >= 2:
            prefix = a[0]
            mods = [m for m in a[1:] if m not in ("REQUIRED", "QUIET", "IMPORTED_TARGET", "GLOBAL", "NO_CMAKE_PATH",
                                                   "NO_CMAKE_ENVIRONMENT_PATH")]
            from .packages import pkg_config_libs
            libs: list[str] = []
            for m in mods:
                found = pkg_config_libs(re.split(r"[<>=]", m)[0])
                if found is None:
                    p.unknown.append(f"pkg_check_modules({prefix} {m}): the library of pkg-config module {m} is not known")
                    continue
                libs.extend(found)
            value = ";".join(f"-l{x}" for x in libs)
            for suffix in ("LIBRARIES", "LINK_LIBRARIES", "LDFLAGS"):
                self.vars[f"{prefix}_{suffix}"] = value
            p.imported[f"PkgConfig::{prefix}"] = tuple(libs)
        elif name == "add_executable" and a:
            if len(a) > 1 and a[1] in ("IMPORTED", "ALIAS"):
                return
            flags = {"WIN32", "MACOSX_BUNDLE", "EXCLUDE_FROM_ALL"}
            exe = Target(a[0], "executable", folder, [x for x in a[1:] if x not in flags],
                       exclude_from_all="EXCLUDE_FROM_ALL" in a[1:],
                       runtime_dir=self.vars.get("CMAKE_RUNTIME_OUTPUT_DIRECTORY") or None)
            exe.links.extend(x for x in self.vars.get("_LINK_LIBRARIES", "").split(";") if x)
            p.targets[a[0]] = exe
        elif name == "add_library" and a:
            if len(a) > 1 and a[1] in ("IMPORTED", "ALIAS"):
                if a[1] == "ALIAS" and len(a) > 2:
                    p.imported[a[0]] = ()
                    if a[2] in p.targets:
                        p.targets[a[0]] = p.targets[a[2]]
                return
            kinds = {"STATIC": "static", "SHARED": "shared", "MODULE": "module", "OBJECT": "object", "INTERFACE": "interface"}
            kind = next((kinds[x] for x in a[1:3] if x in kinds), None)
            if kind is None:
                on = self.vars.get("BUILD_SHARED_LIBS", "").upper() in ("ON", "1", "TRUE", "YES", "Y")
                kind = "shared" if on else "static"
            p.targets[a[0]] = Target(a[0], kind, folder, [x for x in a[1:] if x not in kinds and x != "EXCLUDE_FROM_ALL"],
                                     exclude_from_all="EXCLUDE_FROM_ALL" in a[1:])
        elif name in ("target_link_libraries", "target_link_options") and a:
            tg = p.targets.get(a[0])
            if tg is not None:
                tg.links.extend(a[1:])      # link options (-static) are read from the same list
        elif name == "link_libraries":
            cur = self.vars.get("_LINK_LIBRARIES", "")
            self.vars["_LINK_LIBRARIES"] = ";".join(x for x in [cur, *a] if x)
        elif name == "target_sources" and a:
            tg = p.targets.get(a[0])
            if tg is not None:
                tg.sources.extend(x for x in a[1:] if x not in ("PRIVATE", "PUBLIC", "INTERFACE"))
        elif name == "set_target_properties" and "PROPERTIES" in a:
            i = a.index("PROPERTIES")
            pairs = a[i + 1:]
            for tname in a[:i]:
                tg = p.targets.get(tname)
                if tg is not None:
                    for k, v in zip(pairs[::2], pairs[1::2], strict=False):
                        tg.props[k] = v
        elif name == "set_property" and len(a) >= 4 and a[0] == "TARGET" and "PROPERTY" in a:
            i = a.index("PROPERTY")
            for tname in a[1:i]:
                tg = p.targets.get(tname)
                if tg is not None and i + 1 < len(a):
                    tg.props[a[i + 1]] = ";".join(a[i + 2:])
        elif name == "add_subdirectory" and a:
            sub = posixpath.normpath(posixpath.join(folder, a[0]))
            saved = dict(self.vars)
            if not self.file(sub, depth + 1):
                p.unknown.append(f"add_subdirectory({a[0]}): {sub}/CMakeLists.txt is not in the image")
            # Variables set in a subdirectory stay there (CMake's directory scope).
            self.vars = saved
        elif name == "install" and a:
            self.install(a, folder)
        elif name == "configure_file" and len(a) >= 2:
            cur_bin = posixpath.normpath(posixpath.join(p.build, posixpath.relpath(folder, p.source)))
            p.generated.append(posixpath.normpath(posixpath.join(cur_bin, a[1])))
        elif name in _UNKNOWN_COMMANDS:
            p.unlisted.append(f"{name}(): the build writes or fetches files this analysis cannot list")

    def find_package(self, a: list[str]) -> None:
        pkg = a[0]
        key = pkg.lower()
        if key == "boost":
            comps: list[str] = []
            take = False
            for x in a[1:]:
                if x in ("COMPONENTS", "REQUIRED", "OPTIONAL_COMPONENTS"):
                    take = x != "OPTIONAL_COMPONENTS" or True
                    continue
                if take and re.fullmatch(r"[a-z_0-9]+", x):
                    comps.append(x)
            libs = [f"boost_{c}" for c in comps if c not in _BOOST_HEADER_ONLY]
            self.vars["Boost_LIBRARIES"] = ";".join(f"-l{x}" for x in libs)
            for c in comps:
                self.p.imported[f"Boost::{c}"] = () if c in _BOOST_HEADER_ONLY else (f"boost_{c}",)
                self.vars[f"Boost_{c.upper()}_LIBRARY"] = "" if c in _BOOST_HEADER_ONLY else f"-lboost_{c}"
            for h in ("boost", "headers", "disable_autolinking", "dynamic_linking", "diagnostic_definitions"):
                self.p.imported[f"Boost::{h}"] = ()
            return
        if key == "pkgconfig":
            return
        found = _FIND.get(key)
        if found is None:
            return        # its variables stay empty; an imported target of it is reported where linked
        variables, targets = found
        self.vars.update(variables)
        self.p.imported.update(targets)

    def install(self, a: list[str], folder: str) -> None:
        kind = a[0].lower()
        if kind not in ("targets", "files", "programs", "directory"):
            return
        keywords = {"DESTINATION", "RUNTIME", "LIBRARY", "ARCHIVE", "PERMISSIONS", "COMPONENT", "CONFIGURATIONS",
                    "RENAME", "OPTIONAL", "EXPORT", "INCLUDES", "FRAMEWORK", "BUNDLE", "PUBLIC_HEADER", "PRIVATE_HEADER",
                    "RESOURCE", "FILES_MATCHING", "PATTERN", "REGEX", "USE_SOURCE_PERMISSIONS", "TYPE", "NAMELINK_SKIP",
                    "FILE_PERMISSIONS", "DIRECTORY_PERMISSIONS", "EXCLUDE_FROM_ALL", "OBJECTS", "CXX_MODULES_BSMI"}
        items: list[str] = []
        i = 1
        while i < len(a) and a[i] not in keywords:
            items.append(a[i])
            i += 1
        default_dest = runtime_dest = None
        section = None
        while i < len(a):
            x = a[i]
            if x in ("RUNTIME", "LIBRARY", "ARCHIVE"):
                section = x
            elif x == "DESTINATION" and i + 1 < len(a):
                if section == "RUNTIME":
                    runtime_dest = a[i + 1]
                elif section is None:
                    default_dest = a[i + 1]
                i += 1
            elif x == "TYPE" and i + 1 < len(a):
                default_dest = {"BIN": "bin", "SBIN": "sbin", "LIB": "lib", "SYSCONF": "etc", "DATA": "share",
                                "LOCALSTATE": "var"}.get(a[i + 1], "share")
                i += 1
            i += 1
        dest = runtime_dest or default_dest
        if dest is None:
            if kind != "targets":
                self.p.unknown.append(f"install({a[0]} ...) without DESTINATION")
                return
            dest = self.vars.get("CMAKE_INSTALL_BINDIR", "bin")
        self.p.installs.append(Install(kind, items, dest, folder))


def read_project(source: str, build: str, read: Callable[[str], str | None], cache: Mapping[str, str]) -> Project | None:
    """The project whose top CMakeLists.txt is in SOURCE, configured in BUILD with CACHE (-D
    values); None when that file is not readable."""
    p = Project(source=source, build=build)
    r = _Reader(p, read, cache)
    if not r.file(source):
        return None
    prefix = r.vars.get("CMAKE_INSTALL_PREFIX") or "/usr/local"
    p.install_prefix = prefix
    p.vars = r.vars
    return p
