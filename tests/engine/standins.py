"""Offline stand-ins for the public base images the engine tests build on.

No container registry is reachable from this project's machines, so nothing
can be pulled. Each public image the tests need is built locally from Debian
bookworm packages (reached through the machine's own apt sources) and tagged
with the public name, so that unchanged Dockerfiles build against it.

They are built and tagged on the tests' own Docker daemon only
(tests/engine/dockerd.py: unix:///run/stagesplit-docker.sock, data root
/var/lib/stagesplit-docker), never on a daemon the user has: there they would
replace the user's real images of the same names. The private daemon's data
root keeps them between runs. Build logs: /tmp/stagesplit-standins/TAG.log.

Tags (the first of a row is the recipe's main tag; sizes as built here; the
whole set builds from nothing in about 4 minutes, the core ones in 80 s):

| tag(s)                                      | recipe (tests/engine/images/)         | what it is                                    | size   |
|---------------------------------------------|---------------------------------------|-----------------------------------------------|--------|
| debian:bookworm-slim, debian:bookworm,      | (mmdebstrap: _build_debian below)     | mmdebstrap minbase, slim like the real one    | 75 MB  |
|   debian:12-slim, debian:12                 |                                       |                                               |        |
| alpine:3.22, alpine:3, alpine:3.18         | alpine-3.22.Dockerfile                | scratch + static busybox, musl, CA, passwd    | 2.9 MB |
| gcr.io/distroless/static-debian12           | distroless-static-debian12.Dockerfile | CA, tzdata, netbase, passwd (nonroot 65532)   | 1.6 MB |
| gcr.io/distroless/base-debian12             | distroless-base-debian12.Dockerfile   | static + glibc (libc6) + libssl3              | 20 MB  |
| gcr.io/distroless/cc-debian12               | distroless-cc-debian12.Dockerfile     | base + libgcc-s1 + libstdc++6                 | 22 MB  |
| golang:1.19-alpine, golang:1.19.8-alpine    | golang-1.19-alpine.Dockerfile         | Debian Go 1.19.8, no gcc, musl-loader linking | 542 MB |
| golang:1.19, golang:1.19-bookworm,          | golang-1.19.Dockerfile                | Go 1.19.8 + gcc, libc6-dev, git (glibc)       | 816 MB |
|   golang:1.19.8, golang:1.19.8-bookworm     |                                       |                                               |        |
| python:3.11-slim, python:3.11-slim-bookworm | python-3.11-slim.Dockerfile           | Debian Python 3.11.2 + pip 23 + venv          | 148 MB |
| python:3.11, python:3.11-bookworm           | python-3.11.Dockerfile                | 3.11-slim + gcc, g++, make, python3-dev, git  | 506 MB |
| node:18-slim, node:18-bookworm-slim         | node-18-slim.Dockerfile               | Debian Node.js 18.20 + npm 9.2, user node     | 301 MB |
| node:18, node:18-bookworm                   | node-18.Dockerfile                    | 18-slim + gcc, g++, make, python3, git, curl  | 625 MB |
| rust:1.63, rust:1.63-bookworm, rust:1.63.0, | rust-1.63.Dockerfile                  | Debian rustc 1.63 + cargo, gcc                | 733 MB |
|   rust:1-bookworm, rust:1                   |                                       |                                               |        |
| gcc:12, gcc:12-bookworm, gcc:12.2           | gcc-12.Dockerfile                     | Debian build-essential (GCC 12.2)             | 374 MB |
| eclipse-temurin:17-jre,                     | eclipse-temurin-17-jre.Dockerfile     | Debian OpenJDK 17 JRE, /opt/java/openjdk      | 300 MB |
|   eclipse-temurin:17-jre-jammy              |                                       |                                               |        |
| eclipse-temurin:17-jdk, eclipse-temurin:17, | eclipse-temurin-17-jdk.Dockerfile     | 17-jre + openjdk-17-jdk-headless              | 380 MB |
|   eclipse-temurin:17-jdk-jammy              |                                       |                                               |        |
| nginx:1.25, nginx:1.25-bookworm,            | nginx-1.25.Dockerfile                 | Debian nginx 1.22, the official image's       | 90 MB  |
|   nginx:1.25.5, docker.io/library/nginx:1.25|                                       | layout (conf.d, html, user nginx, entrypoint) |        |

Versions follow what Debian bookworm ships (Go 1.19, Python 3.11, Node 18,
Rust 1.63, GCC 12, OpenJDK 17), hence those tags; nginx:1.25 runs Debian's
nginx 1.22 in the official image's layout. Every image trusts the
host's CA bundle (it includes the package proxy's CA): scratch-based ones get
/etc/ssl/certs/ca-certificates.crt copied in, Debian-based ones inherit it
from debian:bookworm-slim, which also keeps the non-Mozilla CAs of the host
in /usr/local/share/ca-certificates so that installing the ca-certificates
package does not drop them. Package downloads need ``--network host``.

Known differences from the real images (details in each recipe's comments):
nothing is Alpine: golang:1.19-alpine is Debian/glibc whose linker names
musl's loader (so its cgo-default binaries run in alpine:3.22 and not in
scratch/distroless/debian, as with the real pair), and alpine:3.22 has no apk
and Debian's busybox (its https wget fails the proxy's TLS handshake; http
works); runtimes are Debian's in /usr, with /usr/local symlinks and pip set
to the real image's /usr/local layout; Debian rather than Ubuntu under
eclipse-temurin; Go module and crate registries are not reachable.

    STANDINS: dict[str, Recipe]                       tag -> recipe (aliases included)
    ensure_standins(tags=None, force=False, progress=None, verbose=False) -> list[str]
                                                      builds what is missing

    python -m tests.engine.standins [--force] [--only TAG ... | --core] [--list]
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .dockerd import docker_env

IMAGES_DIR = Path(__file__).resolve().parent / "images"
HOST_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
MOZILLA_CA_DIR = Path("/usr/share/ca-certificates")
LOG_DIR = Path(tempfile.gettempdir()) / "stagesplit-standins"
LOCK_FILE = Path(tempfile.gettempdir()) / "stagesplit-standins.lock"
LABEL = "org.stagesplit.standin"  # value: the recipe's hash
BUILD_TIMEOUT = 30 * 60
LOG_TAIL_LINES = 40
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class StandinError(RuntimeError):
    """A stand-in image could not be built (message ends with the log tail)."""


@dataclasses.dataclass(frozen=True)
class Recipe:
    tag: str  # main tag
    dockerfile: str | None  # file under images/; None: built by mmdebstrap
    deps: tuple[str, ...] = ()  # stand-in tags its FROM lines use
    aliases: tuple[str, ...] = ()  # more tags for the same image
    files: tuple[str, ...] = ()  # more files under images/ for the build context
    note: str = ""

    @property
    def tags(self) -> tuple[str, ...]:
        return (self.tag, *self.aliases)

    @property
    def path(self) -> Path | None:
        return IMAGES_DIR / self.dockerfile if self.dockerfile else None


_RECIPES = [
    Recipe("debian:bookworm-slim", None, (),
           ("debian:bookworm", "debian:12-slim", "debian:12"),
           note="mmdebstrap minbase of the host's apt sources, docker import"),
    Recipe("alpine:3.22", "alpine-3.22.Dockerfile", ("debian:bookworm-slim",),
           ("alpine:3", "alpine:3.18", "alpine:latest"), files=("alpine-adduser.sh",),
           note="FROM scratch: static busybox, musl, CA bundle"),
    Recipe("gcr.io/distroless/static-debian12", "distroless-static-debian12.Dockerfile",
           ("debian:bookworm-slim",), note="CA, tzdata, netbase, passwd"),
    Recipe("gcr.io/distroless/base-debian12", "distroless-base-debian12.Dockerfile",
           ("debian:bookworm-slim", "gcr.io/distroless/static-debian12"),
           note="static + glibc + libssl3"),
    Recipe("gcr.io/distroless/cc-debian12", "distroless-cc-debian12.Dockerfile",
           ("debian:bookworm-slim", "gcr.io/distroless/base-debian12"),
           note="base + libgcc-s1 + libstdc++6"),
    Recipe("golang:1.19-alpine", "golang-1.19-alpine.Dockerfile", ("debian:bookworm-slim",),
           ("golang:1.19.8-alpine",), note="Debian Go 1.19, no C compiler"),
    Recipe("golang:1.19", "golang-1.19.Dockerfile", ("golang:1.19-alpine",),
           ("golang:1.19-bookworm", "golang:1.19.8", "golang:1.19.8-bookworm"),
           note="Go 1.19 + gcc, libc6-dev, git"),
    Recipe("python:3.11-slim", "python-3.11-slim.Dockerfile", ("debian:bookworm-slim",),
           ("python:3.11-slim-bookworm",), files=("python-sitecustomize.py",),
           note="Debian Python 3.11 + pip + venv"),
    Recipe("python:3.11", "python-3.11.Dockerfile", ("python:3.11-slim",),
           ("python:3.11-bookworm",), note="python:3.11-slim + C toolchain, headers"),
    Recipe("node:18-slim", "node-18-slim.Dockerfile", ("debian:bookworm-slim",),
           ("node:18-bookworm-slim",), note="Debian Node.js 18 + npm"),
    Recipe("node:18", "node-18.Dockerfile", ("node:18-slim",), ("node:18-bookworm",),
           note="node:18-slim + C toolchain, python3, git, curl"),
    Recipe("rust:1.63", "rust-1.63.Dockerfile", ("debian:bookworm-slim",),
           ("rust:1.63-bookworm", "rust:1.63.0", "rust:1-bookworm", "rust:1"),
           note="Debian rustc 1.63 + cargo"),
    Recipe("gcc:12", "gcc-12.Dockerfile", ("debian:bookworm-slim",),
           ("gcc:12-bookworm", "gcc:12.2"), note="Debian build-essential"),
    Recipe("eclipse-temurin:17-jre", "eclipse-temurin-17-jre.Dockerfile",
           ("debian:bookworm-slim",), ("eclipse-temurin:17-jre-jammy",),
           note="Debian OpenJDK 17 JRE"),
    Recipe("eclipse-temurin:17-jdk", "eclipse-temurin-17-jdk.Dockerfile",
           ("eclipse-temurin:17-jre",), ("eclipse-temurin:17", "eclipse-temurin:17-jdk-jammy"),
           note="Debian OpenJDK 17 JDK"),
    Recipe("nginx:1.25", "nginx-1.25.Dockerfile", ("debian:bookworm-slim",),
           # the last alias: the same image spelt in full, as corpus/static/nginx-docker-io-spelt writes it
           ("nginx:1.25-bookworm", "nginx:1.25.5", "docker.io/library/nginx:1.25"),
           files=("nginx.conf", "nginx-default.conf", "nginx-index.html", "nginx-50x.html", "nginx-docker-entrypoint.sh"),
           note="Debian nginx 1.22 in the official image's layout"),
]

# tag -> recipe, aliases included; insertion order is a valid build order.
STANDINS: dict[str, Recipe] = {t: r for r in _RECIPES for t in r.tags}

# The stand-ins tests can rely on first; the rest (language images) are
# bigger and slower to build.
CORE_TAGS = (
    "debian:bookworm-slim",
    "alpine:3.22",
    "gcr.io/distroless/static-debian12",
    "gcr.io/distroless/base-debian12",
    "gcr.io/distroless/cc-debian12",
    "golang:1.19-alpine",
    "golang:1.19",
)


# --------------------------------------------------------------------------
# host files that go into every image


def _pem_blocks(text: str) -> list[str]:
    return re.findall(
        r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", text, flags=re.S
    )


def _pem_key(block: str) -> str:
    return "".join(block.split()[2:-2])  # base64 body, whitespace dropped


def _host_ca_bundle() -> str:
    if not HOST_CA_BUNDLE.is_file():
        raise StandinError(f"host CA bundle {HOST_CA_BUNDLE} not found")
    return HOST_CA_BUNDLE.read_text()


def _extra_cas(bundle: str) -> str:
    """The host bundle's certificates that are not Debian's Mozilla set.

    Those are what the host added (the package proxy's CA). They go to
    /usr/local/share/ca-certificates in debian:bookworm-slim, so that
    update-ca-certificates (run when an image installs ca-certificates) keeps
    them in the regenerated bundle.
    """
    known: set[str] = set()
    if MOZILLA_CA_DIR.is_dir():
        for crt in MOZILLA_CA_DIR.rglob("*.crt"):
            with contextlib.suppress(OSError):
                known.update(_pem_key(b) for b in _pem_blocks(crt.read_text()))
    extra = [b for b in _pem_blocks(bundle) if _pem_key(b) not in known]
    return "\n".join(extra) + ("\n" if extra else "")


def _host_apt_sources() -> list[Path]:
    """The host's enabled apt sources files that point at Debian's archive.

    Given to mmdebstrap, which pastes them into the image, so apt inside the
    images uses the same mirrors as the host. Sources signed by another key
    (third-party repositories) are left out: the image has no such key.
    """
    root = Path("/etc/apt")
    candidates = [root / "sources.list"]
    d = root / "sources.list.d"
    if d.is_dir():
        candidates += sorted(p for p in d.iterdir() if p.suffix in (".list", ".sources"))
    chosen = []
    for path in candidates:
        try:
            text = path.read_text()
        except OSError:
            continue
        lines = [ln.strip() for ln in text.splitlines()]
        live = [ln for ln in lines if ln and not ln.startswith("#")]
        if not live:
            continue
        keys = re.findall(r"signed-by\s*[=:]\s*(\S+?)\]?(?:\s|$)", text, flags=re.I)
        if keys and all("debian-archive-keyring" in k for k in keys):
            chosen.append(path)
        elif not keys and any("debian" in ln for ln in live):
            chosen.append(path)
    return chosen


# --------------------------------------------------------------------------
# docker helpers


def _env() -> dict[str, str]:
    """The docker CLI's environment: the private daemon, the legacy builder."""
    return dict(docker_env(), DOCKER_BUILDKIT="0")


def _docker(*args: str, check: bool = True, **kw) -> subprocess.CompletedProcess:
    env = _env()
    proc = subprocess.run(
        ["docker", *args], env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, **kw,
    )
    if check and proc.returncode != 0:
        raise StandinError(f"docker {' '.join(args)} failed: {proc.stderr.strip()}")
    return proc


def _image_labels(tag: str) -> dict[str, str] | None:
    """Labels of a local image; None if there is no such image."""
    proc = _docker("image", "inspect", "--format", "{{json .Config.Labels}}", tag, check=False)
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout.strip() or "null") or {}


def _image_size(tag: str) -> str:
    proc = _docker("image", "inspect", "--format", "{{.Size}}", tag, check=False)
    try:
        return f"{int(proc.stdout.strip()) / 1e6:.1f}MB"
    except ValueError:
        return "?"


def _tail(path: Path, n: int = LOG_TAIL_LINES) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-n:])


def _run_logged(cmd: list[str], log: Path, what: str, **kw) -> None:
    env = _env()
    with open(log, "ab") as fh:
        fh.write(f"$ {' '.join(cmd)}\n".encode())
        fh.flush()
        try:
            proc = subprocess.run(
                cmd, stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT,
                env=env, timeout=BUILD_TIMEOUT, **kw,
            )
        except subprocess.TimeoutExpired as exc:
            raise StandinError(f"{what}: timed out after {BUILD_TIMEOUT}s; log {log}:\n{_tail(log)}") from exc
        except OSError as exc:
            raise StandinError(f"{what}: cannot run {cmd[0]}: {exc}") from exc
    if proc.returncode != 0:
        raise StandinError(
            f"{what}: exit status {proc.returncode}; last lines of {log}:\n{_tail(log)}"
        )


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """One builder at a time (parallel test workers, a CI step)."""
    with open(LOCK_FILE, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------
# recipes


def _mmdebstrap_args(ctx: Path, extra_ca: bool) -> list[str]:
    # Slim like the official image (debuerreotype's --slim): no docs but
    # copyrights, no man/info pages, no locales. Written to
    # /etc/dpkg/dpkg.cfg.d in the image, so derived images stay slim too.
    excludes = ["/usr/share/doc/*", "/usr/share/info/*", "/usr/share/man/*",
                "/usr/share/locale/*", "/usr/share/groff/*", "/usr/share/lintian/*",
                "/usr/share/linda/*"]
    args = ["mmdebstrap", "--variant=minbase", "--quiet"]
    # merged /usr made by mmdebstrap's own hook, as in the official image,
    # instead of the usrmerge package (which drags in 50 MB of perl).
    if Path("/usr/share/mmdebstrap/hooks/merged-usr").is_dir():
        args += ["--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr"]
    args += [f"--dpkgopt=path-exclude={p}" for p in excludes]
    args += ["--dpkgopt=path-include=/usr/share/doc/*/copyright"]
    # Like the official image's apt.conf.d/docker-*: no translations, no .debs
    # or package caches left in layers after apt-get install.
    args += ['--aptopt=Acquire::Languages "none"',
             f'--customize-hook=cp {ctx}/docker-clean "$1/etc/apt/apt.conf.d/docker-clean"']
    args += ['--customize-hook=mkdir -p "$1/etc/ssl/certs" "$1/usr/local/share/ca-certificates"',
             f'--customize-hook=cp {ctx}/ca-certificates.crt "$1/etc/ssl/certs/ca-certificates.crt"']
    if extra_ca:
        args += [f'--customize-hook=cp {ctx}/stagesplit-extra-ca.crt '
                 '"$1/usr/local/share/ca-certificates/stagesplit-extra-ca.crt"']
    # mmdebstrap's cleanup honours docker-clean's empty pkgcache setting and
    # so leaves apt's 70 MB of *.bin caches: remove them here.
    args += ['--customize-hook=rm -f "$1"/var/cache/apt/*.bin']
    return args


_APT_DOCKER_CLEAN = """\
# As in the official Debian images: no .debs or package caches kept.
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
"""


def _recipe_inputs(recipe: Recipe) -> bytes:
    if recipe.dockerfile is None:
        parts = [" ".join(_mmdebstrap_args(Path("CTX"), True)).encode(), _APT_DOCKER_CLEAN.encode()]
        parts += [p.read_bytes() for p in _host_apt_sources()]
        return b"\0".join(parts)
    parts = [recipe.path.read_bytes()]
    parts += [(IMAGES_DIR / f).read_bytes() for f in recipe.files]
    return b"\0".join(parts)


def recipe_hash(tag: str, _memo: dict[str, str] | None = None) -> str:
    """Hash of everything an image is made from (recipe files, host CA, deps)."""
    memo = {} if _memo is None else _memo
    recipe = STANDINS[tag]
    if recipe.tag not in memo:
        h = hashlib.sha256()
        h.update(_recipe_inputs(recipe))
        h.update(hashlib.sha256(_host_ca_bundle().encode()).digest())
        for dep in recipe.deps:
            h.update(recipe_hash(dep, memo).encode())
        memo[recipe.tag] = h.hexdigest()[:16]
    return memo[recipe.tag]


def _write_context(ctx: Path, recipe: Recipe) -> None:
    bundle = _host_ca_bundle()
    (ctx / "ca-certificates.crt").write_text(bundle)
    (ctx / "stagesplit-extra-ca.crt").write_text(_extra_cas(bundle))
    (ctx / "docker-clean").write_text(_APT_DOCKER_CLEAN)
    if recipe.path is not None:
        shutil.copy(recipe.path, ctx / "Dockerfile")
        for f in recipe.files:
            shutil.copy(IMAGES_DIR / f, ctx / f)


def _build_debian(recipe: Recipe, ctx: Path, digest: str, log: Path, force: bool) -> None:
    """debian:bookworm-slim: mmdebstrap a minbase tarball, then docker import."""
    if shutil.which("mmdebstrap") is None:
        raise StandinError("mmdebstrap is not installed (apt-get install mmdebstrap)")
    extra_ca = (ctx / "stagesplit-extra-ca.crt").stat().st_size > 0
    tarball = ctx / "rootfs.tar"
    # Mirrors: the host's own apt sources files (pasted into the image's
    # sources.list.d), so the image's apt reaches what the host's apt does.
    sources = [str(p) for p in _host_apt_sources()]
    cmd = _mmdebstrap_args(ctx, extra_ca) + ["bookworm", str(tarball), *sources]
    _run_logged(cmd, log, f"{recipe.tag}: mmdebstrap")
    changes = ['CMD ["bash"]', f"ENV PATH={DEFAULT_PATH}", f"LABEL {LABEL}={digest}"]
    cmd = ["docker", "import"]
    for c in changes:
        cmd += ["--change", c]
    _run_logged(cmd + [str(tarball), recipe.tag], log, f"{recipe.tag}: docker import")


def _build_dockerfile(recipe: Recipe, ctx: Path, digest: str, log: Path, force: bool) -> None:
    cmd = ["docker", "build", "--network", "host", "--force-rm", "--label", f"{LABEL}={digest}",
           "-t", recipe.tag, "-f", str(ctx / "Dockerfile")]
    if force:
        cmd.append("--no-cache")
    _run_logged(cmd + [str(ctx)], log, f"{recipe.tag}: docker build")


def _log_path(tag: str) -> Path:
    return LOG_DIR / (re.sub(r"[^A-Za-z0-9.-]+", "_", tag) + ".log")


def _build(recipe: Recipe, digest: str, force: bool) -> None:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = _log_path(recipe.tag)
    log.write_text("")
    with tempfile.TemporaryDirectory(prefix="standin-") as tmp:
        ctx = Path(tmp)
        _write_context(ctx, recipe)
        builder = _build_debian if recipe.dockerfile is None else _build_dockerfile
        builder(recipe, ctx, digest, log, force)


def _closure(tags: Iterable[str]) -> list[Recipe]:
    """The recipes for ``tags`` and their dependencies, in build order."""
    wanted: set[str] = set()

    def visit(tag: str) -> None:
        if tag not in STANDINS:
            raise StandinError(f"unknown stand-in {tag!r}; known: {', '.join(STANDINS)}")
        r = STANDINS[tag]
        if r.tag not in wanted:
            wanted.add(r.tag)
            for d in r.deps:
                visit(d)

    for t in tags:
        visit(t)
    return [r for r in _RECIPES if r.tag in wanted]


Progress = Callable[..., None]   # progress(text, end="\n"), like print


def ensure_standins(tags: Iterable[str] | None = None, force: bool = False,
                    progress: Progress | None = None, verbose: bool = False) -> list[str]:
    """Build the stand-ins ``tags`` (all when None) and their dependencies.

    An image is built when it is missing, or when it carries our label with
    another recipe hash (its recipe changed); one without our label (a real
    image someone loaded) is used as it is. ``force`` rebuilds the named
    tags (all when None), without cache, but not their dependencies.
    Everything happens on the tests' own daemon (dockerd.py), never another.

    ``progress(text, end="\\n")`` (like print) hears of each build as it
    starts ("building stand-in golang:1.19 (2/3)... ") and ends ("done in
    40.2s, 816.0MB"); with ``verbose``, of every image found present too.
    Returns the main tags of the images built. Raises StandinError.
    """
    from .dockerd import DOCKER_HOST, engine_available

    say = progress or (lambda text, end="\n": None)
    if shutil.which("docker") is None:
        raise StandinError("the docker CLI is not installed")
    if not engine_available():
        raise StandinError(f"the tests' own Docker daemon ({DOCKER_HOST}) does not answer "
                           "(see tests/engine/dockerd.py)")
    requested = list(STANDINS) if tags is None else list(tags)
    forced = {STANDINS[t].tag for t in requested if t in STANDINS} if force else set()
    built: list[str] = []
    memo: dict[str, str] = {}
    with build_lock():
        plan: list[tuple[Recipe, str, str | None]] = []   # recipe, digest, why it is built
        for recipe in _closure(requested):
            digest = recipe_hash(recipe.tag, memo)
            labels = _image_labels(recipe.tag)
            if labels is None:
                why = "missing"
            elif recipe.tag in forced:
                why = "forced"
            elif LABEL in labels and labels[LABEL] != digest:
                why = "recipe changed"
            else:
                why = None
            plan.append((recipe, digest, why))
        todo = [r.tag for r, _, why in plan if why]
        for recipe, digest, why in plan:
            t0 = time.monotonic()
            if why is not None:
                n = len(built) + 1
                say(f"building stand-in {recipe.tag} ({n}/{len(todo)}, {why})... ", end="")
                try:
                    _build(recipe, digest, force=recipe.tag in forced)
                except StandinError:
                    say(f"FAILED after {time.monotonic() - t0:.0f}s (log {_log_path(recipe.tag)})")
                    raise
                built.append(recipe.tag)
            for alias in recipe.aliases:
                _docker("tag", recipe.tag, alias)
            if why is not None:
                say(f"done in {time.monotonic() - t0:.1f}s, {_image_size(recipe.tag)}")
            elif verbose:
                say(f"stand-in {recipe.tag}: present, {_image_size(recipe.tag)}")
        if built:  # old versions of rebuilt stand-ins
            _docker("image", "prune", "-f", "--filter", f"label={LABEL}", check=False)
    return built


def main(argv: list[str] | None = None) -> int:
    import argparse

    from .dockerd import ensure_engine

    parser = argparse.ArgumentParser(description="Build the offline stand-in base images.")
    parser.add_argument("--force", action="store_true", help="rebuild the named (or all) stand-ins")
    parser.add_argument("--only", nargs="+", action="extend", metavar="TAG",
                        help="build only these tags (and what they need)")
    parser.add_argument("--core", action="store_true",
                        help="only the core stand-ins: " + ", ".join(CORE_TAGS))
    parser.add_argument("--list", action="store_true", help="list the stand-ins and exit")
    args = parser.parse_args(argv)
    if args.list:
        for r in _RECIPES:
            print(f"{', '.join(r.tags):70} {r.dockerfile or '(mmdebstrap)':40} {r.note}")
        return 0
    reason = ensure_engine(progress=lambda text: print(f"docker engine: {text}", flush=True))
    if reason is not None:
        print(f"stand-ins: no Docker engine: {reason}", file=sys.stderr)
        return 1
    tags = args.only or (list(CORE_TAGS) if args.core else None)
    t0 = time.monotonic()
    try:
        built = ensure_standins(tags, force=args.force, verbose=True,
                                progress=lambda text, end="\n": print(text, end=end, flush=True))
    except StandinError as exc:
        print(f"stand-ins: FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"stand-ins: built {len(built)} in {time.monotonic() - t0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
