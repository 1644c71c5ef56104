"""Download caches package managers fill in the image (pip's, npm's, yarn's), the one-stage way
to keep each out of it, and how an instruction shows it already does. The planner's SS027
(converter/plan/gain.py) names them: a split that would leave only a cache behind is not worth a
second stage when a flag of the same command does it. The ecosystems record the cache as written
whatever the flags, so "already kept out" is read here from the instruction's text.
"""

from __future__ import annotations

import re

from msgspec import Struct


class Cache(Struct, frozen=True, gc=False):
    folder: str
    advice: str                # the one-stage way, as the reason says it
    done: re.Pattern[str]      # an instruction that already keeps it out


CACHES = (
    Cache("/root/.cache/pip", "`pip install --no-cache-dir`", re.compile(r"--no-cache-dir|PIP_NO_CACHE_DIR")),
    Cache("/root/.npm", "`npm cache clean --force` in the same RUN", re.compile(r"npm cache clean")),
    Cache("/usr/local/share/.cache/yarn", "`yarn cache clean` in the same RUN", re.compile(r"yarn cache clean")),
    Cache("/root/.cache/yarn", "`yarn cache clean` in the same RUN", re.compile(r"yarn cache clean")),
)


def cache_of(path: str) -> Cache | None:
    """The known cache PATH lies in (or is)."""
    return next((c for c in CACHES if path == c.folder or path.startswith(c.folder + "/")), None)
