"""C and C++: which commands build a program, and what that program needs at run time.

- Compilers: `gcc`/`g++`/`cc`/`c++`/`clang`/`clang++` (also `gcc-12`, `musl-gcc`) with `-o OUT`
  (no -o: `a.out`); `-c`/`-S`/`-E` only compile (the objects are written, no program); `-shared`
  builds a library. Libraries: `-lNAME`, `-l NAME`, `libNAME.so` inputs, `$(pkg-config --libs
  NAME)` (heuristics/packages.PKG_CONFIG_LIBS); `-Wl,-Bstatic` ... `-Wl,-Bdynamic` parts and
  `.a` archives need nothing at run time.
- `make`: a readable Makefile is followed by heuristics/make.py, whose recipe lines come back
  here (`$(CC) -o app main.o -lz`); make's built-in rules (`%.o: %.c`) are part of it.
- CMake: `cmake [-S SRC] [-B BUILD] [-DVAR=VALUE ...] [SRC]` (or `cmake ..` in `build/`)
  configures; `cmake --build BUILD [--target T]`, and `make`/`ninja` in BUILD, build; `cmake
  --install BUILD [--prefix P]`, `cmake --build BUILD --target install` and `make install`
  (DESTDIR, CMAKE_INSTALL_PREFIX) install. heuristics/cmake.py reads CMakeLists.txt for the
  targets (where each program lands), the installs and the libraries each target links. The
  build folder's CMakeFiles/, CMakeCache.txt, Makefile and objects are caches: never carried.
- Linkage: static with `-static` (compiler flags, CMAKE_EXE_LINKER_FLAGS, target link options);
  else the build image's C library: musl on alpine (build-base), glibc on Debian/Ubuntu and the
  gcc/buildpack-deps images. A static glibc program that resolves names or users (getaddrinfo,
  getpwnam, ...) loads glibc's NSS modules at run time: it stays on a glibc base.
- C++ linked by a C++ driver (g++/c++/clang++) or with -lstdc++ needs libstdc++ and libgcc_s,
  unless -static-libstdc++/-static-libgcc; `gcc`/`cc` on a .cpp source link no libstdc++. The gcc image's own GCC installs its libstdc++ in
  /usr/local/lib64: when that GCC is newer than the one of the image's Debian release, no
  runtime base has a libstdc++ new enough, and the conversion is refused.
- Data files: string literals handed to fopen/open/ifstream/opendir/sqlite3_open in the sources
  (the program's folders are carried anyway: converter/carry.py).

Example: `RUN gcc -O2 -o /usr/local/bin/notes notes.c -lsqlite3` on gcc:12 -> the program
/usr/local/bin/notes, glibc, shared library sqlite3 (libsqlite3-0 on bookworm).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import cast

from msgspec import Struct, field

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, DataRef, Decision, Launch, RuntimeNeeds, SourceView, base_images, cmake, packages

_COMPILER = re.compile(r"(?:[\w.-]+-)?(gcc|g\+\+|cc|c\+\+|clang|clang\+\+)(?:-\d+(?:\.\d+)*)?$")
_CXX_DRIVERS = frozenset(("g++", "c++", "clang++"))
_C_SOURCES = (".c", ".i")
_CXX_SOURCES = (".cpp", ".cc", ".cxx", ".c++", ".C", ".cp", ".CPP", ".ii")
_ALL_SOURCES = _C_SOURCES + _CXX_SOURCES + (".s", ".S", ".sx")
# Flags whose value is the next word.
_VALUE_FLAGS = frozenset("-o -I -L -l -D -U -include -imacros -isystem -idirafter -iquote -iprefix -x -MF -MT -MQ "
                         "-Xlinker -Xassembler -Xpreprocessor -T -u -e -z --sysroot -B -aux-info -wrapper".split())
# Flags whose value may be known only at build time: they change how the program is compiled, never where it lands.
_BUILD_TIME_PREFIXES = ("-D", "-U", "-I", "-W", "-f", "-O", "-g", "-m", "-std=", "-isystem", "-iquote", "-idirafter")
# Libraries that exist only as static archives, or are part of the toolchain's static runtime.
_STATIC_ONLY = frozenset(("stdc++fs", "c_nonshared", "gcc", "gcc_eh", "ssp_nonshared"))
# Calls whose first string argument is a path the program opens.
_FILE_CALL = re.compile(
    r"\b(fopen|freopen|open|opendir|access|stat|sqlite3_open(?:_v2)?|(?:std::)?[io]?fstream\s+\w+|(?:std::)?[io]?fstream|"
    r"\.open|dlopen)\s*\(\s*\"([^\"\\\n]+)\"")
_NSS_CALLS = re.compile(r"\b(getaddrinfo|gethostbyname2?|gethostbyaddr|getnameinfo|getpwnam|getpwuid|getgrnam|getgrgid|"
                        r"getservbyname|getprotobyname|getpwent|getgrent|initgroups|getlogin)\s*\(")
# System GCC of each Debian/Ubuntu release: the libstdc++6 its runtime images carry.
_SYSTEM_GCC = {"buster": 8, "bullseye": 10, "bookworm": 12, "trixie": 14, "focal": 10, "jammy": 12, "noble": 14}


class _CC(Struct):
    driver: str
    output: str | None = None
    inputs: list[str] = field(default_factory=list)
    libs: list[str] = field(default_factory=list)
    static_libs: list[str] = field(default_factory=list)
    compile_only: bool = False
    shared: bool = False
    static: bool = False
    static_libstdcxx: bool = False
    static_libgcc: bool = False
    cxx_lang: bool = False
    problem: str = ""


def _pkg_config_word(text: str) -> list[str] | None:
    """`$(pkg-config --cflags --libs sqlite3)` -> ["-lsqlite3"]; None when not a pkg-config call
    this analysis can read (unknown module, or another command)."""
    m = re.fullmatch(r"\$\((.*)\)|`(.*)`", text.strip(), re.S)
    if not m:
        return None
    words = (m.group(1) or m.group(2) or "").split()
    if not words or posixpath.basename(words[0]) not in ("pkg-config", "pkgconf"):
        return None
    if "--libs" not in words and "--libs-only-l" not in words:
        return []           # --cflags only: no library
    out: list[str] = []
    for w in words[1:]:
        if w.startswith("-"):
            continue
        libs = packages.pkg_config_libs(re.split(r"[<>=]", w)[0])
        if libs is None:
            return None
        out.extend(f"-l{x}" for x in libs)
    return out


def _parse_cc(driver: str, words: Sequence[tuple[str, bool]]) -> _CC:
    cc = _CC(driver)
    cc.cxx_lang = driver in _CXX_DRIVERS
    bstatic = False
    i = 0
    lang = None
    while i < len(words):
        a, known = words[i]
        if not known:
            expanded = _pkg_config_word(a)
            if expanded is not None:
                for x in expanded:
                    (cc.static_libs if bstatic else cc.libs).append(x[2:])
            elif not a.startswith(_BUILD_TIME_PREFIXES):
                cc.problem = f"{a!r} is known only when the build runs"
            i += 1
            continue
        if a.startswith("@"):
            cc.problem = f"a response file ({a}) this analysis does not read"
        elif a.startswith("-") and a != "-":
            name, value = a, None
            if a in _VALUE_FLAGS:
                value = words[i + 1][0] if i + 1 < len(words) else ""
                i += 1
            elif a[:2] in ("-o", "-l", "-L", "-I", "-D", "-U", "-x") and len(a) > 2:
                name, value = a[:2], a[2:]
            if name == "-o":
                cc.output = value
            elif name == "-l" and value:
                if value.startswith(":"):
                    pass       # -l:libfoo.a names a file: a static archive or an exact soname
                else:
                    (cc.static_libs if bstatic else cc.libs).append(value)
            elif name == "-x":
                lang = value
                cc.cxx_lang = cc.cxx_lang or (value or "").startswith("c++")
            elif a in ("-c", "-S", "-E", "-M", "-MM", "-fsyntax-only"):
                cc.compile_only = True
            elif a == "-shared":
                cc.shared = True
            elif a in ("-static", "-static-pie", "--static"):
                cc.static = True
            elif a == "-static-libstdc++":
                cc.static_libstdcxx = True
            elif a == "-static-libgcc":
                cc.static_libgcc = True
            elif a.startswith("-Wl,"):
                for part in a[4:].split(","):
                    if part in ("-Bstatic", "-static", "-dn", "-non_shared"):
                        bstatic = True
                    elif part in ("-Bdynamic", "-dy", "-call_shared"):
                        bstatic = False
                    elif part.startswith("-l"):
                        (cc.static_libs if bstatic else cc.libs).append(part[2:])
        else:
            cc.inputs.append(a)
            if a.endswith(_CXX_SOURCES) or (lang or "").startswith("c++"):
                cc.cxx_lang = True
            m = re.search(r"(?:^|/)lib([^/]+?)\.so(?:\.[\d.]+)?$", a)
            if m:
                cc.libs.append(m.group(1))
        i += 1
    return cc


def _words(cmd: SimpleCommand) -> list[tuple[str, bool]]:
    return [(w.text, w.known) for w in cmd.argv[1:]]


# -- CMake state between configure and build -----------------------------------------------------

class _Configured(Struct):
    source: str
    build: str
    cache: dict[str, str]
    argv: tuple[str, ...]           # the configure command's words
    generator: str


def _state(sources: SourceView) -> dict[str, _Configured]:
    """Build folder -> its configuration, for this walk (cmake configures, a later command builds)."""
    return cast("dict[str, _Configured]", sources.notes("cmake"))


def _parse_configure(cmd: SimpleCommand, sources: SourceView) -> _Configured | str | None:
    """A configure command's folders and -D values; a string: why it is not read."""
    args = list(cmd.args)
    src = bld = None
    cache: dict[str, str] = {}
    generator = "Unix Makefiles"
    positional: list[str] = []
    i = 0
    def value(a: str) -> str:
        nonlocal i
        if len(a) > 2 and not a.startswith("--"):
            return a[2:]
        i += 1
        return args[i] if i < len(args) else ""

    while i < len(args):
        a = args[i]
        if a.startswith("-S") and not a.startswith("--"):
            src = value(a)
        elif a.startswith("-H") and not a.startswith("--"):
            src = value(a)
        elif a.startswith("-B") and not a.startswith("--"):
            bld = value(a)
        elif a.startswith("-D") and not a.startswith("--"):
            k, _, v = value(a).partition("=")
            cache[k.split(":")[0]] = v
        elif a.startswith("-G") and not a.startswith("--"):
            generator = value(a)
        elif a in ("-U", "-T", "-A", "--toolchain", "--install-prefix", "--log-level", "--graphviz", "-W") or \
                a.startswith(("--log-level=", "--toolchain=", "--install-prefix=", "-W", "--warn", "--no-warn")):
            if a == "--install-prefix" and i + 1 < len(args):
                cache["CMAKE_INSTALL_PREFIX"] = args[i + 1]
            elif a.startswith("--install-prefix="):
                cache["CMAKE_INSTALL_PREFIX"] = a.split("=", 1)[1]
            if a in ("-U", "-T", "-A", "--toolchain", "--install-prefix", "--log-level", "--graphviz"):
                i += 1
        elif a.startswith("-C") or a.startswith("--preset") or a in ("-P", "--fresh-cache-only"):
            return f"cmake {a}: settings from a file this analysis does not read"
        elif a.startswith("-"):
            pass       # --fresh, -Wno-dev, --debug-output, ...
        else:
            positional.append(a)
        i += 1
    cwd = cmd.cwd
    if positional:
        path = posixpath.normpath(posixpath.join(cwd, positional[-1]))
        if sources.read(posixpath.join(path, "CMakeLists.txt")) is not None:
            src = src or path
        elif path in _state(sources):
            known = _state(sources)[path]
            src, bld = known.source, bld or known.build
            cache = {**known.cache, **cache}
    if src is None:
        if bld is None:
            return None
        src = cwd
    source = posixpath.normpath(posixpath.join(cwd, src))
    build = posixpath.normpath(posixpath.join(cwd, bld)) if bld else cwd
    if "Multi-Config" in generator or generator.startswith(("Xcode", "Visual Studio")):
        return f"the {generator} generator puts each configuration's programs in a folder of its own"
    return _Configured(source, build, cache, tuple(w.text for w in cmd.argv), generator)


class CFamily:
    name = "c"
    language = "C/C++"
    build_inputs: tuple[str, ...] = (
        "*.c", "*.h", "*.cpp", "*.cc", "*.cxx", "*.c++", "*.hpp", "*.hh", "*.hxx", "*.inl", "*.ipp", "*.o", "*.obj",
        "*.a", "*.s", "*.S", "CMakeLists.txt", "*.cmake", "CMakePresets.json", "CMakeUserPresets.json", "CMakeFiles",
        "CMakeCache.txt", "Makefile", "makefile", "GNUmakefile", "*.mk", "configure.ac", "Makefile.am", "Makefile.in",
        "meson.build", "conanfile.txt", "conanfile.py", "vcpkg.json", ".clang-format", ".clang-tidy", "compile_commands.json",
        "*.d",
    )

    # -- commands --------------------------------------------------------------------------------
    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        name = posixpath.basename(cmd.name)
        if name in ("pkg-config", "pkgconf"):
            return CommandEffect(note="pkg-config: prints compiler flags")
        if name in ("ldconfig", "ctest"):
            return CommandEffect(note=f"{name}: nothing the runtime stage copies")
        eff = None
        if _COMPILER.fullmatch(name):
            eff = self._compile(cmd, line)
        elif name == "cmake":
            eff = self._cmake(cmd, line, sources)
        elif name in ("make", "gmake", "ninja"):
            eff = self._native_build(cmd, line, sources)
        return eff

    def _compile(self, cmd: SimpleCommand, line: int) -> CommandEffect | None:
        driver = _COMPILER.fullmatch(posixpath.basename(cmd.name)).group(1)  # type: ignore[union-attr]
        cc = _parse_cc(driver, _words(cmd))
        if cc.problem:
            return None
        if not cc.inputs and cc.output is None:
            return CommandEffect(note=f"{driver}: prints (no input file)")
        cwd = cmd.cwd
        if cc.compile_only:
            if cc.output:
                return CommandEffect(writes=(posixpath.normpath(posixpath.join(cwd, cc.output)),), note=f"{driver} -c: objects")
            objs = [posixpath.join(cwd, posixpath.splitext(posixpath.basename(s))[0] + ".o")
                    for s in cc.inputs if s.endswith(_ALL_SOURCES)]
            return CommandEffect(writes=tuple(objs), note=f"{driver} -c: objects")
        out = posixpath.normpath(posixpath.join(cwd, cc.output or "a.out"))
        if cc.shared:
            return CommandEffect(writes=(out,), note=f"{driver} -shared: a library")
        # source_dir: the folder the compiler ran in (its relative inputs are read from there)
        art = BuiltArtifact(path=out, ecosystem=self.name, kind="binary", source_dir=cwd, build_env=cmd.env,
                            line=line, argv=tuple(w.text for w in cmd.argv))
        return CommandEffect(writes=(out,), artifacts=(art,), note=f"builds C/C++ program {out}")

    # -- CMake -----------------------------------------------------------------------------------
    def _cmake(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        args = cmd.args
        if not args:
            return None
        if args[0] in ("--version", "--help", "-h", "--system-information") or args[0].startswith("--help"):
            return CommandEffect(note="cmake: prints")
        if args[0] == "-E":
            return None          # cmake -E copy/make_directory/...: coreutils-like tools not read here
        if args[0] == "--build":
            if len(args) < 2:
                return None
            build = posixpath.normpath(posixpath.join(cmd.cwd, args[1]))
            targets: list[str] = []
            i = 2
            while i < len(args):
                a = args[i]
                if a in ("--target", "-t"):
                    i += 1
                    while i < len(args) and not args[i].startswith("-"):
                        targets.append(args[i])
                        i += 1
                    continue
                if a.startswith("--target="):
                    targets.append(a.split("=", 1)[1])
                elif a == "--":
                    break
                elif a in ("--config", "-j", "--parallel") and i + 1 < len(args) and not args[i + 1].startswith("-"):
                    i += 1
                i += 1
            return self._build(cmd, line, sources, build, targets, {}, None)
        if args[0] == "--install":
            if len(args) < 2:
                return None
            build = posixpath.normpath(posixpath.join(cmd.cwd, args[1]))
            prefix = None
            for i, a in enumerate(args):
                if a == "--prefix" and i + 1 < len(args):
                    prefix = args[i + 1]
                elif a.startswith("--prefix="):
                    prefix = a.split("=", 1)[1]
                elif a == "--component":
                    return None     # a component's files: not followed
            return self._build(cmd, line, sources, build, ["install"], {}, prefix, only_install=True)
        conf = _parse_configure(cmd, sources)
        if conf is None or isinstance(conf, str):
            return None
        project = cmake.read_project(conf.source, conf.build, sources.read, conf.cache)
        if project is None:
            return None        # no CMakeLists.txt the analysis can read: unknown effect
        _state(sources)[conf.build] = conf
        b = conf.build
        caches = [posixpath.join(b, "CMakeFiles"), posixpath.join(b, "CMakeCache.txt")]
        for folder in project.folders:
            rel = posixpath.relpath(folder, conf.source)
            d = posixpath.normpath(posixpath.join(b, rel))
            caches += [posixpath.join(d, "CMakeFiles"), posixpath.join(d, "cmake_install.cmake"),
                       posixpath.join(d, "Makefile" if "Ninja" not in conf.generator else "build.ninja"),
                       posixpath.join(d, "CTestTestfile.cmake")]
        return CommandEffect(writes=tuple(project.generated), caches=tuple(dict.fromkeys(caches)),
                             note=f"cmake configures {conf.source} in {b}")

    def _native_build(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        """make/ninja in a folder cmake configured (its Makefile is generated, not readable)."""
        args = list(cmd.args)
        cwd = cmd.cwd
        targets: list[str] = []
        assigns: dict[str, str] = {}
        i = 0
        while i < len(args):
            a = args[i]
            if a in ("-C", "--directory") and i + 1 < len(args):
                cwd = posixpath.normpath(posixpath.join(cwd, args[i + 1]))
                i += 2
                continue
            if a.startswith("-C") and len(a) > 2:
                cwd = posixpath.normpath(posixpath.join(cwd, a[2:]))
            elif a in ("-j", "-l", "-k") and i + 1 < len(args) and args[i + 1].isdigit():
                i += 1
            elif a.startswith("-"):
                pass
            elif "=" in a:
                k, _, v = a.partition("=")
                assigns[k] = v
            else:
                targets.append(a)
            i += 1
        if cwd not in _state(sources):
            return None
        return self._build(cmd, line, sources, cwd, targets, assigns, None)

    def _build(self, cmd: SimpleCommand, line: int, sources: SourceView, build: str, targets: list[str],
               assigns: Mapping[str, str], prefix: str | None, only_install: bool = False) -> CommandEffect | None:
        conf = _state(sources).get(build)
        if conf is None:
            return None         # not configured by a command this analysis read
        project = cmake.read_project(conf.source, conf.build, sources.read, conf.cache)
        if project is None:
            return None
        argv = (*conf.argv, "&&", *(w.text for w in cmd.argv))
        writes: list[str] = []
        artifacts: list[BuiltArtifact] = []
        wanted = [t for t in targets if t not in ("all", "install", "install/strip", "install/local", "clean", "test")]
        unknown_targets = [t for t in wanted if t not in project.targets]
        if unknown_targets:
            return None         # a custom target or a file: not read
        if "clean" in targets or "test" in targets and not wanted:
            return CommandEffect(note=f"{' '.join(targets)} in {build}")
        selected = [project.targets[t] for t in wanted] if wanted else [t for t in project.targets.values()
                                                                         if not t.exclude_from_all]

        def art(path: str) -> BuiltArtifact:
            return BuiltArtifact(path=path, ecosystem=self.name, kind="binary", source_dir=conf.source, build_env=cmd.env,
                                 line=line, argv=argv)

        if not only_install:
            for t in dict.fromkeys(id(t) for t in selected):
                tgt = next(x for x in selected if id(x) == t)
                if tgt.kind in ("object", "interface"):
                    continue
                out = project.output(tgt)
                writes.append(out)
                if tgt.kind == "executable":
                    artifacts.append(art(out))
        trees: list[str] = []
        installing = any(t.startswith("install") for t in targets)
        if installing:
            env = cmd.envmap()
            destdir = assigns.get("DESTDIR") or env.get("DESTDIR") or ""
            root = prefix if prefix is not None else project.install_prefix
            if "$" in destdir or "$" in root:
                return None
            for inst in project.installs:
                dest = inst.destination if inst.destination.startswith("/") else posixpath.join(root, inst.destination)
                dest = posixpath.normpath(destdir + "/" + dest) if destdir else posixpath.normpath(dest)
                if inst.kind == "targets":
                    for name in inst.items:
                        inst_t = project.targets.get(name)
                        if inst_t is None or inst_t.kind in ("object", "interface", "static"):
                            continue
                        path = posixpath.join(dest, posixpath.basename(project.output(inst_t)))
                        writes.append(path)
                        if inst_t.kind == "executable":
                            artifacts.append(art(path))
                elif inst.kind in ("files", "programs"):
                    writes.extend(posixpath.join(dest, posixpath.basename(f)) for f in inst.items)
                else:
                    for item in inst.items:
                        src = posixpath.normpath(posixpath.join(inst.folder, item))
                        target = dest if item.endswith("/") else posixpath.join(dest, posixpath.basename(src))
                        listed = [f for f in sources.files_under(src) if f != src]
                        if listed:
                            writes.extend(posixpath.join(target, posixpath.relpath(f, src)) for f in listed)
                        else:
                            trees.append(target)
        if project.unlisted and not only_install:
            trees.append(build)     # custom commands may write anything there: carried whole if needed
        return CommandEffect(writes=tuple(dict.fromkeys(writes)), trees=tuple(trees), artifacts=tuple(artifacts),
                             caches=(posixpath.join(build, "CMakeFiles"),),
                             note=f"builds the CMake project {conf.source} in {build}")

    # -- words known only at build time ----------------------------------------------------------
    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        """Compilers: unknown -D/-I/-W/-f/-O values and `$(pkg-config ...)` flags (read by
        _pkg_config_word) are accepted; the output, the inputs and every other word must be known.
        make/ninja/cmake --build: only a -j/--parallel value (`-j$(nproc)`) may be unknown."""
        if not cmd.argv or not cmd.argv[0].known:
            return False
        name = posixpath.basename(cmd.name)
        words = cmd.argv[1:]
        if _COMPILER.fullmatch(name):
            for i, w in enumerate(words):
                if w.known:
                    continue
                prev = words[i - 1].text if i else ""
                if prev in ("-o", "-l", "-L", "-x"):
                    return False
                if _pkg_config_word(w.text) is None and not w.text.startswith(_BUILD_TIME_PREFIXES) \
                        and prev not in ("-D", "-U", "-I", "-isystem", "-iquote", "-idirafter"):
                    return False
            return True
        if name in ("make", "gmake", "ninja", "cmake"):
            for i, w in enumerate(words):
                if w.known:
                    continue
                prev = words[i - 1].text if i else ""
                if not (w.text.startswith(("-j", "--jobs=", "--parallel=")) or prev in ("-j", "--jobs", "--parallel")):
                    return False
            return True
        return False

    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        return None         # a native program runs by itself

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        return ()

    # -- what the program needs --------------------------------------------------------------------
    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        image = base_images.describe_build_image(build_image)
        image_libc = "musl" if image.family == "alpine" else "glibc"
        decisions: list[Decision] = []
        argv = artifact.argv
        files: list[str]
        if "&&" in argv:
            facts = self._cmake_facts(artifact, sources)
            if isinstance(facts, str):
                return RuntimeNeeds(libc=image_libc, refuse=facts)
            libs, static, cxx, no_stdcxx, no_gcc, files, how = facts
        else:
            cc = _parse_cc(_COMPILER.fullmatch(posixpath.basename(argv[0])).group(1),  # type: ignore[union-attr]
                           [(w, not ("$(" in w or "`" in w)) for w in argv[1:]])
            libs, static = list(cc.libs), cc.static
            files = [posixpath.normpath(posixpath.join(artifact.source_dir, s)) for s in cc.inputs]
            # Only the C++ drivers link libstdc++ by themselves: `gcc -o app main.cpp` compiles C++
            # but links like C (a program that used libstdc++ would not have linked).
            cxx = cc.driver in _CXX_DRIVERS or "stdc++" in libs
            no_stdcxx = cc.static_libstdcxx or (not cxx and cc.cxx_lang)
            if cc.cxx_lang and not cxx:
                cxx = True          # libgcc_s as for C++ (unwinding), no libstdc++
                decisions.append(Decision("C++ runtime", "not linked",
                                          f"{cc.driver} compiles the C++ sources but links no libstdc++ (only g++, "
                                          "c++ and clang++ do): the program needs none"))
            no_gcc = cc.static_libgcc
            how = " ".join(argv)
        texts = {f: sources.read(f) or "" for f in files if f.endswith(_ALL_SOURCES)}
        if not files or not any(texts.values()):
            more = [f for f in sources.files_under(artifact.source_dir) if f.endswith(_ALL_SOURCES)][:400]
            texts.update({f: sources.read(f) or "" for f in more})
        libc = image_libc
        if static:
            nss = sorted({m.group(1) for t in texts.values() for m in _NSS_CALLS.finditer(t)})
            if nss and image_libc == "glibc":
                decisions.append(Decision("linkage", "static, kept on a glibc base",
                                          f"a static glibc program that calls {', '.join(nss[:3])} loads glibc's NSS "
                                          "modules at run time: it needs the build image's glibc beside it"))
                libc = "glibc"
            else:
                libc = "static"
                decisions.append(Decision("linkage", "static", f"linked with -static ({how}): no C library at run time"))
            shared: list[str] = []
        else:
            shared = [x for x in libs if x not in _STATIC_ONLY]
            if cxx:
                if not no_stdcxx:
                    shared.append("stdc++")
                if not no_gcc:
                    shared.append("gcc_s")
            decisions.append(Decision("linkage", f"dynamic ({libc})",
                                      f"built with the C library of {build_image} ({libc})"
                                      + (f"; links {', '.join(sorted(set(shared) - packages.LIBC_PARTS))}"
                                         if set(shared) - packages.LIBC_PARTS else "")))
        shared_libs = tuple(sorted(set(shared) - packages.LIBC_PARTS))
        refuse = None
        if "stdc++" in shared_libs:
            refuse = _newer_gcc(build_image, image)
        refs = []
        for f, text in texts.items():
            stripped = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
            for m in _FILE_CALL.finditer(stripped):
                value = m.group(2)
                if value.startswith(("/dev/", "/proc/", "/sys/", ":")) or "%" in value:
                    continue
                call = re.sub(r"\s+\w+$", "", m.group(1))
                refs.append(DataRef(value, f"{posixpath.basename(f)}:{stripped.count(chr(10), 0, m.start()) + 1}", call))
        return RuntimeNeeds(libc=libc, shared_libs=shared_libs, data_refs=tuple(refs), refuse=refuse,
                            decisions=tuple(decisions))

    def _cmake_facts(self, artifact: BuiltArtifact, sources: SourceView
                     ) -> tuple[list[str], bool, bool, bool, bool, list[str], str] | str:
        argv = artifact.argv
        configure = argv[:argv.index("&&")]
        cache: dict[str, str] = {}
        i = 1
        while i < len(configure):
            a = configure[i]
            if a.startswith("-D") and not a.startswith("--"):
                v = a[2:] if len(a) > 2 else (configure[i + 1] if i + 1 < len(configure) else "")
                if len(a) == 2:
                    i += 1
                k, _, val = v.partition("=")
                cache[k.split(":")[0]] = val
            i += 1
        project = cmake.read_project(artifact.source_dir, "/nonexistent-build", sources.read, cache)
        if project is None:
            return f"the CMakeLists.txt of {artifact.path} is not in the build context"
        name = posixpath.basename(artifact.path)
        found = [t for t in project.targets.values() if t.kind == "executable"
                 and posixpath.basename(project.output(t)) == name]
        if len(found) != 1:
            return f"which CMake target builds {artifact.path} is not clear"
        t = found[0]
        if project.unknown:
            return f"{t.name}: {project.unknown[0]}"
        libs, problems = project.libraries(t)
        if problems:
            return f"the program {t.name} cannot be followed: {problems[0]}"
        flags = " ".join([project.vars.get("CMAKE_EXE_LINKER_FLAGS", ""), t.props.get("LINK_FLAGS", ""),
                          " ".join(t.links)])
        static = bool(re.search(r"(^|\s|;)(-static|-static-pie)(\s|;|$)", flags))
        files = [posixpath.normpath(posixpath.join(t.folder, s)) for s in t.sources if "$" not in s and "*" not in s]
        cxx = project.is_cxx(t)
        return (libs, static, cxx, "-static-libstdc++" in flags, "-static-libgcc" in flags, files,
                f"CMake target {t.name}")


def _newer_gcc(build_image: str, image: base_images.BuildImage) -> str | None:
    """Why a C++ program built on the gcc image cannot run on its release's libstdc++, if so."""
    name, _, tag = build_image.partition(":")
    if name.rsplit("/", 1)[-1] != "gcc":
        return None
    m = re.match(r"(\d+)", tag or "")
    system = _SYSTEM_GCC.get(image.release)
    if m is None:
        return (f"{build_image} names no GCC version, and its own libstdc++ (in /usr/local/lib64) may be newer than "
                f"the libstdc++6 of {image.release}: pin the tag (gcc:12) or link with -static-libstdc++")
    if system is not None and int(m.group(1)) > system:
        return (f"the C++ program is built with GCC {m.group(1)} of {build_image}, whose libstdc++ (in /usr/local/lib64) "
                f"is newer than the libstdc++6 of {image.release} (GCC {system}) that a runtime base has: link it with "
                "-static-libstdc++, or build on a release whose GCC is as new")
    return None


C_FAMILY = CFamily()
ECOSYSTEM = C_FAMILY
