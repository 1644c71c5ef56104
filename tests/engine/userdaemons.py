"""What the engine tests must leave alone: the user's own Docker daemons.

The daemons a user's docker CLI would reach: the default socket
(/var/run/docker.sock) and whatever DOCKER_HOST named when the test session
began; never the tests' own daemon (dockerd.DOCKER_HOST).  A snapshot records,
for each, whether it answers and, when it does, its images (intermediate ones
too, with their tags), containers and volumes; when the default one does not
answer, whether the files a default dockerd creates exist (its socket, pid
file, exec root, data root, /etc/docker/key.json).  Starting a default dockerd,
tagging, building or pruning anything there changes the snapshot.

    snapshot(env) -> tuple[DaemonState, ...]
    differences(before, after) -> list[str]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .dockerd import DEFAULT_DOCKER_HOST, SOCKET

# What a default dockerd creates on its first start.
DEFAULT_DAEMON_PATHS = ("/var/run/docker.sock", "/var/run/docker.pid", "/var/run/docker",
                        "/var/lib/docker", "/etc/docker/key.json")


@dataclass(frozen=True)
class DaemonState:
    host: str
    answers: bool
    images: frozenset[tuple[str, tuple[str, ...]]] = frozenset()   # (id, tags)
    containers: frozenset[str] = frozenset()
    volumes: frozenset[str] = frozenset()
    paths: tuple[tuple[str, bool], ...] = ()                       # (path, exists), default host only
    error: str = field(default="", compare=False)


def _same_socket(a: str, b: str) -> bool:
    if a.startswith("unix://") and b.startswith("unix://"):
        return os.path.realpath(a[7:]) == os.path.realpath(b[7:])
    return a == b


def watched_hosts(env: dict[str, str]) -> list[str]:
    """The user's daemons: the default socket and env's DOCKER_HOST, ours excluded."""
    hosts = [DEFAULT_DOCKER_HOST]
    own = env.get("DOCKER_HOST")
    if own and not any(_same_socket(own, h) for h in hosts):
        hosts.append(own)
    return [h for h in hosts if not _same_socket(h, f"unix://{SOCKET}")]


def _state(host: str, env: dict[str, str]) -> DaemonState:
    paths = tuple((p, os.path.lexists(p)) for p in DEFAULT_DAEMON_PATHS) \
        if _same_socket(host, DEFAULT_DOCKER_HOST) else ()
    try:
        import docker  # type: ignore[import-not-found]

        # The user's settings (TLS for a remote DOCKER_HOST) for the user's host.
        cenv = dict(env) if env.get("DOCKER_HOST") == host else {"DOCKER_HOST": host}
        cli = docker.from_env(environment=cenv, timeout=20)
    except Exception as exc:
        return DaemonState(host, False, paths=paths, error=str(exc)[:200])
    try:
        try:
            cli.ping()
        except Exception as exc:
            return DaemonState(host, False, paths=paths, error=str(exc)[:200])
        images = frozenset((i["Id"], tuple(sorted(t for t in (i.get("RepoTags") or []) if t != "<none>:<none>")))
                           for i in cli.api.images(all=True))
        containers = frozenset(c["Id"] for c in cli.api.containers(all=True))
        volumes = frozenset(v["Name"] for v in (cli.api.volumes().get("Volumes") or []))
        return DaemonState(host, True, images, containers, volumes)
    finally:
        cli.close()


def snapshot(env: dict[str, str]) -> tuple[DaemonState, ...]:
    return tuple(_state(h, env) for h in watched_hosts(env))


def differences(before: tuple[DaemonState, ...], after: tuple[DaemonState, ...]) -> list[str]:
    """One line per change between two snapshots (empty: nothing changed)."""
    out: list[str] = []
    for b, a in zip(before, after, strict=False):
        if a.answers != b.answers:
            out.append(f"{b.host}: answered {b.answers} before the session, {a.answers} after"
                       + (f" ({a.error})" if a.error else ""))
        for path, existed in b.paths:
            now = dict(a.paths).get(path)
            if now != existed:
                out.append(f"{path}: {'existed' if existed else 'absent'} before, "
                           f"{'exists' if now else 'absent'} now")
        for what in ("images", "containers", "volumes"):
            added = sorted(map(str, getattr(a, what) - getattr(b, what)))
            gone = sorted(map(str, getattr(b, what) - getattr(a, what)))
            if added:
                out.append(f"{b.host}: {what} added: {', '.join(added[:10])}")
            if gone:
                out.append(f"{b.host}: {what} removed: {', '.join(gone[:10])}")
    if len(before) != len(after):
        out.append(f"watched {[s.host for s in before]} before, {[s.host for s in after]} after")
    return out


def describe(states: tuple[DaemonState, ...]) -> str:
    return "; ".join(
        f"{s.host}: " + (f"{len(s.images)} images, {len(s.containers)} containers" if s.answers
                         else "no daemon answers")
        for s in states)
