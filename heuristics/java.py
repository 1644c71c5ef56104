"""Java: which commands build a jar or a class tree, and what it needs at run time (a JRE).

- Artifacts: `javac -d OUT ...` (the class tree OUT; without -d the classes land beside the
  sources, so the folder the command runs in), `jar c...f APP.jar ...` / `jar --create --file`
  (APP.jar), Maven (`mvn`/`./mvnw` with `package`, `verify`, `install` or `deploy`: each
  module's target/FINALNAME.PACKAGING from pom.xml, Spring Boot's repackaged jar in place,
  a classifier's or an attached shaded jar beside it), Gradle (`gradle`/`./gradlew` with
  `build`, `assemble`, `jar`, `bootJar`, `shadowJar`: build/libs/NAME-VERSION.jar from
  settings.gradle and build.gradle; `installDist`: the folder build/install/NAME with its
  start script bin/NAME), and `cp`/`mv` of such an archive (`cp target/*.jar app.jar`).
- Intermediates are caches, never carried: target/ and build/ besides the named archives
  (classes, maven-status, tmp, reports), ~/.m2, ~/.gradle, the project's .gradle. When the
  pom or build script uses a plugin this module does not know, target/ or build/ may hold
  more than it can name (target/lib of the dependency plugin): the folder is then a tree,
  carried whole by the carry rule.
- Launch: `java [opts] -jar JAR`, `java -cp A:B/* MAIN`, `java MAIN` (classpath "."), an
  installDist start script (build/install/NAME/bin/NAME, which needs a shell); the build tool
  as the command (`mvn spring-boot:run`, `gradle bootRun`) and `java Main.java` (compiled at
  each start) need the JDK: refused (SS023).
- Runtime: a JRE of the build image's Java major version (eclipse-temurin:17-jdk -> 17,
  maven:3.9-eclipse-temurin-21 -> 21, gradle:8-jdk17 -> 17, openjdk:11 -> 11), on musl for
  alpine build images; a build image whose tag names no version is refused, never guessed.

Example: `FROM maven:3.9-eclipse-temurin-17`, `RUN mvn -B -DskipTests package` with pom.xml
artifactId `shop`, version `1.0` -> artifact /app/target/shop-1.0.jar, runtime java 17
(eclipse-temurin:17-jre).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Mapping, Sequence

from msgspec.structs import replace

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, Decision, Launch, Runtime, RuntimeNeeds, SourceView, base_images
from .java_projects import GradleProject, MavenModule, jdk_version, read_gradle, read_pom

# -- java (the launcher) ------------------------------------------------------------------------

# Launcher options whose value is the next word (`-cp lib/*`); -D, -X and -XX: are one word.
_JAVA_VALUE_OPTS = frozenset(
    "-cp -classpath --class-path -p --module-path --upgrade-module-path --add-modules --add-opens --add-exports "
    "--add-reads --limit-modules --enable-native-access --patch-module -splash".split()
)
_CLASSPATH_OPTS = ("-cp", "-classpath", "--class-path")
_MAVEN_NAMES = ("mvn", "mvnw", "mvnw.cmd")
_GRADLE_NAMES = ("gradle", "gradlew")
_DIST_SCRIPT = re.compile(r"(?:^|/)build/install/[^/]+/bin/[^/.][^/]*$")


def _java_launch(argv: Sequence[str]) -> Launch:
    classpath: str | None = None
    modules: list[str] = []
    i = 1
    while i < len(argv):
        a = argv[i]
        if not a or a.startswith("$"):
            i += 1                                # a variable with no value ($JAVA_OPTS unset)
            continue
        if a == "-jar":
            if i + 1 >= len(argv):
                return Launch("java")
            return Launch("java", paths=(argv[i + 1],))
        if a.startswith("@"):
            return Launch("java", refuse=f"the image runs `java {a}`, which reads its options from a file at start; "
                                         "which jar or classes it starts is not read")
        if a in ("-m", "--module") or a.startswith("--module="):
            return Launch("java", refuse="the image starts a Java module (`java -m`): module launches are not read yet")
        name, eq, value = a.partition("=")
        if a in _JAVA_VALUE_OPTS:
            value = argv[i + 1] if i + 1 < len(argv) else ""
            name = a
            i += 1
        if name in _CLASSPATH_OPTS or name in ("-p", "--module-path"):
            if name in _CLASSPATH_OPTS:
                classpath = value
            else:
                modules.extend(p for p in value.split(":") if p)
            i += 1
            continue
        if a.startswith("-"):
            i += 1
            continue
        if a.endswith(".java"):
            return Launch("java", refuse=f"the image runs `java {a}`, which compiles the source each time the container "
                                         "starts: the runtime stage would need the JDK's compiler (compile it with javac "
                                         "and run the classes)")
        entries = [p for p in (classpath if classpath is not None else ".").split(":") if p]
        return Launch("java", paths=tuple(entries + modules))
    return Launch("java")        # java -version: starts nothing this file built


def _tool_launch(argv: Sequence[str]) -> Launch | None:
    name = posixpath.basename(argv[0])
    if name in _MAVEN_NAMES or name in _GRADLE_NAMES:
        tool = "Maven" if name in _MAVEN_NAMES else "Gradle"
        shown = " ".join(argv[:3])
        return Launch(name, refuse=f"the image runs `{shown}`: {tool} builds and starts the program each time the "
                                   f"container starts, so the runtime stage would need {tool} and the JDK (package it "
                                   "with `package`/`bootJar` and run `java -jar` on the archive)")
    return None


# -- javac and jar ------------------------------------------------------------------------------

_JAVAC_VALUE_OPTS = frozenset(
    "-d -cp -classpath --class-path -sourcepath --source-path -s -h -encoding -source --source -target --target "
    "--release -processorpath --processor-path -p --module-path --module-source-path --add-modules -bootclasspath "
    "-extdirs -endorseddirs --system --upgrade-module-path --limit-modules -processor --module -m --add-exports "
    "--add-reads --patch-module --default-module-for-created-files".split()
)


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


def _jar_args(args: Sequence[str]) -> tuple[str, str | None] | None:
    """(mode letter, the archive file) of a `jar` command; None when it cannot be read."""
    if not args:
        return None
    first = args[0]
    if not first.startswith("--") and re.fullmatch(r"-?[ctuxivfme0MnP]+", first):
        letters = first.lstrip("-")
        mode = next((c for c in letters if c in "ctuxi"), "")
        values = [c for c in letters if c in "fme"]
        rest = list(args[1:])
        file = None
        for c in values:
            if not rest:
                return None
            v = rest.pop(0)
            if c == "f":
                file = v
        if mode:
            return mode, file
    mode, file = "", None
    i = 0
    while i < len(args):
        a = args[i]
        name, eq, value = a.partition("=")
        if name in ("-c", "--create"):
            mode = "c"
        elif name in ("-u", "--update"):
            mode = "u"
        elif name in ("-x", "--extract"):
            mode = "x"
        elif name in ("-t", "--list", "-d", "--describe-module"):
            mode = "t"
        elif name in ("-f", "--file"):
            file = value if eq else (args[i + 1] if i + 1 < len(args) else None)
            i += 0 if eq else 1
        elif name in ("-e", "--main-class", "-m", "--manifest", "-C", "--module-version", "--release") and not eq:
            i += 1
        i += 1
    return (mode, file) if mode else None


# -- Maven and Gradle arguments -------------------------------------------------------------------

_MVN_VALUE_OPTS = frozenset("-f --file -s --settings -gs --global-settings -P --activate-profiles -pl --projects "
                            "-rf --resume-from -T --threads -t --toolchains -l --log-file -D --define -b --builder "
                            "-gt --global-toolchains -emp -ep".split())
_MVN_PHASES = ("validate initialize generate-sources process-sources generate-resources process-resources compile "
               "process-classes generate-test-sources process-test-sources generate-test-resources "
               "process-test-resources test-compile process-test-classes test prepare-package package "
               "pre-integration-test integration-test post-integration-test verify install deploy").split()
_MVN_PACKAGE = _MVN_PHASES.index("package")
# Plugin goals that only download, print or check: their writes are caches.
_MVN_QUIET_GOALS = re.compile(r"^(?:dependency:(?:go-offline|resolve|resolve-plugins|resolve-sources|tree|list|analyze\S*|"
                              r"sources)|help:\S+|versions:display\S*|enforcer:enforce|checkstyle:check|spotless:check)$")
_GRADLE_VALUE_OPTS = frozenset("-x --exclude-task -p --project-dir -b --build-file -c --settings-file -g "
                               "--gradle-user-home -I --init-script --console --warning-mode --max-workers "
                               "--priority --include-build -D -P".split())
_GRADLE_QUIET_TASKS = frozenset("clean test check compileJava compileKotlin classes testClasses processResources dependencies "
                                "help tasks properties projects javadoc jacocoTestReport spotlessCheck spotlessApply "
                                "checkstyleMain distZip distTar bootDistZip bootDistTar".split())
_GRADLE_ARCHIVE_TASKS = frozenset("build assemble jar bootJar shadowJar installDist".split())


def _split_options(args: Sequence[str], with_value: frozenset[str]) -> tuple[list[str], dict[str, list[str]]]:
    """(operands, {option: [values]}) with `-Dk=v` kept whole under "-D"."""
    operands: list[str] = []
    opts: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-") and a != "-":
            if a[:2] in ("-D", "-P") and len(a) > 2:
                opts.setdefault(a[:2], []).append(a[2:])
            elif "=" in a and a.startswith("--"):
                name, _, value = a.partition("=")
                opts.setdefault(name, []).append(value)
            elif a in with_value and i + 1 < len(args):
                opts.setdefault(a, []).append(args[i + 1])
                i += 1
            else:
                opts.setdefault(a, []).append("")
        else:
            operands.append(a)
        i += 1
    return operands, opts


def _props(values: Sequence[str]) -> dict[str, str]:
    out = {}
    for v in values:
        k, _, val = v.partition("=")
        out[k] = val or "true"
    return out


# -- the ecosystem ------------------------------------------------------------------------------

class Java:
    name = "java"
    language = "Java"
    # Context files only the build reads (matched against the path and each of its folders).
    build_inputs: tuple[str, ...] = (
        "*.java", "src", "pom.xml", "mvnw", "mvnw.cmd", ".mvn", "build.gradle", "build.gradle.kts", "settings.gradle",
        "settings.gradle.kts", "gradle.properties", "gradle", "gradlew", "gradlew.bat", ".gradle", "buildSrc",
        "*.iml", "checkstyle*.xml", "lombok.config",
    )

    # -- commands --------------------------------------------------------------------------
    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        name = posixpath.basename(cmd.name)
        if name == "javac":
            return self._javac(cmd, line)
        if name == "jar":
            return self._jar(cmd, line)
        if name in _MAVEN_NAMES:
            return self._maven(cmd, line, sources)
        if name in _GRADLE_NAMES:
            return self._gradle(cmd, line, sources)
        if name in ("cp", "mv"):
            return self._copy_archive(cmd, line, sources)
        if name == "java" and cmd.args and all(a in ("-version", "--version", "-showversion", "-XshowSettings")
                                                  or a.startswith("-XshowSettings:") for a in cmd.args):
            return CommandEffect(note="java -version: prints only")
        return None

    def _artifact(self, cmd: SimpleCommand, line: int, path: str, kind: str, source_dir: str) -> BuiltArtifact:
        return BuiltArtifact(path=path, ecosystem="java", kind=kind, source_dir=source_dir, build_env=cmd.env,
                             line=line, argv=tuple(w.text for w in cmd.argv))

    def _javac(self, cmd: SimpleCommand, line: int) -> CommandEffect | None:
        operands, opts = _split_options(cmd.args, _JAVAC_VALUE_OPTS)
        if any(o in opts for o in ("-h", "-s", "--module-source-path", "-m", "--module")):
            return None            # headers, generated sources or modules written where this does not follow
        if "-d" in opts:
            out = _abs(cmd.cwd, opts["-d"][-1])
            if out == "/":
                return None
            # The class files' names (inner classes: Main$1.class) are known only to the compiler:
            # the tree is the artifact when the command runs it, else an intermediate of a jar.
            return CommandEffect(caches=(out,), artifacts=(self._artifact(cmd, line, out, "classes", cmd.cwd),),
                                 note=f"javac: classes in {out}")
        if cmd.cwd == "/" or not operands:
            return None            # classes beside sources in /: no folder of the program to name
        return CommandEffect(artifacts=(self._artifact(cmd, line, cmd.cwd, "classes", cmd.cwd),),
                             note=f"javac: classes beside the sources, under {cmd.cwd}")

    def _jar(self, cmd: SimpleCommand, line: int) -> CommandEffect | None:
        read = _jar_args(cmd.args)
        if read is None:
            return None
        mode, file = read
        if mode == "t":
            return CommandEffect(note="jar: lists an archive")
        if mode == "x":
            return CommandEffect(trees=(cmd.cwd,), note="jar x: extracts into the working directory")
        if file is None or file == "-":
            return None            # the archive goes to standard output
        path = _abs(cmd.cwd, file)
        kind = "war" if path.endswith(".war") else "jar"
        return CommandEffect(writes=(path,), artifacts=(self._artifact(cmd, line, path, kind, cmd.cwd),),
                             note=f"jar: archive {path}")

    def _maven(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        goals, opts = _split_options(cmd.args, _MVN_VALUE_OPTS)
        env = cmd.envmap()
        home = env.get("HOME") or "/root"
        caches = [posixpath.join(home, ".m2")]
        props = _props(opts.get("-D", []) + opts.get("--define", []))
        if "maven.repo.local" in props:
            caches.append(_abs(cmd.cwd, props["maven.repo.local"]))
        if not goals:
            return None            # the pom's default goal: not read
        phases = []
        for g in goals:
            if g in _MVN_PHASES:
                phases.append(_MVN_PHASES.index(g))
            elif g in ("clean", "pre-clean", "post-clean") or _MVN_QUIET_GOALS.match(g):
                continue
            elif g == "spring-boot:repackage" and any(p >= _MVN_PACKAGE for p in phases):
                continue           # repackages the jar `package` wrote, in place
            else:
                return None        # a plugin goal that may write anything
        pom = opts.get("-f", opts.get("--file", [""]))[-1]
        project = _abs(cmd.cwd, pom) if pom else cmd.cwd
        if project.endswith(".xml"):
            if posixpath.basename(project) != "pom.xml":
                return None
            project = posixpath.dirname(project)
        modules = read_pom(project, sources, props)
        if isinstance(modules, str):
            if not phases:
                return CommandEffect(caches=tuple(caches), note=f"mvn {' '.join(goals)}: downloads only")
            return None
        selected = opts.get("-pl", opts.get("--projects", []))
        if selected:
            wanted = {_abs(project, p) for v in selected for p in v.split(",")}
            if any(not w.startswith("/") or ":" in w for w in wanted):
                return None
            modules = [m for m in modules if m.directory in wanted]
        targets = tuple(posixpath.join(m.directory, "target") for m in modules)
        deletes = targets if "clean" in goals else ()
        if not phases or max(phases) < _MVN_PACKAGE:
            return CommandEffect(deletes=deletes, caches=(*caches, *targets), note=f"mvn {' '.join(goals)}: no archive")
        return self._archives(cmd, line, modules, deletes, caches, f"mvn {' '.join(goals)}")

    def _archives(self, cmd: SimpleCommand, line: int, modules: Sequence[MavenModule], deletes: tuple[str, ...],
                  caches: list[str], what: str) -> CommandEffect:
        writes: list[str] = []
        trees: list[str] = []
        arts: list[BuiltArtifact] = []
        for m in modules:
            target = posixpath.join(m.directory, "target")
            (trees if m.unknown_plugins else caches).append(target)
            for out in m.outputs:
                writes.append(out)
                arts.append(self._artifact(cmd, line, out, m.packaging, m.directory))
        note = f"{what}: {', '.join(writes) or 'no archive'}"
        unknown = sorted({p for m in modules for p in m.unknown_plugins})
        if unknown:
            note += f" (plugins {', '.join(unknown)} may write more in target/)"
        # The archives are artifacts, copied when the image runs them; for the carry rule they are
        # intermediates like the rest of target/ (a `cp target/*.jar app.jar` copy is what runs).
        return CommandEffect(trees=tuple(trees), caches=(*caches, *writes), deletes=deletes,
                             artifacts=tuple(arts), note=note)

    def _gradle(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        tasks, opts = _split_options(cmd.args, _GRADLE_VALUE_OPTS)
        env = cmd.envmap()
        home = env.get("HOME") or "/root"
        user_home = opts.get("-g", opts.get("--gradle-user-home", [""]))[-1] or env.get("GRADLE_USER_HOME") \
            or posixpath.join(home, ".gradle")
        project_dir = _abs(cmd.cwd, opts.get("-p", opts.get("--project-dir", [""]))[-1] or ".")
        caches = [_abs(cmd.cwd, user_home), posixpath.join(project_dir, ".gradle")]
        if "-b" in opts or "--build-file" in opts or "-c" in opts or "--settings-file" in opts:
            return None
        if any(o in opts for o in ("--version", "-v", "--help", "-h", "-?")) and not tasks:
            return CommandEffect(note="gradle: prints only")
        names = [t.lstrip(":") for t in tasks]
        if any(":" in t for t in names):
            return None            # a subproject's task: multi-project builds are not read
        unknown = [t for t in names if t not in _GRADLE_QUIET_TASKS and t not in _GRADLE_ARCHIVE_TASKS and t != "wrapper"]
        if unknown or not names:
            return None
        build = posixpath.join(project_dir, "build")
        deletes = (build,) if "clean" in names else ()
        if not any(t in _GRADLE_ARCHIVE_TASKS for t in names):
            return CommandEffect(deletes=deletes, caches=(*caches, build), note=f"gradle {' '.join(tasks)}: no archive")
        project = read_gradle(project_dir, sources, _props(opts.get("-P", [])))
        if isinstance(project, str):
            return None
        outputs, kinds, why = _gradle_outputs(project, names)
        if why:
            return None
        writes = [o for o, k in zip(outputs, kinds, strict=True) if k != "dist"]
        dists = [o for o, k in zip(outputs, kinds, strict=True) if k == "dist"]
        arts = [self._artifact(cmd, line, o, k, project_dir) for o, k in zip(outputs, kinds, strict=True)]
        libs = posixpath.join(build, "libs")
        tree = bool(project.unknown_plugins)
        note = f"gradle {' '.join(tasks)}: {', '.join(outputs)}"
        if tree:
            note += f" (plugins {', '.join(project.unknown_plugins)} may write more in build/libs)"
        return CommandEffect(trees=(*dists, *((libs,) if tree else ())), deletes=deletes,
                             caches=(*caches, build, *writes), artifacts=tuple(arts), note=note)

    def _copy_archive(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        """`cp target/*.jar app.jar`: a copy of an archive a Maven or Gradle build wrote is the
        program too (the launch names the copy)."""
        ops = [a for a in cmd.args if not a.startswith("-")]
        if len(ops) != 2 or any(a.startswith("-") and a not in ("-f", "-v", "-p", "--verbose") for a in cmd.args):
            return None
        src, dest_word = ops
        pattern = _abs(cmd.cwd, src)
        folder = posixpath.dirname(pattern)
        if any(ch in folder for ch in "*?["):
            return None
        matched = [p for p in sources.files_under(folder)
                   if posixpath.dirname(p) == folder and fnmatch.fnmatchcase(p, pattern) and p.endswith((".jar", ".war"))]
        project = _archive_project(folder, sources)
        if len(matched) != 1 or project is None:
            return None
        dest = _abs(cmd.cwd, dest_word)
        if dest_word.endswith("/") or dest in _KNOWN_DIRS or sources.is_dir(dest):
            dest = posixpath.join(dest, posixpath.basename(matched[0]))
        kind = "war" if dest.endswith(".war") else "jar"
        copy = cmd
        if src != matched[0]:        # the comment names the archive the glob matched
            words = [w if w.text != src else replace(w, text=posixpath.relpath(matched[0], cmd.cwd)) for w in cmd.argv]
            copy = replace(cmd, argv=tuple(words))
        return CommandEffect(reads=tuple(matched), writes=(dest,), deletes=tuple(matched) if posixpath.basename(cmd.name) == "mv" else (),
                             artifacts=(self._artifact(copy, line, dest, kind, project),),
                             note=f"{posixpath.basename(cmd.name)}: the archive {matched[0]} as {dest}")

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        """`javac -d classes $(find src -name '*.java')`: which sources are compiled is known
        only at build time, but they all go to the -d folder, which must be known (as must every
        option). `jar cf app.jar $(...)`: the archive's contents, not its name."""
        words = cmd.argv
        if len(words) < 2 or not words[0].known:
            return False
        name = posixpath.basename(words[0].text)
        if name == "javac":
            i, out_known = 1, False
            while i < len(words):
                w = words[i]
                if not w.known:
                    if w.text.startswith("-"):
                        return False      # an option known only at build time
                elif w.text.startswith("-") and w.text in _JAVAC_VALUE_OPTS:
                    if i + 1 >= len(words) or not words[i + 1].known:
                        return False
                    out_known = out_known or w.text == "-d"
                    i += 1
                i += 1
            return out_known
        if name == "jar":
            first = words[1]
            if not first.known or not re.fullmatch(r"-?[cu][vfme0M]*", first.text) or "f" not in first.text:
                return False
            letters = [c for c in first.text.lstrip("-") if c in "fme"]
            return all(w.known for w in words[2:2 + len(letters)])
        return False

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        name = posixpath.basename(cmd.name)
        env = cmd.envmap()
        home = env.get("HOME") or "/root"
        if name in _MAVEN_NAMES:
            return (posixpath.join(home, ".m2"),)
        if name in _GRADLE_NAMES:
            return (env.get("GRADLE_USER_HOME") or posixpath.join(home, ".gradle"),)
        return ()

    # -- the image's command ------------------------------------------------------------------
    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        if not argv:
            return None
        if posixpath.basename(argv[0]) == "java":
            return _java_launch(argv)
        if _DIST_SCRIPT.search(argv[0]):
            return Launch("sh", paths=(argv[0],))
        return _tool_launch(argv)

    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        version = jdk_version(build_image)
        family = base_images.describe_build_image(build_image).family
        libc = "musl" if family == "alpine" else "glibc"
        if version is None:
            return RuntimeNeeds(libc=libc, refuse=f"the build image {build_image} does not say which Java version it "
                                                  "compiles with (its tag names no JDK), so the JRE of the runtime stage "
                                                  "cannot be matched to it: name the JDK in the tag (e.g. maven:3.9-eclipse-temurin-17)")
        decisions = [Decision("Java runtime", f"a Java {version} JRE",
                              f"{build_image} compiles with JDK {version}: the program runs on a JRE of the same major "
                              "version, without the compiler and build tools")]
        if libc == "musl":
            decisions.append(Decision("C library", "musl", f"{build_image} is an alpine image: the JRE stays on alpine"))
        shell = artifact.kind == "dist"
        if shell:
            decisions.append(Decision("shell", "needed", f"{artifact.path}/bin holds Gradle's start script, a shell script"))
        return RuntimeNeeds(libc=libc, runtime=Runtime("java", version), shell=shell, decisions=tuple(decisions))


def _gradle_outputs(p: GradleProject, tasks: Sequence[str]) -> tuple[list[str], list[str], str]:
    """(paths, kinds, why-not) of the archives the tasks leave."""
    libs = posixpath.join(p.directory, "build", "libs")
    outs: list[tuple[str, str]] = []
    for t in tasks:
        if t in ("build", "assemble"):
            if p.spring_boot:
                outs.append((posixpath.join(libs, p.boot_jar_name) if p.boot_jar_name else p.archive(), "jar"))
            else:
                outs.append((posixpath.join(libs, p.jar_name) if p.jar_name else p.archive(), "jar"))
            if p.shadow:
                outs.append((p.archive("-all"), "jar"))
        elif t == "bootJar":
            if not p.spring_boot:
                return [], [], "bootJar without the Spring Boot plugin"
            outs.append((posixpath.join(libs, p.boot_jar_name) if p.boot_jar_name else p.archive(), "jar"))
        elif t == "jar":
            if p.spring_boot and not p.jar_name:
                return [], [], "the plain jar's name depends on the Spring Boot plugin's version"
            outs.append((posixpath.join(libs, p.jar_name) if p.jar_name else p.archive(), "jar"))
        elif t == "shadowJar":
            if not p.shadow:
                return [], [], "shadowJar without the shadow plugin"
            outs.append((p.archive("-all"), "jar"))
        elif t == "installDist":
            if not p.application:
                return [], [], "installDist without the application plugin"
            outs.append((posixpath.join(p.directory, "build", "install", p.app_name), "dist"))
    seen = dict(outs)
    return list(seen), list(seen.values()), ""


def _archive_project(folder: str, sources: SourceView) -> str | None:
    """The project folder whose build writes archives into FOLDER (target/, build/libs/)."""
    if posixpath.basename(folder) == "target":
        project = posixpath.dirname(folder)
        return project if sources.read(posixpath.join(project, "pom.xml")) is not None else None
    if folder.endswith("/build/libs"):
        project = posixpath.dirname(posixpath.dirname(folder))
        if any(sources.read(posixpath.join(project, f)) is not None for f in ("build.gradle", "build.gradle.kts")):
            return project
    return None


# Folders every Linux base image has: a copy into one lands inside it.
_KNOWN_DIRS = frozenset("/ /bin /etc /home /opt /root /srv /tmp /usr /usr/bin /usr/local /usr/local/bin /usr/share /var".split())


JAVA = Java()
ECOSYSTEM = JAVA
