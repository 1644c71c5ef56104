"""Java build files read as far as they name the build's outputs: Maven's pom.xml and Gradle's
settings.gradle / build.gradle (Groovy or Kotlin DSL), and the JDK version of a build image.

A value this reader cannot resolve (a `${property}` it does not have, an archive name set by
code) is reported as None or as a reason, never guessed: the caller then refuses or carries
the output folder whole.

Examples: a pom.xml with artifactId `shop`, version `1.2.0` and no finalName packages
target/shop-1.2.0.jar; settings.gradle `rootProject.name = 'api'` with build.gradle
`version = '0.1.0'` and the Spring Boot plugin: `bootJar` writes build/libs/api-0.1.0.jar.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from msgspec import Struct, field

if TYPE_CHECKING:      # the XML parser loads when a pom.xml is read, not on every start
    import xml.etree.ElementTree as ET

from . import SourceView

# -- the JDK a build image ships --------------------------------------------------------------

_JDK_PATTERNS: dict[str, tuple[str, ...]] = {
    # repository -> regexes over the tag whose group 1 is the Java major version
    "eclipse-temurin": (r"^(\d+)(?:[u.][\w.+-]*)?(?:-|$)", r"^(\d+)$"),
    "openjdk": (r"^(\d+)(?:[u.][\w.+-]*)?(?:-|$)",),
    "amazoncorretto": (r"^(\d+)(?:[.\w]*)?(?:-|$)",),
    "maven": (r"(?:temurin|openjdk|jdk|corretto|sapmachine|semeru|graalvm-ce|liberica|zulu)-?(\d+)(?:-|$)",),
    "gradle": (r"(?:^|-)jdk-?(\d+)(?:-|$)", r"(?:temurin|corretto|graal|zulu)-?(\d+)(?:-|$)"),
    "tomcat": (r"(?:^|-)jdk(\d+)(?:-|$)",),          # tomcat:9.0-jdk17-temurin (heuristics/tomcat.py)
}


def jdk_version(build_image: str) -> str | None:
    """The Java major version of an official JDK image from its tag (eclipse-temurin:17-jdk,
    maven:3.9-eclipse-temurin-21, gradle:8-jdk17-alpine, openjdk:8u342-jdk, amazoncorretto:21);
    None when the tag does not say (maven:3.9, gradle:latest: their default JDK moves)."""
    name, _, tag = build_image.partition(":")
    tag = tag.split("@")[0].lower()
    repo = name.rsplit("/", 1)[-1]
    for pattern in _JDK_PATTERNS.get(repo, ()):
        m = re.search(pattern, tag)
        if m:
            return m.group(1)
    return None


# -- Maven ------------------------------------------------------------------------------------

# Plugins whose outputs this reader knows: what each puts in target/ is named below, or is an
# intermediate (classes, reports) that never reaches the runtime stage.
_MAVEN_KNOWN_PLUGINS = frozenset(
    "maven-compiler-plugin maven-surefire-plugin maven-failsafe-plugin maven-jar-plugin maven-resources-plugin "
    "maven-install-plugin maven-deploy-plugin maven-clean-plugin maven-site-plugin maven-enforcer-plugin "
    "spring-boot-maven-plugin maven-shade-plugin jacoco-maven-plugin maven-checkstyle-plugin "
    "maven-source-plugin maven-javadoc-plugin lombok-maven-plugin kotlin-maven-plugin "
    "maven-war-plugin maven-help-plugin versions-maven-plugin spotless-maven-plugin "
    "git-commit-id-plugin git-commit-id-maven-plugin build-helper-maven-plugin flatten-maven-plugin".split()
)


class MavenModule(Struct, frozen=True, gc=False):
    directory: str                    # image path of the module (holds pom.xml)
    outputs: tuple[str, ...]          # runnable archives it leaves in target/ (absolute paths)
    intermediates: tuple[str, ...]    # files and folders of target/ no runtime needs
    packaging: str
    unknown_plugins: tuple[str, ...] = ()   # plugins that may put more in target/
    spring_boot: bool = False


class _Pom(Struct):
    root: ET.Element
    props: dict[str, str] = field(default_factory=dict)


def _strip_ns(root: ET.Element) -> ET.Element:
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    return root


def _text(el: ET.Element | None, path: str) -> str | None:
    found = el.find(path) if el is not None else None
    return found.text.strip() if found is not None and found.text else None


def _resolve(value: str, props: Mapping[str, str]) -> str | None:
    """${name} substituted from PROPS (several rounds); None when one is left."""
    for _ in range(5):
        new = re.sub(r"\$\{([^}]+)\}", lambda m: props.get(m.group(1), m.group(0)), value)
        if new == value:
            break
        value = new
    return None if "${" in value else value


def read_pom(directory: str, sources: SourceView, properties: Mapping[str, str] | None = None,
             depth: int = 0) -> list[MavenModule] | str:
    """The modules `mvn package` builds from DIRECTORY/pom.xml, or why they cannot be told."""
    path = posixpath.join(directory, "pom.xml")
    text = sources.read(path)
    if text is None:
        return f"{path} is not in the build context"
    import xml.etree.ElementTree as ET

    try:
        root = _strip_ns(ET.fromstring(text))
    except ET.ParseError as e:
        return f"{path} is not valid XML ({e})"
    artifact = _text(root, "artifactId")
    version = _text(root, "version") or _text(root, "parent/version")
    packaging = _text(root, "packaging") or "jar"
    props: dict[str, str] = {}
    for el in (root.find("properties") or []):
        if isinstance(el.tag, str) and el.text is not None:
            props[el.tag] = el.text.strip()
    for key, value in (("artifactId", artifact), ("version", version), ("packaging", packaging),
                       ("name", _text(root, "name")), ("groupId", _text(root, "groupId") or _text(root, "parent/groupId"))):
        if value is not None:
            props[f"project.{key}"] = value
            props[f"pom.{key}"] = value
            props.setdefault(key, value)
    if version is not None:
        props["project.parent.version"] = _text(root, "parent/version") or version
    props.update(properties or {})
    if packaging == "pom":
        modules = [m.text.strip() for m in root.findall("modules/module") if m.text]
        if not modules:
            return []
        if depth > 3:
            return f"{path}: modules nested too deep to follow"
        out: list[MavenModule] = []
        for mod in modules:
            got = read_pom(posixpath.normpath(posixpath.join(directory, mod)), sources, properties, depth + 1)
            if isinstance(got, str):
                return got
            out.extend(got)
        return out
    if packaging not in ("jar", "war"):
        return f"{path}: packaging {packaging!r} is not read by this analysis"
    if artifact is None or version is None:
        return f"{path} names no artifactId or version"
    final_raw = _text(root, "build/finalName") or "${project.artifactId}-${project.version}"
    final = _resolve(final_raw, props)
    if final is None or "/" in final:
        return f"{path}: the archive name {final_raw!r} depends on a property this analysis does not have"
    target = posixpath.join(directory, "target")
    plugins = {(_text(p, "artifactId") or ""): p for p in root.findall("build/plugins/plugin")}
    unknown = tuple(sorted(p for p in plugins if p and p not in _MAVEN_KNOWN_PLUGINS))
    main = posixpath.join(target, f"{final}.{packaging}")
    outputs = [main]
    inter = [posixpath.join(target, d) for d in ("classes", "test-classes", "generated-sources", "generated-test-sources",
                                                  "maven-status", "maven-archiver", "surefire-reports", "failsafe-reports",
                                                  "jacoco.exec", "site", "javadoc-bundle-options", "checkstyle-result.xml")]
    if packaging == "war":
        inter.append(posixpath.join(target, final))   # the exploded webapp the war plugin assembles
    boot = plugins.get("spring-boot-maven-plugin")
    if boot is not None:
        classifier = _text(boot, "configuration/classifier") or _text(boot, "executions/execution/configuration/classifier")
        if classifier:
            outputs.append(posixpath.join(target, f"{final}-{classifier}.{packaging}"))
        else:
            inter.append(main + ".original")
    shade = plugins.get("maven-shade-plugin")
    if shade is not None:
        conf = shade.find(".//configuration")
        if _text(conf, "shadedArtifactAttached") == "true":
            outputs.append(posixpath.join(target, f"{final}-{_text(conf, 'shadedClassifierName') or 'shaded'}.{packaging}"))
        else:
            inter.append(posixpath.join(target, f"original-{final}.{packaging}"))
        if _text(conf, "outputFile") or _text(conf, "finalName"):
            unknown = (*unknown, "maven-shade-plugin (outputFile/finalName)")
    return [MavenModule(directory, tuple(outputs), tuple(inter), packaging, unknown, boot is not None)]


# -- Gradle -----------------------------------------------------------------------------------

_GRADLE_KNOWN_PLUGINS = (
    "java", "java-library", "application", "org.springframework.boot", "io.spring.dependency-management",
    "org.jetbrains.kotlin", "kotlin(", "com.github.johnrengelman.shadow", "com.gradleup.shadow", "idea", "eclipse",
    "jacoco", "checkstyle", "com.diffplug.spotless", "org.jetbrains.kotlin.plugin", "io.freefair.lombok", "groovy",
    "maven-publish", "org.sonarqube", "com.github.ben-manes.versions",
)


class GradleProject(Struct, frozen=True, gc=False):
    directory: str
    name: str                 # archives' base name
    version: str              # "" when unspecified (the archive name then has none)
    spring_boot: bool
    application: bool
    shadow: bool
    app_name: str             # installDist's folder and start script name
    boot_jar_name: str | None = None    # bootJar { archiveFileName = ... }
    jar_name: str | None = None         # jar { archiveFileName = ... }
    unknown_plugins: tuple[str, ...] = ()

    def archive(self, suffix: str = "") -> str:
        base = f"{self.name}-{self.version}" if self.version else self.name
        return posixpath.join(self.directory, "build", "libs", f"{base}{suffix}.jar")


_STR = r"""['"]([^'"$]+)['"]"""


def read_gradle(directory: str, sources: SourceView, properties: Mapping[str, str] | None = None) -> GradleProject | str:
    """The single Gradle project in DIRECTORY, or why its outputs cannot be told."""
    settings = next((t for t in (sources.read(posixpath.join(directory, f)) for f in ("settings.gradle", "settings.gradle.kts"))
                     if t is not None), "")
    build = next((t for t in (sources.read(posixpath.join(directory, f)) for f in ("build.gradle", "build.gradle.kts"))
                  if t is not None), None)
    if build is None:
        return f"no build.gradle or build.gradle.kts in {directory} is in the build context"
    settings = _no_comments(settings)
    build = _no_comments(build)
    if re.search(r"^\s*include(?:Build)?\b", settings, re.M):
        return "a multi-project Gradle build (settings includes subprojects): which project builds which archive is not read"
    props = dict(_properties(sources.read(posixpath.join(directory, "gradle.properties")) or ""))
    props.update(properties or {})
    m = re.search(r"rootProject\.name\s*=\s*" + _STR, settings)
    name = m.group(1) if m else posixpath.basename(directory.rstrip("/"))
    if not name:
        return "the Gradle project has no name (rootProject.name) and lies in /"
    base = (re.search(r"\barchivesBaseName\s*=\s*" + _STR, build)
            or re.search(r"\barchivesName(?:\s*=\s*|\.set\(\s*)" + _STR, build))
    if base:
        name = base.group(1)
    elif re.search(r"\barchives(?:Base)?Name\b", build):
        return "the archives' name is set by code this analysis does not evaluate"
    vm = re.search(r"^\s*(?:project\.)?version\s*(?:=\s*|\s)" + _STR, build, re.M)
    if vm:
        version = vm.group(1)
    elif re.search(r"^\s*(?:project\.)?version\b", build, re.M):
        return "the project version is set by code this analysis does not evaluate"
    else:
        version = props.get("version", "")
    if version == "unspecified":
        version = ""
    if re.search(r"\b(?:destinationDirectory|destinationDir|libsDirName|libsDirectory|buildDir|buildDirectory)\b", build):
        return "the build changes where Gradle writes its archives"
    blocks = {t: body for t, body in re.findall(r"\b(bootJar|jar|shadowJar)\b[^{}\n]*\{([^{}]*)\}", build)}
    names: dict[str, str | None] = {}
    for task in ("bootJar", "jar", "shadowJar"):
        body = blocks.get(task, "")
        if re.search(r"\barchive(?:BaseName|Version|Classifier|Appendix|Extension|Name)\b", body):
            return f"the {task} task's archive name is changed in a way this analysis does not read"
        fm = re.search(r"\barchiveFileName(?:\s*=\s*|\.set\(\s*)" + _STR, body)
        if "archiveFileName" in body and not fm:
            return f"the {task} task's archiveFileName is set by code this analysis does not evaluate"
        names[task] = fm.group(1) if fm else None
    if re.search(r"\barchive(?:FileName|BaseName|Version|Classifier)\b", re.sub(r"\b(bootJar|jar|shadowJar)\b[^{}\n]*\{[^{}]*\}", "", build)):
        return "an archive name is changed outside the jar, bootJar and shadowJar blocks"
    plugins_text = " ".join(re.findall(r"plugins\s*\{([^}]*)\}", build)) + " " + " ".join(re.findall(r"apply\s+plugin\s*:\s*['\"]([^'\"]+)", build))
    ids = re.findall(r"""id\s*\(?\s*['"]([^'"]+)['"]""", plugins_text) + re.findall(r"""apply\s+plugin\s*:\s*['"]([^'"]+)""", build)
    ids += re.findall(r"""^\s*(java|application|`java-library`|java-library|idea|eclipse|jacoco|groovy|checkstyle|`maven-publish`)\s*$""",
                      plugins_text, re.M)
    ids += [f"kotlin({k})" for k in re.findall(r"""kotlin\(\s*['"]([^'"]+)['"]""", plugins_text)]
    ids = [i.strip("`") for i in ids]
    unknown = tuple(sorted({i for i in ids if not any(i == k or i.startswith(k) for k in _GRADLE_KNOWN_PLUGINS)}))
    app = "application" in ids
    am = re.search(r"\bapplicationName\s*=\s*" + _STR, build)
    if re.search(r"\bapplicationName\b", build) and not am:
        return "the application's name is set by code this analysis does not evaluate"
    return GradleProject(directory, name, version, spring_boot="org.springframework.boot" in ids, application=app,
                         shadow=any(i in ("com.github.johnrengelman.shadow", "com.gradleup.shadow") for i in ids),
                         app_name=am.group(1) if am else name, boot_jar_name=names["bootJar"], jar_name=names["jar"],
                         unknown_plugins=unknown)


def _no_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def _properties(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.splitlines():
        m = re.match(r"\s*([\w.-]+)\s*[=:]\s*(.*?)\s*$", line)
        if m and not line.lstrip().startswith(("#", "!")):
            out.append((m.group(1), m.group(2)))
    return out
