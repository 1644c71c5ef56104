"""Files of a repository that no program reads at run time: version control, CI and container
build metadata. Together with each ecosystem's `build_inputs` they are what the "carry the
program's tree" rule leaves in the build stage.

Example: `COPY . .` of a Go service brings `.git/`, `.github/workflows/ci.yml`, `Dockerfile`,
`main.go` and `config.yaml`; only `config.yaml` reaches the runtime stage.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable

REPOSITORY_METADATA = (
    ".git", ".github", ".gitlab", ".gitignore", ".gitattributes", ".gitmodules", ".gitlab-ci.yml",
    ".travis.yml", ".circleci", ".dockerignore", "Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile",
    "Containerfile", "docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml",
    ".editorconfig", ".pre-commit-config.yaml", ".idea", ".vscode", ".DS_Store",
)


def is_build_only(rel: str, patterns: tuple[str, ...]) -> bool:
    """Whether the context file REL (posix, relative) matches a pattern, by its name or by any
    folder it lies in (`vendor` matches `vendor/x/y.go`)."""
    match = _matcher(patterns)
    return any(match(part) for part in rel.split("/"))


@functools.lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None]:
    """One compiled pattern for them all (fnmatchcase's rules): asked for every file of every
    context, one pattern at a time was a batch's most frequent call."""
    return re.compile("|".join(fnmatch.translate(p) for p in (*REPOSITORY_METADATA, *patterns))).match
