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


def alpine(version: str = "3.18") -> BaseImage:
    return BaseImage(f"alpine:{version}", "alpine", "musl", True, True, False,
                     frozenset({"root", "nobody", "daemon", "guest"}), BUSYBOX, "apk", approx_mb=7)


def debian_slim(release: str = "bookworm") -> BaseImage:
    return BaseImage(f"debian:{release}-slim", "debian", "glibc", True, False, False,
                     frozenset({"root", "nobody", "daemon", "www-data"}), COREUTILS, "apt",
                     libs=frozenset({"stdc++", "gcc_s", "z"}), approx_mb=75)


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
    """What the analysis knows of the build stage's base from its name alone."""

    ref: str
    family: str          # alpine | debian | unknown
    release: str         # alpine version or Debian codename
    env: tuple[tuple[str, str], ...]
    has_certs: bool
    has_tzdata: bool


_DEBIAN_RELEASES = ("bookworm", "bullseye", "buster", "trixie")


def describe_build_image(ref: str) -> BuildImage:
    name, _, tag = ref.partition(":")
    repo = name.rsplit("/", 1)[-1]
    m = re.search(r"alpine(\d+\.\d+)?", tag)
    if m or repo == "alpine":
        version = m.group(1) if m and m.group(1) else (tag if repo == "alpine" and re.match(r"\d+\.\d+", tag) else "3.18")
        family, release = "alpine", version
    else:
        release = next((r for r in _DEBIAN_RELEASES if r in tag), "bookworm")
        debian_repos = ("golang", "debian", "ubuntu", "python", "node", "rust", "gcc", "buildpack-deps")
        family = "debian" if repo in debian_repos or any(r in tag for r in _DEBIAN_RELEASES) else "unknown"
    env: tuple[tuple[str, str], ...] = (("PATH", DEFAULT_PATH),)
    if repo == "golang":
        env = (("GOPATH", "/go"), ("PATH", "/go/bin:/usr/local/go/bin:" + DEFAULT_PATH))
    # golang, python, node images (Debian and alpine alike) ship CA certificates; alpine ones lack tzdata
    return BuildImage(ref, family, release, env, has_certs=repo != "alpine" and repo != "debian",
                      has_tzdata=family == "debian" and repo != "debian")


@dataclass(frozen=True)
class Requirements:
    libc: str               # static | musl | glibc
    shell: bool
    tools: frozenset[str]   # commands the runtime calls by name (healthcheck, scripts)
    shared_libs: frozenset[str]
    family: str | None = None   # the base must be of this family (users carried from the build)


def candidates(req: Requirements, build: BuildImage) -> list[BaseImage]:
    """Bases able to run the program, most preferred first (the `auto` order).

    Static or musl programs: alpine first (7 MB, a shell for `docker exec`, certs, busybox
    tools), then distroless static and scratch. glibc programs: distroless base/cc when no
    shell is needed, else Debian slim of the build image's release (same glibc or newer).
    """
    alp = alpine(build.release if build.family == "alpine" else "3.18")
    slim = debian_slim(build.release if build.family == "debian" else "bookworm")
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
        return alpine(build.release if build.family == "alpine" else "3.18")
    if kind == "scratch":
        return SCRATCH
    if kind == "slim":
        return debian_slim(build.release if build.family == "debian" else "bookworm")
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
        "distroless": f"{base.ref} has {base.libc or 'no C library'}, certificates and tzdata, and no shell",
        "scratch": "scratch is empty: the program must be fully static",
    }[base.family]
