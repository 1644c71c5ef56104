"""The base-image catalogue: what each runtime base holds, and what a build image is.

Facts per base: C library, shell, CA certificates, tzdata, known users, package manager,
the commands it has on PATH, and the default PATH. `auto` picks the smallest base that has
everything the program needs; a base missing certificates or tzdata gets them copied.
"""

from __future__ import annotations

import fnmatch
import os
import re

from msgspec import Struct
from msgspec.structs import replace

from converter import user_cache

from . import packages

BUSYBOX = frozenset(
    "sh ash cat cp mv rm ls mkdir chmod chown echo env grep sed awk wget nc ping sleep test [ "
    "true false id whoami hostname date ps kill head tail tr cut sort uniq wc tee xargs find "
    "printf basename dirname readlink touch ln tar gzip gunzip su nslookup timeout expr seq "
    "pwd df du uname stat which".split()
)
COREUTILS = BUSYBOX - {"wget", "nc", "ping", "nslookup", "ash"} | {"bash", "dash"}
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# Variables that name tool folders (search paths, toolchain homes, caches), not files a program
# reads: a path in their value is never taken for a data file.
TOOL_PATH_VARIABLES = frozenset("PATH GOPATH GOROOT GOBIN GOCACHE GOMODCACHE HOME LD_LIBRARY_PATH CARGO_HOME RUSTUP_HOME "
                                "JAVA_HOME PYTHONPATH NODE_PATH DOTNET_ROOT NUGET_PACKAGES".split())


class BaseImage(Struct, frozen=True, gc=False):
    ref: str
    family: str                     # alpine | debian | distroless | scratch
    libc: str | None                # musl | glibc | None
    shell: bool
    certs: bool
    tzdata: bool
    users: frozenset[str]
    tools: frozenset[str]
    package_manager: str | None     # apk | apt | None
    libs: frozenset[str] = frozenset()   # shared libraries beyond libc
    path: str = DEFAULT_PATH
    approx_mb: int = 0
    release: str = ""               # its distribution release (bookworm, 3.22): runtime package names depend on it
    provides: str = ""              # the language runtime it ships ("java"), with `version`
    version: str = ""
    entrypoint: tuple[str, ...] = ()   # its own ENTRYPOINT (distroless java: java -jar)
    # its image as a --bases file or the configuration declared it: written exactly so, never
    # respelt like the build image (spelt_like)
    declared: bool = False

    def has_user(self, user: str) -> bool:
        name = user.split(":")[0]
        return name.isdigit() or name in self.users


_TOOLS = {"busybox": BUSYBOX, "coreutils": COREUTILS, "none": frozenset()}
_CACHE_FORMAT = 1   # of the parsed rows kept in the user cache
_ROW_KEYS = ("name", "image", "release", "family", "libc", "shell", "certs", "tzdata", "users", "tools",
             "package_manager", "libs", "approx_mb")
_OPTIONAL_KEYS = {"provides": "", "versions": [], "path": "", "entrypoint": []}     # bases that ship a language runtime; PATH if not the default


class Catalogue(Struct, frozen=True, gc=False):
    """The runtime base rows (heuristics/runtime_bases.toml), by name, in file order."""

    rows: tuple[tuple[str, dict], ...]
    # rows whose `image` a --bases file or the configuration gave; sorted, so that the catalogue's
    # encoding (the batch result cache's key, converter/batch/memo.py) is the same in every process
    declared: tuple[str, ...] = ()

    def row(self, name: str) -> dict:
        return dict(self.rows)[name]

    def base(self, name: str, release: str | None = None, version: str = "") -> BaseImage:
        r = {**_OPTIONAL_KEYS, **self.row(name)}
        rel = release or r["release"]
        return BaseImage(
            ref=r["image"].replace("{release}", rel).replace("{version}", version), family=r["family"],
            libc=None if r["libc"] == "none" else r["libc"], shell=r["shell"], certs=r["certs"], tzdata=r["tzdata"],
            users=frozenset(r["users"]), tools=_TOOLS[r["tools"]],
            package_manager=None if r["package_manager"] == "none" else r["package_manager"],
            libs=frozenset(r["libs"]), approx_mb=r["approx_mb"], release=rel, provides=r["provides"], version=version,
            path=r["path"] or DEFAULT_PATH, entrypoint=tuple(r["entrypoint"]), declared=name in self.declared)

    def providing(self, runtime: str, version: str) -> list[BaseImage]:
        """The bases that ship RUNTIME at VERSION, in file order (the `auto` preference); a
        `versions` entry may be a pattern (tomcat's `*-jre*` tags)."""
        return [self.base(name, version=version) for name, r in self.rows
                if r.get("provides") == runtime and any(fnmatch.fnmatchcase(version, v) for v in r.get("versions", []))]

    def package_manager(self, family: str) -> str | None:
        """The package manager of the catalogue's bases of FAMILY (apt for debian, apk for alpine)."""
        return next((r["package_manager"] for _, r in self.rows
                     if r["family"] == family and r["package_manager"] != "none"), None)

    def with_overrides(self, text: str, source: str) -> Catalogue:
        """Rows of a TOML text replace rows of the same name (only the keys they give) or add
        rows; an unknown key or a missing one in a new row is a ValueError naming SOURCE."""
        import tomllib

        data = tomllib.loads(text)
        rows = dict(self.rows)
        declared = set(self.declared)
        for given in data.get("base", []):
            name = given.get("name")
            unknown = set(given) - set(_ROW_KEYS) - set(_OPTIONAL_KEYS)
            if not name or unknown:
                raise ValueError(f"{source}: each [[base]] needs a name and only these keys: "
                                 f"{', '.join((*_ROW_KEYS, *_OPTIONAL_KEYS))}"
                                 + (f" (unknown: {', '.join(sorted(unknown))})" if unknown else ""))
            row = {**rows.get(name, {}), **given}
            missing = set(_ROW_KEYS) - set(row)
            if missing:
                raise ValueError(f"{source}: new base {name!r} lacks {', '.join(sorted(missing))}")
            if row["tools"] not in _TOOLS:
                raise ValueError(f"{source}: base {name!r}: tools must be one of {', '.join(_TOOLS)}")
            rows[name] = row
            if "image" in given:
                declared.add(name)
        return Catalogue(tuple(rows.items()), tuple(sorted(declared)))


def _load_default() -> Catalogue:
    # A plain read beside this module: importlib.resources (with pathlib and zipfile) would add
    # ~10 ms to every start, and the package is never run from a zip archive. The parsed rows
    # come from the user cache when the file has not changed since they were saved: parsing
    # the TOML (and importing tomllib) is ~7 ms of every start, reading the cache ~0.3.
    path = os.path.join(os.path.dirname(__file__), "runtime_bases.toml")
    name = user_cache.entry("runtime-bases", [path], _CACHE_FORMAT)
    rows = user_cache.read(name)
    if not (isinstance(rows, list) and all(isinstance(r, dict) and isinstance(r.get("name"), str) for r in rows)):
        import tomllib

        with open(path, encoding="utf-8") as f:
            rows = tomllib.loads(f.read())["base"]
        user_cache.write(name, rows)
    return Catalogue(tuple((r["name"], r) for r in rows))


CATALOGUE = _load_default()


def alpine(version: str | None = None, catalogue: Catalogue = CATALOGUE) -> BaseImage:
    return catalogue.base("alpine", version)


def debian_slim(release: str | None = None, catalogue: Catalogue = CATALOGUE) -> BaseImage:
    return catalogue.base("debian-slim", release)


def ubuntu(release: str | None = None, catalogue: Catalogue = CATALOGUE) -> BaseImage:
    return catalogue.base("ubuntu", release)


SCRATCH = CATALOGUE.base("scratch")
DISTROLESS_STATIC = CATALOGUE.base("distroless-static")
DISTROLESS_BASE = CATALOGUE.base("distroless-base")
DISTROLESS_CC = CATALOGUE.base("distroless-cc")


class BuildImage(Struct, frozen=True, gc=False):
    """What the analysis knows of the build stage's base from its name alone: its family and
    release, and the config it starts a stage with (WORKDIR, ENV, USER), which relative paths,
    `./prog` in CMD and the runtime stage's WORKDIR follow."""

    ref: str
    family: str          # alpine | debian | ubuntu | distroless | unknown
    release: str         # alpine version, Debian/Ubuntu codename
    env: tuple[tuple[str, str], ...]
    has_certs: bool
    has_tzdata: bool
    workdir: str = "/"
    user: str | None = None
    known: bool = True   # the catalogue knows this image's defaults
    cmd: tuple[str, ...] = ()   # its default CMD, when it starts a server of its own (tomcat)


_DEBIAN_RELEASES = ("trixie", "bookworm", "bullseye", "buster")   # tag suffixes, newest first
_UBUNTU_RELEASES = {"24.04": "noble", "22.04": "jammy", "20.04": "focal", "noble": "noble", "jammy": "jammy", "focal": "focal"}
DEFAULT_ALPINE = CATALOGUE.row("alpine")["release"]          # a supported release (3.18 reached its end of life)
DEFAULT_DEBIAN = CATALOGUE.row("debian-slim")["release"]


class BuildDefaults(Struct, frozen=True, gc=False):
    """One row of the build-image catalogue: the config an official image sets."""

    workdir: str = "/"
    env: tuple[tuple[str, str], ...] = (("PATH", DEFAULT_PATH),)
    user: str | None = None
    certs: bool = True
    tzdata_debian: bool = True    # Debian-based variants carry tzdata (alpine ones do not)
    cmd: tuple[str, ...] = ()     # its default CMD, which a file that sets none runs


_TEMURIN_LOCALE = (("LANG", "en_US.UTF-8"), ("LANGUAGE", "en_US:en"), ("LC_ALL", "en_US.UTF-8"))

# Official images' defaults (their Dockerfiles' WORKDIR/ENV/USER), by repository name.
BUILD_IMAGES: dict[str, BuildDefaults] = {
    "golang": BuildDefaults("/go", (("GOPATH", "/go"), ("PATH", "/go/bin:/usr/local/go/bin:" + DEFAULT_PATH))),
    "python": BuildDefaults("/", (("PATH", "/usr/local/bin:" + DEFAULT_PATH), ("LANG", "C.UTF-8"))),
    "node": BuildDefaults("/", (("PATH", DEFAULT_PATH),)),
    "rust": BuildDefaults("/", (("RUSTUP_HOME", "/usr/local/rustup"), ("CARGO_HOME", "/usr/local/cargo"),
                                ("PATH", "/usr/local/cargo/bin:" + DEFAULT_PATH))),
    # Java images (checked against their Dockerfiles): JAVA_HOME and PATH follow the JDK a tag names
    # (_java_build_image); these rows hold the Temurin variants'. maven links mvn into /usr/bin,
    # gradle links gradle into /usr/bin and starts in /home/gradle (its user's home).
    "eclipse-temurin": BuildDefaults("/", (("JAVA_HOME", "/opt/java/openjdk"), ("PATH", "/opt/java/openjdk/bin:" + DEFAULT_PATH),
                                           *_TEMURIN_LOCALE)),
    "maven": BuildDefaults("/", (("JAVA_HOME", "/opt/java/openjdk"), ("PATH", "/opt/java/openjdk/bin:" + DEFAULT_PATH),
                                 *_TEMURIN_LOCALE, ("MAVEN_HOME", "/usr/share/maven"), ("MAVEN_CONFIG", "/root/.m2"))),
    "gradle": BuildDefaults("/home/gradle", (("JAVA_HOME", "/opt/java/openjdk"), ("PATH", "/opt/java/openjdk/bin:" + DEFAULT_PATH),
                                             *_TEMURIN_LOCALE, ("GRADLE_HOME", "/opt/gradle"))),
    "openjdk": BuildDefaults("/", (("JAVA_HOME", "/usr/local/openjdk-11"), ("PATH", "/usr/local/openjdk-11/bin:" + DEFAULT_PATH),
                                   ("LANG", "C.UTF-8"))),
    # tomcat:9.0-jdk17-temurin: Temurin (Ubuntu) + Tomcat in /usr/local/tomcat, started by its CMD.
    "tomcat": BuildDefaults("/usr/local/tomcat", (("CATALINA_HOME", "/usr/local/tomcat"), ("JAVA_HOME", "/opt/java/openjdk"),
                                                  ("PATH", "/usr/local/tomcat/bin:/opt/java/openjdk/bin:" + DEFAULT_PATH),
                                                  *_TEMURIN_LOCALE), cmd=("catalina.sh", "run")),
    "amazoncorretto": BuildDefaults("/", (("JAVA_HOME", "/usr/lib/jvm/java-17-amazon-corretto"), ("PATH", DEFAULT_PATH),
                                          ("LANG", "C.UTF-8"))),
    # Microsoft's .NET SDK (mcr.microsoft.com/dotnet/sdk): Debian up to 9.0, Ubuntu from 10.0. It is
    # built FROM the aspnet image, whose variables it keeps (APP_UID, ASPNETCORE_HTTP_PORTS from 8.0
    # on); tags before 8.0 clear ASPNETCORE_URLS instead, alpine tags turn ICU back on
    # (dotnet_sdk_defaults).
    "dotnet/sdk": BuildDefaults("/", (("APP_UID", "1654"), ("ASPNETCORE_HTTP_PORTS", "8080"),
                                      ("DOTNET_RUNNING_IN_CONTAINER", "true"), ("DOTNET_GENERATE_ASPNET_CERTIFICATE", "false"),
                                      ("DOTNET_NOLOGO", "true"), ("DOTNET_USE_POLLING_FILE_WATCHER", "true"),
                                      ("NUGET_XMLDOC_MODE", "skip"), ("PATH", DEFAULT_PATH))),
    "gcc": BuildDefaults("/"),
    "buildpack-deps": BuildDefaults("/"),
    "debian": BuildDefaults("/", certs=False, tzdata_debian=False),
    "ubuntu": BuildDefaults("/", certs=False, tzdata_debian=False),
    "alpine": BuildDefaults("/", certs=True, tzdata_debian=False),
    # nginx (docker-library/nginx): Debian slim or alpine with nginx from nginx.org; its ENTRYPOINT
    # /docker-entrypoint.sh runs /docker-entrypoint.d/*.sh (templates, IPv6 listen) and then the
    # CMD; STOPSIGNAL SIGQUIT (a graceful stop). The runtime stage starts from the same tag.
    "nginx": BuildDefaults("/", cmd=("nginx", "-g", "daemon off;")),
}


def python_defaults(tag: str, defaults: BuildDefaults) -> BuildDefaults:
    """The python image's config for TAG: its PYTHON_VERSION as far as the tag names it
    (python:3.11 -> 3.11, python:3.11.9-slim -> 3.11.9): pip's site-packages folder
    (/usr/local/lib/python3.11/site-packages) follows from it. A tag without a minor version
    (python:3, latest) sets none, and the Python module reads no install there."""
    m = re.match(r"(3\.\d+(?:\.\d+)?)(?:-|$)", tag)
    if not m:
        return defaults
    return replace(defaults, env=(*defaults.env, ("PYTHON_VERSION", m.group(1))))


_DOTNET_LATEST = 10       # the major version of the SDK's `latest` tag


def _dotnet_major(tag: str) -> int:
    m = re.match(r"(\d+)\.\d+", tag)
    return int(m.group(1)) if m else _DOTNET_LATEST


def dotnet_sdk_defaults(tag: str) -> BuildDefaults:
    """The .NET SDK image's config for TAG: the `dotnet/sdk` row, adjusted by version and variant.
    Before 8.0 the runtime-deps image set ASPNETCORE_URLS=http://+:80 (no APP_UID, no
    ASPNETCORE_HTTP_PORTS) and the SDK image cleared it; alpine SDK tags install ICU and set
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false over the runtime image's true."""
    env = dict(BUILD_IMAGES["dotnet/sdk"].env)
    if _dotnet_major(tag) < 8:
        del env["APP_UID"], env["ASPNETCORE_HTTP_PORTS"]
        env = {"ASPNETCORE_URLS": "", **env}
    if "alpine" in tag:
        env["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "false"
        env["PATH"] = env.pop("PATH")
    return BuildDefaults("/", tuple(env.items()))


def _untagged_release(repo: str, tag: str) -> str:
    """The Debian release behind a tag that names none. The official images moved their
    default variants to trixie in August 2025; tags frozen before (golang 1.23 and older) stay
    on bookworm. When unsure, the newer release: a runtime with a newer glibc runs the binary,
    an older one may not."""
    m = re.match(r"(\d+)(?:\.(\d+))?", tag)
    version = (int(m.group(1)), int(m.group(2) or 0)) if m else None
    # end of life before the move; gcc: each major stays on the release it was first built on
    # (docker-library/gcc: 15/Dockerfile FROM buildpack-deps:bookworm, 16/Dockerfile FROM buildpack-deps:trixie)
    frozen_before = {"golang": (1, 24), "node": (20, 0), "python": (3, 9), "gcc": (16, 0), "nginx": (1, 29)}
    if version and repo in frozen_before and version < frozen_before[repo]:
        return DEFAULT_DEBIAN
    if version and repo == "rust" and m and m.group(2):       # rust:1 is the newest release
        # Only the newest Rust release is rebuilt, so each tag keeps the default of its last
        # build: buster before 1.54, bullseye from 1.54 (August 2021), bookworm from 1.70
        # (June 2023), trixie from 1.89 (August 2025).
        return "buster" if version < (1, 54) else "bullseye" if version < (1, 70) else \
            "bookworm" if version < (1, 89) else "trixie"
    if repo == "debian" and tag.split("-")[0] in ("12", "bookworm"):
        return "bookworm"
    return "trixie"


_JAVA_REPOS = ("eclipse-temurin", "maven", "gradle", "openjdk", "amazoncorretto")
_JDK_VENDORS = ("temurin", "openjdk", "corretto", "graal", "sapmachine", "semeru", "ibmjava", "liberica", "zulu", "oracle")


def _java_build_image(repo: str, tag: str, env: tuple[tuple[str, str], ...]) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """(family, release, env) of a Java build image (alpine tags are handled before): the JDK
    its tag names decides the distribution and JAVA_HOME (maven:3.8-openjdk-11 sits on Debian
    with /usr/local/openjdk-11, maven:3-amazoncorretto-17 on Amazon Linux)."""
    t = tag.lower()
    vendor = "temurin" if repo == "eclipse-temurin" else "openjdk" if repo == "openjdk" else \
        "corretto" if repo == "amazoncorretto" else next((v for v in _JDK_VENDORS if v in t), "")
    if repo == "maven" and not vendor and re.search(r"(^|-)jdk-\d", t):
        vendor = "openjdk"          # maven:3.6-jdk-8, maven:3-jdk-11: the openjdk images
    if not vendor:
        vendor = "temurin"          # maven:3.9, gradle:8-jdk17: on eclipse-temurin
    rest = dict(env)
    version = re.search(r"(?:^|[-a-z])(\d+)(?:u\d+)?(?:[-._]|$)", re.sub(r"^\d+(\.\d+)*-", "", t) if repo in ("maven", "gradle") else t)
    major = version.group(1) if version else ""
    alpine = "alpine" in t
    if vendor == "temurin":
        return "ubuntu", next((c for c in ("noble", "jammy", "focal") if c in t), "noble"), env
    for key in ("LANG", "LANGUAGE", "LC_ALL"):
        rest.pop(key, None)
    if vendor == "openjdk" and alpine:
        home = "/usr/lib/jvm/java-1.8-openjdk" if major == "8" else f"/opt/openjdk-{major}"
        path = f"{DEFAULT_PATH}:{home}/jre/bin:{home}/bin" if major == "8" else f"{home}/bin:{DEFAULT_PATH}"
        rest.update(JAVA_HOME=home, PATH=path, LANG="C.UTF-8")
        return "alpine", "", tuple(rest.items())
    if vendor == "corretto" and alpine:
        rest.update(JAVA_HOME="/usr/lib/jvm/default-jvm", PATH=f"{DEFAULT_PATH}:/usr/lib/jvm/default-jvm/bin", LANG="C.UTF-8")
        return "alpine", "", tuple(rest.items())
    if vendor == "openjdk":
        oracle = bool(major) and int(major) >= 17 and not re.search(r"slim|bullseye|buster|bookworm", t)
        home = f"/usr/java/openjdk-{major}" if oracle else f"/usr/local/openjdk-{major or '11'}"
        rest.update(JAVA_HOME=home, PATH=f"{home}/bin:{DEFAULT_PATH}", LANG="C.UTF-8")
        if oracle or "oracle" in t:
            return "unknown", "", tuple(rest.items())     # Oracle Linux (rpm): no runtime base of that family
        release = next((r for r in _DEBIAN_RELEASES if r in t), "bookworm" if major and int(major) >= 18 else "bullseye")
        return "debian", release, tuple(rest.items())
    if vendor == "corretto":
        home = "/usr/lib/jvm/java-1.8.0-amazon-corretto" if major == "8" else f"/usr/lib/jvm/java-{major or '17'}-amazon-corretto"
        rest.update(JAVA_HOME=home, PATH=DEFAULT_PATH, LANG="C.UTF-8")
        if "debian" in t:
            return "debian", next((r for r in _DEBIAN_RELEASES if r in t), "bookworm"), tuple(rest.items())
        return "unknown", "", tuple(rest.items())         # Amazon Linux (rpm)
    # Other vendors (GraalVM, SapMachine, Semeru, ...): JAVA_HOME differs by vendor and version.
    rest.pop("JAVA_HOME", None)
    rest["PATH"] = DEFAULT_PATH
    return "unknown", "", tuple(rest.items())


_HUB = "docker.io"
_HUB_ALIASES = ("docker.io", "index.docker.io")    # the engine reads index.docker.io as docker.io


def _engine_name(ref: str) -> tuple[str, str, str]:
    """(name, tag, digest) of REF, its name as the engine completes it (distribution's
    reference normalisation: a first component that is no host, i.e. holds no `.` or `:`, is not
    `localhost` and is lower case, means Docker Hub; index.docker.io is docker.io; a Docker
    Hub name of one component is under `library/`): `nginx` and `index.docker.io/nginx` are
    both docker.io/library/nginx. Restated by hand: Python has no well-kept library of it."""
    name, _, digest = ref.partition("@")
    folder, _, last = name.rpartition("/")
    repo, _, tag = last.partition(":")
    path = f"{folder}/{repo}" if folder else repo
    first, slash, rest = path.partition("/")
    if not slash or not ("." in first or ":" in first or first == "localhost" or first != first.lower()):
        first, rest = _HUB, path
    elif first in _HUB_ALIASES:
        first = _HUB
    if first == _HUB and "/" not in rest:
        rest = "library/" + rest
    return f"{first}/{rest}", tag, digest


def official_repository(ref: str) -> str | None:
    """The Docker Hub official image a reference names, however it is spelt (`nginx`,
    `library/nginx`, `docker.io/library/nginx:1.25@sha256:...`, `index.docker.io/nginx` are all
    "nginx"); None for another registry or a namespace of someone's (`bitnami/nginx`, `ghcr.io/x/nginx`)."""
    name = _engine_name(ref)[0]
    repo = name.removeprefix(f"{_HUB}/library/")
    return repo if repo != name and "/" not in repo else None


def same_image(a: str, b: str) -> bool:
    """Whether two references name one image as the engine resolves them: Docker Hub's
    `docker.io/` (or `index.docker.io/`), an official image's `library/` and a missing tag's
    `:latest` spelt or not."""
    def spelt_out(ref: str) -> tuple[str, str, str]:
        name, tag, digest = _engine_name(ref)
        return name, tag or ("" if digest else "latest"), digest
    return spelt_out(a) == spelt_out(b)


def hub_spelling(ref: str) -> str | None:
    """How REF spells Docker Hub before an official image's name, as written: "" (`golang:1.22`),
    "library/", "docker.io/", "docker.io/library/", "index.docker.io/" or
    "index.docker.io/library/"; None when REF names no official image (another registry,
    someone's namespace)."""
    if official_repository(ref) is None:
        return None
    name = ref.partition("@")[0]
    return name[:name.rfind("/") + 1]


def spelt_like(ref: str, build_ref: str) -> str:
    """REF, an official image, with Docker Hub spelt as BUILD_REF spells it: alpine:3.22 after
    `FROM docker.io/library/golang:1.22` is docker.io/library/alpine:3.22, after `FROM
    docker.io/golang:1.22` docker.io/alpine:3.22. The same image to the engine, and the spelling
    that a registry allow-list or a policy check ("every FROM starts with docker.io/") expects of
    the whole file. REF as it is when either names no official image (gcr.io/distroless/...,
    mcr.microsoft.com/...), and scratch, which is no image at all."""
    prefix, own = hub_spelling(build_ref), hub_spelling(ref)
    if prefix is None or own is None or ref == "scratch":
        return ref
    return prefix + ref[len(own):]


def describe_build_image(ref: str) -> BuildImage:
    name, _, tag = ref.partition(":")
    tag = tag.split("@")[0]
    registry_path = name.split("/")
    repo = registry_path[-1]
    if name.startswith("gcr.io/distroless/"):
        user = "65532" if "nonroot" in tag else None
        return BuildImage(ref, "distroless", "bookworm", (("PATH", DEFAULT_PATH),), True, True, "/", user)
    official = official_repository(ref) is not None
    defaults = BUILD_IMAGES.get(repo) if official else None
    if name in ("mcr.microsoft.com/dotnet/sdk", "mcr.microsoft.com/dotnet/core/sdk"):
        repo, defaults = "dotnet/sdk", dotnet_sdk_defaults(tag)
    java_family, java_release = "", ""
    if repo in _JAVA_REPOS and defaults is not None:
        java_family, java_release, env = _java_build_image(repo, tag, defaults.env)
        defaults = replace(defaults, env=env)
    m = re.search(r"alpine(\d+\.\d+)?", tag)
    if repo == "alpine" or m:
        version = m.group(1) if m and m.group(1) else (re.match(r"\d+\.\d+", tag).group(0)  # type: ignore[union-attr]
                                                        if repo == "alpine" and re.match(r"\d+\.\d+", tag) else DEFAULT_ALPINE)
        family, release = "alpine", version
    elif repo == "ubuntu":
        family, release = "ubuntu", _UBUNTU_RELEASES.get(tag.split("-")[0], "noble")
    elif repo == "buildpack-deps" and tag.split("-")[0] in _UBUNTU_RELEASES:
        # buildpack-deps:jammy, :noble-scm, ...: the Ubuntu variants of the image
        family, release = "ubuntu", _UBUNTU_RELEASES[tag.split("-")[0]]
    elif repo in _JAVA_REPOS and defaults is not None:
        family, release = java_family, java_release
    elif repo == "tomcat" and defaults is not None:
        family, release = "ubuntu", next((c for c in ("noble", "jammy", "focal") if c in tag), "noble")
    elif repo == "dotnet/sdk":
        major = _dotnet_major(tag)
        ubuntu_codename = next((c for c in ("noble", "jammy", "focal") if c in tag), None)
        if re.search(r"azurelinux|cbl-mariner|nanoserver|windowsservercore", tag):
            family, release = "unknown", ""    # rpm-based or Windows: no runtime base of that family
        elif ubuntu_codename or (major >= 10 and not re.search(r"bookworm|trixie|bullseye", tag)):
            family, release = "ubuntu", ubuntu_codename or "noble"
        else:
            family, release = "debian", next((r for r in _DEBIAN_RELEASES if r in tag), "bookworm")
    else:
        release = next((r for r in _DEBIAN_RELEASES if r in tag), None) or _untagged_release(repo, tag)
        family = "debian" if defaults is not None else "unknown"
    if defaults is None:
        return BuildImage(ref, family, release, (("PATH", DEFAULT_PATH),), False, False, known=False)
    if repo == "python":
        defaults = python_defaults(tag, defaults)
    return BuildImage(ref, family, release, defaults.env, has_certs=defaults.certs,
                      has_tzdata=family == "debian" and defaults.tzdata_debian,
                      workdir=defaults.workdir, user=defaults.user, cmd=defaults.cmd)


class Requirements(Struct, frozen=True, gc=False):
    libc: str               # static | musl | glibc
    shell: bool
    tools: frozenset[str]   # commands the runtime calls by name (healthcheck, scripts)
    shared_libs: frozenset[str]
    family: str | None = None   # the base must be of this family (users carried from the build)
    package_manager: bool = False   # OS packages will be installed in it
    runtime: tuple[str, str] | None = None   # a language runtime it must ship: ("java", "17")


def candidates(req: Requirements, build: BuildImage, catalogue: Catalogue = CATALOGUE) -> list[BaseImage]:
    """Bases able to run the program, most preferred first (the `auto` order).

    Not simply the smallest: static or musl programs get alpine first (~7 MB, but a shell for
    `docker exec`, CA certificates and busybox tools), then distroless static, then scratch;
    glibc programs get distroless base or cc when they need no shell and no command, else the
    slim image of the build image's distribution and release (the same glibc, or newer).
    """
    if req.runtime is not None:
        # A jar or a .NET assembly runs on the runtime's own image: the catalogue's rows that
        # provide it, in file order; the C library follows the build image's.
        return [b for b in catalogue.providing(*req.runtime) if _fits(b, req)]
    alp = alpine(build.release if build.family == "alpine" else None, catalogue)
    slim = _slim(build, catalogue)
    if req.libc == "musl":
        order = [alp]
    elif req.libc == "static":
        order = [alp, catalogue.base("distroless-static"), catalogue.base("scratch"), slim]
    else:
        order = [catalogue.base("distroless-base"), catalogue.base("distroless-cc"), slim]
        distroless = catalogue.row("distroless-base")["release"]
        # Distroless only for a build of its release or older, and only when every library the
        # program links has the same soname there (bullseye's libssl.so.1.1 is not bookworm's .so.3).
        if (req.shell or req.tools or not _glibc_at_least_as_new(distroless, build)
                or not all(packages.same_library(lib, build.release, distroless) for lib in req.shared_libs)):
            order = [slim]
    return [b for b in order if _fits(b, req)]


_DEBIAN_ORDER = ("buster", "bullseye", "bookworm", "trixie")


def _glibc_at_least_as_new(release: str, build: BuildImage) -> bool:
    """Whether a Debian RELEASE's glibc is as new as the build image's (a binary linked against
    a newer glibc fails on an older one: "GLIBC_2.38 not found")."""
    if build.family != "debian" or build.release not in _DEBIAN_ORDER or release not in _DEBIAN_ORDER:
        return False
    return _DEBIAN_ORDER.index(release) >= _DEBIAN_ORDER.index(build.release)


def _slim(build: BuildImage, catalogue: Catalogue) -> BaseImage:
    if build.family == "ubuntu":
        return ubuntu(build.release, catalogue)
    return debian_slim(build.release if build.family == "debian" else None, catalogue)


def _fits(base: BaseImage, req: Requirements) -> bool:
    if req.runtime is not None and (base.provides, base.version) != req.runtime:
        return False
    if req.family and base.family != req.family:
        return False
    if req.package_manager and base.package_manager is None:
        return False
    if req.shell and not base.shell:
        return False
    if req.libc in ("glibc", "musl") and base.libc != req.libc:
        return False
    if req.libc == "glibc" and not req.shared_libs <= base.libs:
        return base.package_manager is not None
    return True


_RUNTIME_FAMILIES = {"alpine": ("alpine",), "scratch": ("scratch",), "slim": ("debian", "ubuntu"), "distroless": ("distroless",)}


def named(kind: str, build: BuildImage, catalogue: Catalogue = CATALOGUE,
          runtime: tuple[str, str] | None = None) -> BaseImage | None:
    """The base for an explicit `--runtime` choice (None: no base of that kind ships RUNTIME)."""
    if runtime is not None:
        return next((b for b in catalogue.providing(*runtime) if b.family in _RUNTIME_FAMILIES[kind]), None)
    if kind == "alpine":
        return alpine(build.release if build.family == "alpine" else None, catalogue)
    if kind == "scratch":
        return catalogue.base("scratch")
    if kind == "slim":
        return _slim(build, catalogue)
    if kind == "distroless":
        return catalogue.base("distroless-static")
    raise ValueError(kind)


def distroless_for(libc: str, shared_libs: frozenset[str], catalogue: Catalogue = CATALOGUE) -> BaseImage:
    if libc != "glibc":
        return catalogue.base("distroless-static")
    base = catalogue.base("distroless-base")
    return base if shared_libs <= base.libs else catalogue.base("distroless-cc")


def preference(base: BaseImage) -> str:
    """Why `auto` prefers this base, in one clause."""
    if base.provides:
        extras = "a shell" if base.shell else "no shell"
        return f"{base.ref} ships the {base.provides} {base.version} runtime (not its build tools), with {extras}"
    return {
        "alpine": f"{base.ref} (~7 MB) has a shell for debugging, CA certificates and busybox tools",
        "debian": f"{base.ref} has glibc and a shell",
        "ubuntu": f"{base.ref} has the build image's glibc and a shell",
        "distroless": f"{base.ref} has {base.libc or 'no C library'}, certificates and tzdata, and no shell",
        "scratch": "scratch is empty: the program must be fully static",
    }[base.family]
