"""The Docker engine edge (docker SDK): build an image, run a probe against it, read its
config. Every container started here is removed, whatever happens."""

from __future__ import annotations

import contextlib
import io
import os
import tarfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from msgspec import Struct, field

if TYPE_CHECKING:
    from docker.models.containers import Container

PROBE_TIMEOUT = 30.0        # seconds a command may run / a server may take to answer
HEALTH_TIMEOUT = 60.0


class EngineError(Exception):
    """No engine, or the engine refused something; one line."""


class Built(Struct, frozen=True):
    ok: bool
    image_id: str | None
    seconds: float
    log_tail: str = ""
    size: int = 0
    layers: int = 0
    config: dict = field(default_factory=dict)
    created: tuple[str, ...] = ()     # image ids this build made (not cache hits, not base images)


class ProbeResult(Struct, frozen=True, gc=False):
    kind: str                        # "cmd" | "http"
    observations: tuple[tuple[str, str], ...]   # (what, observed) pairs, compared as a whole
    error: str = ""


def client():
    import docker
    from docker.errors import DockerException

    try:
        c = docker.from_env(timeout=600)
        c.ping()
        return c
    except DockerException as e:
        raise EngineError(f"no Docker engine reachable ({str(e).splitlines()[0][:160]})") from None


def _context_tar(context_dir: str, dockerfile_text: str) -> tuple[io.BytesIO, str]:
    """The context as a tar, with the Dockerfile to build added under a name of its own."""
    from docker.utils.build import exclude_paths

    patterns: list[str] = []
    ignore = os.path.join(context_dir, ".dockerignore")
    if os.path.isfile(ignore):
        with open(ignore, encoding="utf-8") as f:
            patterns = [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]
    buf = io.BytesIO()
    name = ".stagesplit.Dockerfile"
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for rel in sorted(exclude_paths(context_dir, patterns)):
            tar.add(os.path.join(context_dir, rel), arcname=rel, recursive=False)
        data = dockerfile_text.encode("utf-8")
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    return buf, name


def build(cli, context_dir: str, dockerfile_text: str, tag: str,
          progress: Callable[[str], None] | None = None) -> Built:
    """Build with the engine's builder (the legacy one here), host network, no cache reuse off."""
    tar, name = _context_tar(context_dir, dockerfile_text)
    start = time.monotonic()
    lines: list[str] = []
    image_id = None
    error = ""
    created: list[str] = []
    step_is_from = cached = False
    for chunk in cli.api.build(fileobj=tar, custom_context=True, dockerfile=name, tag=tag, rm=True,
                               forcerm=True, network_mode="host", decode=True):
        if "stream" in chunk:
            for text in chunk["stream"].splitlines():
                if not text.strip():
                    continue
                lines.append(text)
                if text.startswith("Step "):
                    step_is_from, cached = " : FROM " in text.upper(), False
                    if progress:
                        progress(text)
                elif text.strip() == "---> Using cache":
                    cached = True
                elif text.startswith(" ---> ") and not text.startswith(" ---> Running in") and not (step_is_from or cached):
                    # The image this step made: ours to remove later (a cache hit or a base
                    # image was there before us and is not).
                    created.append(text.split()[-1])
        if "aux" in chunk and "ID" in chunk["aux"]:
            image_id = chunk["aux"]["ID"]
        if "error" in chunk:
            error = chunk["error"].strip()
    seconds = time.monotonic() - start
    if error or image_id is None:
        return Built(False, None, seconds, "\n".join((lines + [error])[-15:]), created=tuple(created))
    info = cli.api.inspect_image(image_id)
    return Built(True, image_id, seconds, size=int(info.get("Size", 0)),
                 layers=len(info.get("RootFS", {}).get("Layers", [])), config=info.get("Config") or {},
                 created=tuple(created))


@contextlib.contextmanager
def _container(cli, image: str, command: list[str] | None) -> Iterator[Container]:
    c = cli.containers.create(image, command=command, network_mode="host", detach=True)
    try:
        c.start()
        yield c
    finally:
        with contextlib.suppress(Exception):
            c.remove(force=True, v=True)   # anonymous volumes (VOLUME) go with it


def probe_cmd(cli, image: str, args: list[str] | None) -> ProbeResult:
    """Run the image (its own command, args appended to an ENTRYPOINT); compare exit + stdout."""
    with _container(cli, image, args or None) as c:
        try:
            status = c.wait(timeout=PROBE_TIMEOUT)
        except Exception:
            return ProbeResult("cmd", (), error=f"did not exit within {PROBE_TIMEOUT:.0f}s")
        out = c.logs(stdout=True, stderr=False).decode("utf-8", "replace")
        err = c.logs(stdout=False, stderr=True).decode("utf-8", "replace")
    obs = (("exit", str(status.get("StatusCode"))), ("stdout", out))
    return ProbeResult("cmd", obs, error="" if status.get("StatusCode") == 0 else err.strip()[-300:])


def probe_http(cli, image: str, port: int, paths: list[str], health: bool = False) -> ProbeResult:
    """Start the image, GET each path on 127.0.0.1:port; with a HEALTHCHECK, its verdict too."""
    if _port_answers(port):
        # Something else already listens there: its answers would pass for the image's.
        return ProbeResult("http", (), error=f"port {port} is already in use on this machine")
    with _container(cli, image, None) as c:
        obs: list[tuple[str, str]] = []
        deadline = time.monotonic() + PROBE_TIMEOUT
        for path in paths:
            url = f"http://127.0.0.1:{port}{path}"
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as r:
                        obs.append((f"GET {path}", f"{r.status} {r.read().decode('utf-8', 'replace')}"))
                    break
                except urllib.error.HTTPError as e:
                    obs.append((f"GET {path}", f"{e.code} {e.read().decode('utf-8', 'replace')}"))
                    break
                except (urllib.error.URLError, ConnectionError, OSError):
                    c.reload()
                    if c.status == "exited" or time.monotonic() > deadline:
                        logs = c.logs().decode("utf-8", "replace").strip()[-300:]
                        return ProbeResult("http", tuple(obs), error=f"no answer on {url}" + (f": {logs}" if logs else ""))
                    time.sleep(0.2)
        if health:
            obs.append(("health", _wait_health(c)))
    return ProbeResult("http", tuple(obs))


def _port_answers(port: int) -> bool:
    import socket

    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_health(cli, image: str, args: list[str] | None) -> str:
    with _container(cli, image, args or None) as c:
        return _wait_health(c)


def _wait_health(c) -> str:
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while time.monotonic() < deadline:
        c.reload()
        state = c.attrs.get("State", {})
        status = (state.get("Health") or {}).get("Status", "none")
        if status in ("healthy", "unhealthy", "none") or state.get("Status") == "exited":
            return status if state.get("Status") != "exited" else f"exited ({status})"
        time.sleep(0.5)
    return "starting (timed out)"


def remove_build(cli, built: Built, tag: str) -> None:
    """Remove what one build added to the engine: its tag, its image and every image a step of
    it made (a multi-stage build leaves its build stage behind, untagged). Cache hits and base
    images were there before and stay; nothing is forced, so an image something else uses stays."""
    with contextlib.suppress(Exception):
        cli.images.remove(tag, noprune=True)
    for image_id in reversed((*built.created, *([built.image_id] if built.image_id else []))):
        with contextlib.suppress(Exception):
            cli.images.remove(image_id, noprune=True)
