"""The base-image catalogue: what each runtime base holds, and what a build image is.

Facts per base: C library, shell, CA certificates, tzdata, known users, package manager,
the commands it has on PATH, and the default PATH. `auto` picks the smallest base that has
everything the program needs; a base missing certificates or tzdata gets them copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BUSYBOX = frozenset(
    "sh ash cat cp mv rm ls mkdir chmod chown echo env grep sed awk wget nc ping sleep test [ "
    "true false id whoami hostname date ps kill head tail tr cut sort uniq wc tee xargs find "
    "printf basename dirname readlink touch ln tar gzip gunzip su nslookup timeout expr seq "
    "pwd df du uname stat which".split()
)
COREUTILS = BUSYBOX - {"wget", "nc", "ping", "nslookup", "ash"} | {"bash", "dash"}
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class BaseImage:
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

    def has_user(self, user: str) -> bool:
        name = user.split(":")[0]
        return name.isdigit() or name in self.users


def alpine(version: str = "3.22") -> BaseImage:
    return BaseImage(f"alpine:{version}", "alpine", "musl", True, True, False,
                     frozenset({"root", "nobody", "daemon", "guest"}), BUSYBOX, "apk", approx_mb=7)


def debian_slim(release: str = "bookworm") -> BaseImage:
    return BaseImage(f"debian:{release}-slim", "debian", "glibc", True, False, False,
                     frozenset({"root", "nobody", "daemon", "www-data"}), COREUTILS, "apt",
                     libs=frozenset({"stdc++", "gcc_s", "z"}), approx_mb=75)


def ubuntu(release: str = "noble") -> BaseImage:
    return BaseImage(f"ubuntu:{release}", "ubuntu", "glibc", True, False, False,
                     frozenset({"root", "nobody", "daemon", "www-data", "ubuntu"}), COREUTILS, "apt",
                     libs=frozenset({"stdc++", "gcc_s", "z"}), approx_mb=78)


SCRATCH = BaseImage("scratch", "scratch", None, False, False, False, frozenset(), frozenset(), None, approx_mb=0)
_NONROOT = frozenset({"root", "nonroot", "nobody"})
DISTROLESS_STATIC = BaseImage("gcr.io/distroless/static-debian12", "distroless", None, False, True, True,
                              _NONROOT, frozenset(), None, approx_mb=2)
DISTROLESS_BASE = BaseImage("gcr.io/distroless/base-debian12", "distroless", "glibc", False, True, True,
                            _NONROOT, frozenset(), None, libs=frozenset({"ssl", "crypto"}), approx_mb=20)
DISTROLESS_CC = BaseImage("gcr.io/distroless/cc-debian12", "distroless", "glibc", False, True, True,
                          _NONROOT, frozenset(), None, libs=frozenset({"ssl", "crypto", "stdc++", "gcc_s"}), approx_mb=23)


@dataclass(frozen=True)
class BuildImage:
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


_DEBIAN_RELEASES = ("trixie", "bookworm", "bullseye", "buster")
_UBUNTU_RELEASES = {"24.04": "noble", "22.04": "jammy", "20.04": "focal", "noble": "noble", "jammy": "jammy", "focal": "focal"}
DEFAULT_ALPINE = "3.22"        # a currently supported Alpine release (3.18 reached its end of life in 2025)
DEFAULT_DEBIAN = "bookworm"


@dataclass(frozen=True)
class BuildDefaults:
    """One row of the build-image catalogue: the config an official image sets."""

    workdir: str = "/"
    env: tuple[tuple[str, str], ...] = (("PATH", DEFAULT_PATH),)
    user: str | None = None
    certs: bool = True
    tzdata_debian: bool = True    # Debian-based variants carry tzdata (alpine ones do not)


# Official images' defaults (their Dockerfiles' WORKDIR/ENV/USER), by repository name.
BUILD_IMAGES: dict[str, BuildDefaults] = {
    "golang": BuildDefaults("/go", (("GOPATH", "/go"), ("PATH", "/go/bin:/usr/local/go/bin:" + DEFAULT_PATH))),
    "python": BuildDefaults("/", (("PATH", "/usr/local/bin:" + DEFAULT_PATH), ("LANG", "C.UTF-8"))),
    "node": BuildDefaults("/", (("PATH", DEFAULT_PATH),)),
    "rust": BuildDefaults("/", (("RUSTUP_HOME", "/usr/local/rustup"), ("CARGO_HOME", "/usr/local/cargo"),
                                ("PATH", "/usr/local/cargo/bin:" + DEFAULT_PATH))),
    "eclipse-temurin": BuildDefaults("/", (("JAVA_HOME", "/opt/java/openjdk"), ("PATH", "/opt/java/openjdk/bin:" + DEFAULT_PATH))),
    "gcc": BuildDefaults("/"),
    "buildpack-deps": BuildDefaults("/"),
    "debian": BuildDefaults("/", certs=False, tzdata_debian=False),
    "ubuntu": BuildDefaults("/", certs=False, tzdata_debian=False),
    "alpine": BuildDefaults("/", certs=True, tzdata_debian=False),
}


def describe_build_image(ref: str) -> BuildImage:
    name, _, tag = ref.partition(":")
    tag = tag.split("@")[0]
    registry_path = name.split("/")
    repo = registry_path[-1]
    if name.startswith("gcr.io/distroless/"):
        user = "65532" if "nonroot" in tag else None
        return BuildImage(ref, "distroless", "bookworm", (("PATH", DEFAULT_PATH),), True, True, "/", user)
    official = len(registry_path) == 1 or (len(registry_path) == 2 and registry_path[0] in ("library", "docker.io")) \
        or (len(registry_path) == 3 and registry_path[0] == "docker.io" and registry_path[1] == "library")
    defaults = BUILD_IMAGES.get(repo) if official else None
    m = re.search(r"alpine(\d+\.\d+)?", tag)
    if repo == "alpine" or m:
        version = m.group(1) if m and m.group(1) else (re.match(r"\d+\.\d+", tag).group(0)  # type: ignore[union-attr]
                                                        if repo == "alpine" and re.match(r"\d+\.\d+", tag) else DEFAULT_ALPINE)
        family, release = "alpine", version
    elif repo == "ubuntu":
        family, release = "ubuntu", _UBUNTU_RELEASES.get(tag.split("-")[0], "noble")
    elif repo == "eclipse-temurin":   # Ubuntu-based unless -alpine
        family, release = "ubuntu", next((c for c in ("noble", "jammy", "focal") if c in tag), "noble")
    else:
        release = next((r for r in _DEBIAN_RELEASES if r in tag), DEFAULT_DEBIAN)
        family = "debian" if defaults is not None else "unknown"
    if defaults is None:
        return BuildImage(ref, family, release, (("PATH", DEFAULT_PATH),), False, False, known=False)
    return BuildImage(ref, family, release, defaults.env, has_certs=defaults.certs,
                      has_tzdata=family == "debian" and defaults.tzdata_debian,
                      workdir=defaults.workdir, user=defaults.user)


@dataclass(frozen=True)
class Requirements:
    libc: str               # static | musl | glibc
    shell: bool
    tools: frozenset[str]   # commands the runtime calls by name (healthcheck, scripts)
    shared_libs: frozenset[str]
    family: str | None = None   # the base must be of this family (users carried from the build)
    package_manager: bool = False   # OS packages will be installed in it


def candidates(req: Requirements, build: BuildImage) -> list[BaseImage]:
    """Bases able to run the program, most preferred first (the `auto` order).

    Static or musl programs: alpine first (7 MB, a shell for `docker exec`, certs, busybox
    tools), then distroless static and scratch. glibc programs: distroless base/cc when no
    shell is needed, else Debian slim of the build image's release (same glibc or newer).
    """
    alp = alpine(build.release if build.family == "alpine" else DEFAULT_ALPINE)
    slim = ubuntu(build.release) if build.family == "ubuntu" else debian_slim(build.release if build.family == "debian" else DEFAULT_DEBIAN)
    if req.libc == "musl":
        order = [alp]
    elif req.libc == "static":
        order = [alp, DISTROLESS_STATIC, SCRATCH, slim]
    else:
        order = [DISTROLESS_BASE, DISTROLESS_CC, slim]
        if req.shell or req.tools:
            order = [slim]
    return [b for b in order if _fits(b, req)]


def _fits(base: BaseImage, req: Requirements) -> bool:
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


def named(kind: str, build: BuildImage) -> BaseImage:
    """The base for an explicit `--runtime` choice."""
    if kind == "alpine":
        return alpine(build.release if build.family == "alpine" else DEFAULT_ALPINE)
    if kind == "scratch":
        return SCRATCH
    if kind == "slim":
        return ubuntu(build.release) if build.family == "ubuntu" else debian_slim(build.release if build.family == "debian" else DEFAULT_DEBIAN)
    if kind == "distroless":
        return DISTROLESS_STATIC
    raise ValueError(kind)


def distroless_for(libc: str, shared_libs: frozenset[str]) -> BaseImage:
    if libc != "glibc":
        return DISTROLESS_STATIC
    return DISTROLESS_BASE if shared_libs <= DISTROLESS_BASE.libs else DISTROLESS_CC


def preference(base: BaseImage) -> str:
    """Why `auto` prefers this base, in one clause."""
    return {
        "alpine": f"{base.ref} (~7 MB) has a shell for debugging, CA certificates and busybox tools",
        "debian": f"{base.ref} has glibc and a shell",
        "ubuntu": f"{base.ref} has the build image's glibc and a shell",
        "distroless": f"{base.ref} has {base.libc or 'no C library'}, certificates and tzdata, and no shell",
        "scratch": "scratch is empty: the program must be fully static",
    }[base.family]
