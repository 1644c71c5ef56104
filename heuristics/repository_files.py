"""Files of a repository that no program reads at run time: version control, CI and container
build metadata. Together with each ecosystem's `build_inputs` they are what the "carry the
program's tree" rule leaves in the build stage.

Example: `COPY . .` of a Go service brings `.git/`, `.github/workflows/ci.yml`, `Dockerfile`,
`main.go` and `config.yaml`; only `config.yaml` reaches the runtime stage.
"""

from __future__ import annotations

import fnmatch

REPOSITORY_METADATA = (
    ".git", ".github", ".gitlab", ".gitignore", ".gitattributes", ".gitmodules", ".gitlab-ci.yml",
    ".travis.yml", ".circleci", ".dockerignore", "Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile",
    "Containerfile", "docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml",
    ".editorconfig", ".pre-commit-config.yaml", ".idea", ".vscode", ".DS_Store",
)


def is_build_only(rel: str, patterns: tuple[str, ...]) -> bool:
    """Whether the context file REL (posix, relative) matches a pattern, by its name or by any
    folder it lies in (`vendor` matches `vendor/x/y.go`)."""
    parts = rel.split("/")
    for pattern in (*REPOSITORY_METADATA, *patterns):
        if any(fnmatch.fnmatchcase(part, pattern) for part in parts):
            return True
    return False
