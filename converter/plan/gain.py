"""Whether a split gains the user anything (SS027).

A runtime stage is worth its lines when it leaves something of the build behind: a smaller base,
an OS package (build-essential), a file the build wrote. One FROM the build image itself that
copies every file the build wrote is the same image in two stages: the file would churn (in a
`batch --write` over an estate, in every review) for nothing. "Drops nothing", precisely:

- the runtime base is the build image (the same reference, `docker.io/library/` and `:latest`
  spelt or not), and
- the build stage is unchanged (no ENV inserted, no trim appended, no cache mount), and
- every OS package the build installed is installed again, and
- every path the build wrote and did not delete is copied (or lies inside a copy, or is a link
  made again), except: empty folders (WORKDIR, mkdir: the runtime stage makes its own), the
  recipe files a `COPY . .` brings along (the Dockerfile, .dockerignore: a few bytes), and
  download caches (pip's, npm's): those are left out, but a flag of the same command drops them
  in one stage, so the reason names the flag instead of splitting the file for it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from heuristics import base_images, download_caches

from ..effects import Effect, ImageFiles
from ..refusals import Refusal
from .types import BuildEdits, RuntimeStage

# A `COPY . .` brings these along; the runtime stage leaving them out saves a few bytes.
_RECIPE = re.compile(r"(?:Docker|Container)file(?:\..+)?|.+\.[Dd]ockerfile|\.dockerignore")


def check(build_ref: str, runtime: RuntimeStage, build: BuildEdits, effects: tuple[Effect, ...], files: ImageFiles) -> None:
    """Raise SS027 when the conversion would drop nothing (see the module's text)."""
    if not base_images.same_image(build_ref, runtime.base.ref) or build.insertions or build.rewrites or build.appended:
        return
    installs = set(runtime.installs)
    if any(p.split(":", 1)[-1] not in installs for e in effects for p in e.packages):
        return      # an OS package (build-essential) stays in the build stage: a real gain
    installed_at = {e.instruction.start_line for e in effects if e.packages}
    raw = {e.instruction.start_line: e.instruction.raw for e in effects}
    kept = [c.path for c in runtime.copies] + [p for p, _ in runtime.links] + ([runtime.home[0]] if runtime.home else [])
    caches: list[str] = []
    for path, origin in files.origins.items():
        if origin.dir or _covered(path, kept):
            continue
        if origin.package:
            # an OS package's files are judged by its name, above; a download cache is named,
            # unless the instruction that fills it already keeps it out (`--no-cache-dir`)
            cache = download_caches.cache_of(path)
            if origin.line not in installed_at and not (cache and cache.done.search(raw.get(origin.line, ""))):
                caches.append(path)
            continue
        if origin.context is not None and _RECIPE.fullmatch(posixpath.basename(path)):
            continue
        return      # a file the build wrote stays behind: a real gain
    reason = (f"nothing to drop: the runtime stage would start from {runtime.base.ref}, the build image itself, "
              "and copy every file the build wrote")
    if caches:
        advice = [c.advice for c in filter(None, map(download_caches.cache_of, caches))]
        how = f", which {' and '.join(dict.fromkeys(advice))} leaves out without a second stage" if advice else ""
        reason += f" except the download cache{'s' if len(caches) > 1 else ''} {', '.join(sorted(caches))}{how}"
    raise Refusal("SS027", reason)


def _covered(path: str, kept: Iterable[str]) -> bool:
    return any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept)
