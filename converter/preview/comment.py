"""The GitHub Action's step (action.yml): preview the Dockerfiles a pull request touches in
ONE comment, posted once and then updated.

Run as `python -P -m converter.preview.comment` in the repository checked out by the workflow
(-P: a `converter` folder of that repository must not shadow the installed package).
Reads what GitHub gives a step: GITHUB_EVENT_PATH (the pull_request event: base and head
commits, the number), GITHUB_REPOSITORY, GITHUB_BASE_REF, GH_TOKEN for `gh`; the action's
inputs come as STAGESPLIT_RUNTIME, STAGESPLIT_FAIL_ON_CHANGE, STAGESPLIT_FILES. Writes the
Markdown to GITHUB_STEP_SUMMARY and `changed=true|false` to GITHUB_OUTPUT when those are set.

Steps: the files that changed between the base commit and HEAD (`git diff`, fetching the base
commit when a shallow checkout lacks it), those named like Dockerfiles (the names `batch` finds,
or the STAGESPLIT_FILES globs), `stagesplit convert --format github` on them, then `gh api`:
the comments of the pull request are read, the one holding MARKER is updated, or a new one is
made. Exit 0, or 1 when STAGESPLIT_FAIL_ON_CHANGE is true and a change is proposed, or 2 when
a step cannot be done (one line on stderr). A token that may not write the comment (HTTP 403: a
pull request from a fork) is a warning: the preview stays in the job summary."""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence

MARKER = "<!-- stagesplit -->"
NOTHING = "## stagesplit\n\nThis pull request no longer touches a Dockerfile.\n"


class ActionError(Exception):
    """A step that cannot be done: one line, exit 2."""


class ReadOnly(ActionError):
    """GitHub refused to write the comment (HTTP 403): the token cannot write there."""


def main(env: Mapping[str, str] = os.environ) -> int:
    try:
        return run(env)
    except ActionError as e:
        print(f"stagesplit action: error: {e}", file=sys.stderr)
        return 2


def run(env: Mapping[str, str]) -> int:
    event = _event(env)
    number = (event.get("pull_request") or {}).get("number") or event.get("number")
    repo = env.get("GITHUB_REPOSITORY", "")
    base = _base_commit(event, env)
    files = touched_dockerfiles(base, env.get("STAGESPLIT_FILES", ""))
    print(f"stagesplit action: {len(files)} Dockerfile(s) touched: {' '.join(files) or '-'}", file=sys.stderr)
    if files:
        body, changed = preview(files, env.get("STAGESPLIT_RUNTIME", "") or "auto")
    else:
        body, changed = NOTHING, False
    _append(env.get("GITHUB_STEP_SUMMARY"), body)
    _append(env.get("GITHUB_OUTPUT"), f"changed={'true' if changed else 'false'}\n")
    if number and repo:
        try:
            upsert_comment(repo, int(number), f"{MARKER}\n{body}", create=bool(files))
        except ReadOnly as e:
            print(f"stagesplit action: warning: cannot comment ({e}): a pull request from a fork gets a read-only "
                  "token; the preview is in the job summary", file=sys.stderr)
    else:
        print("stagesplit action: not a pull request event: no comment posted", file=sys.stderr)
    fail = env.get("STAGESPLIT_FAIL_ON_CHANGE", "false").strip().lower() in ("true", "1", "yes")
    return 1 if fail and changed else 0


def _event(env: Mapping[str, str]) -> dict:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise ActionError(f"GITHUB_EVENT_PATH {path}: {e}") from None


def _base_commit(event: dict, env: Mapping[str, str]) -> str:
    """The pull request's base commit (fetched when the checkout is shallow), else the base
    branch as GITHUB_BASE_REF names it."""
    sha = ((event.get("pull_request") or {}).get("base") or {}).get("sha")
    if sha:
        if _git("cat-file", "-e", f"{sha}^{{commit}}", check=False).returncode != 0:
            _git("fetch", "--no-tags", "--depth=1", "origin", sha)
        return sha
    ref = env.get("GITHUB_BASE_REF")
    if not ref:
        raise ActionError("no base commit: run on pull_request events (GITHUB_EVENT_PATH or GITHUB_BASE_REF)")
    for candidate in (f"origin/{ref}", ref):
        if _git("rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}", check=False).returncode == 0:
            return candidate
    _git("fetch", "--no-tags", "--depth=1", "origin", ref)
    return "FETCH_HEAD"


def touched_dockerfiles(base: str, patterns: str = "") -> list[str]:
    """Files added or modified between BASE and HEAD that are Dockerfiles: named as `batch`
    finds them, or matching one of PATTERNS (space-separated globs on the path)."""
    from ..batch.discover import is_dockerfile_name

    out = _git("diff", "--name-only", "--diff-filter=d", "-z", base, "HEAD").stdout
    globs = patterns.split()
    found = []
    for path in filter(None, out.split("\0")):
        wanted = any(fnmatch.fnmatchcase(path, g) for g in globs) if globs else is_dockerfile_name(os.path.basename(path))
        if wanted and os.path.isfile(path):
            found.append(path)
    return found


def preview(files: Sequence[str], runtime: str) -> tuple[str, bool]:
    """`stagesplit convert --check --format github` on FILES: (the Markdown, whether a change is proposed)."""
    r = subprocess.run([sys.executable, "-P", "-m", "converter.cli", "convert", "--check", "--format", "github",
                        "--runtime", runtime, "--", *files], capture_output=True, text=True)
    sys.stderr.write(r.stderr)
    if r.returncode not in (0, 1, 2) or not r.stdout:
        raise ActionError(f"stagesplit convert exited {r.returncode}: {r.stderr.strip()[-300:]}")
    return r.stdout, r.returncode == 1


def upsert_comment(repo: str, number: int, body: str, create: bool = True) -> None:
    """Update the pull request's comment that holds MARKER, or post one (when CREATE)."""
    listed = _gh("api", f"repos/{repo}/issues/{number}/comments?per_page=100", "--paginate")
    ours = [c for c in _json_arrays(listed) if MARKER in (c.get("body") or "")]
    if not ours and not create:
        return
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump({"body": body}, f)
    try:
        if ours:
            _gh("api", "--method", "PATCH", f"repos/{repo}/issues/comments/{ours[0]['id']}", "--input", f.name)
        else:
            _gh("api", "--method", "POST", f"repos/{repo}/issues/{number}/comments", "--input", f.name)
    finally:
        os.unlink(f.name)


def _json_arrays(text: str) -> list[dict]:
    """`gh api --paginate` prints one JSON array per page, back to back."""
    decoder, items, i = json.JSONDecoder(), [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        page, i = decoder.raw_decode(text, i)
        items += page if isinstance(page, list) else [page]
    return items


def _git(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    r = subprocess.run(["git", *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise ActionError(f"git {' '.join(args)}: {r.stderr.strip()[-300:]}")
    return r


def _gh(*args: str) -> str:
    try:
        r = subprocess.run(["gh", *args], capture_output=True, text=True)
    except FileNotFoundError:
        raise ActionError("gh (the GitHub CLI) is not on PATH") from None
    if r.returncode != 0:
        error = ReadOnly if "HTTP 403" in r.stderr else ActionError
        raise error(f"gh {' '.join(args[:3])}: {r.stderr.strip()[-300:]}")
    return r.stdout


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    sys.exit(main())
