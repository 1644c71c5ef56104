"""Names that usually hold secrets: files a `COPY . .` sweeps along, and ARG/ENV variables.

Why: a runtime stage is what gets pushed and run; a private key or token that reaches it is
shipped to every place the image goes. The converter never prints a value, only the name
and why it looks secret; it warns rather than drops, because the original image had the
file too and the program may need it (the user decides).

Example: `COPY . .` with `.env` and `deploy/id_rsa` in the context, and `ENV API_TOKEN=...`
replayed in the runtime stage, gives three warnings.
"""

from __future__ import annotations

import fnmatch
import functools
import posixpath
import re

# File names (matched on the last path element, case-insensitive) and why they look secret.
SECRET_FILES: tuple[tuple[str, str], ...] = (
    (".env", "environment file"),
    (".env.*", "environment file"),
    ("*.pem", "PEM key or certificate"),
    ("*.key", "private key"),
    ("*.p12", "PKCS#12 key store"),
    ("*.pfx", "PKCS#12 key store"),
    ("*.jks", "Java key store"),
    ("id_rsa", "SSH private key"),
    ("id_dsa", "SSH private key"),
    ("id_ecdsa", "SSH private key"),
    ("id_ed25519", "SSH private key"),
    (".npmrc", "npm credentials"),
    (".pypirc", "PyPI credentials"),
    (".netrc", "login credentials"),
    (".git-credentials", "git credentials"),
    (".dockercfg", "registry credentials"),
    ("credentials.json", "credential JSON"),
    ("*-credentials.json", "credential JSON"),
    ("service-account*.json", "cloud service-account key"),
    ("*.tfvars", "Terraform variables"),
)
# Public halves and examples are not secrets.
_NOT_SECRET = ("*.pub", ".env.example", ".env.sample", ".env.template", ".env.dist")

_SECRET_VAR = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|_KEY$|^KEY$|APIKEY|API_KEY|PRIVATE_KEY|CREDENTIAL)", re.I)
# Variables named like secrets that are not (paths and switches).
_NOT_SECRET_VAR = re.compile(r"(_FILE|_PATH|_DIR|_URL|_ID|_NAME)$", re.I)


def secret_file_kind(path: str) -> str | None:
    """Why the file at PATH looks like a secret, or None."""
    return _secret_name_kind(posixpath.basename(path).lower())


@functools.lru_cache(maxsize=4096)
def _secret_name_kind(name: str) -> str | None:
    """By file name alone, so a batch asks once per name (main.go, package.json) not per file."""
    if any(fnmatch.fnmatchcase(name, p) for p in _NOT_SECRET):
        return None
    for pattern, kind in SECRET_FILES:
        if fnmatch.fnmatchcase(name, pattern):
            return kind
    return None


def is_secret_variable(name: str) -> bool:
    """Whether an ARG/ENV name looks like it holds a secret (GITHUB_TOKEN, DB_PASSWORD, AWS_SECRET_ACCESS_KEY)."""
    return bool(_SECRET_VAR.search(name)) and not _NOT_SECRET_VAR.search(name)
