"""The engine tests run on a Docker daemon of their own and never change one the user has.

The user's daemons (the default socket, and DOCKER_HOST as the session found it) are
snapshotted before the private daemon is touched (conftest.user_daemons); the last test of
the session compares. Where no default daemon runs, "untouched" means none was started:
no daemon answers on /var/run/docker.sock, and the files a default dockerd creates
(/var/lib/docker, /var/run/docker.pid, /etc/docker/key.json, ...) are as they were."""

from __future__ import annotations

import contextlib
import subprocess
import uuid

import pytest

from . import userdaemons
from .conftest import USER_ENV
from .dockerd import DATA_ROOT, DOCKER_HOST
from .standins import LABEL, STANDINS

pytestmark = pytest.mark.engine


def _root_dirs(engine) -> dict[str, str]:
    """The data root each way the tests reach an engine lands on."""
    from converter.engine import client

    cli = subprocess.run(["docker", "info", "--format", "{{.DockerRootDir}}"],
                         capture_output=True, text=True, timeout=60)
    return {
        "engine fixture": engine.info()["DockerRootDir"],
        "converter.engine.client()": client().info()["DockerRootDir"],
        "docker CLI": cli.stdout.strip() or cli.stderr.strip(),
    }


def test_standins_exist_only_on_the_private_daemon(engine, standins, user_daemons):
    standins(["alpine:3.22"])
    roots = _root_dirs(engine)
    assert roots == dict.fromkeys(roots, DATA_ROOT), f"not all on {DOCKER_HOST}: {roots}"
    standin = engine.images.get("alpine:3.22")
    assert LABEL in standin.labels and "alpine:3" in standin.tags

    for before, now in zip(user_daemons, userdaemons.snapshot(USER_ENV), strict=False):
        assert now.answers == before.answers, f"{now.host}: {before.answers} -> {now.answers}"
        if not now.answers:
            continue   # no daemon there: nothing can carry the tags
        def standin_tags(state):
            return {t: i for i, tags in state.images for t in tags if t in STANDINS}
        assert standin_tags(now) == standin_tags(before), f"{now.host}: stand-in tags changed"
        assert standin.id not in {i for i, _ in now.images}, f"{now.host} holds the private stand-in"


@pytest.mark.engine_last
def test_users_daemons_untouched(engine, standins, user_daemons):
    """Ordered last: after every engine test of the session, the user's daemons are as they were."""
    import docker

    from converter.engine import client

    # One more write through each path the tests use, so that this holds even run alone.
    standins(["alpine:3.22"])
    repo = f"stagesplit-isolation-{uuid.uuid4().hex[:8]}"
    tags = {f"{repo}:sdk", f"{repo}:cli"}
    try:
        client().images.get("alpine:3.22").tag(repo, "sdk")
        subprocess.run(["docker", "tag", "alpine:3.22", f"{repo}:cli"], check=True, capture_output=True)
        landed = set(engine.images.get("alpine:3.22").tags)
    finally:
        for tag in tags:
            with contextlib.suppress(docker.errors.NotFound):
                engine.images.remove(tag)

    after = userdaemons.snapshot(USER_ENV)
    changes = userdaemons.differences(user_daemons, after)
    assert not changes, "the engine tests changed the user's Docker daemon(s):\n" + "\n".join(changes)
    assert tags <= landed, f"tags made through converter.engine.client() and the docker CLI did not land on {DOCKER_HOST}"
    print(f"user's daemons untouched: {userdaemons.describe(after)}")
