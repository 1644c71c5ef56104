"""The GitHub Action (action.yml): its steps' commands run as a runner would run them, on a
sample repository whose pull request touches two Dockerfiles, with a fake `gh` that keeps the
pull request's comments and records every call."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import CORPUS, ROOT

MARKER = "<!-- stagesplit -->"

# A stand-in for the GitHub CLI: `gh api` on the comments of one pull request, kept in a JSON file.
FAKE_GH = r'''#!PYTHON
import json, os, sys
state_dir = os.environ["FAKE_GH_DIR"]
state_path = os.path.join(state_dir, "comments.json")
comments = json.load(open(state_path)) if os.path.exists(state_path) else []
args = sys.argv[1:]
with open(os.path.join(state_dir, "calls.jsonl"), "a") as log:
    log.write(json.dumps({"args": args, "token": os.environ.get("GH_TOKEN")}) + "\n")
assert args[0] == "api", args
method = args[args.index("--method") + 1] if "--method" in args else "GET"
path = next(a for a in args[1:] if a.startswith("repos/"))
body = json.load(open(args[args.index("--input") + 1]))["body"] if "--input" in args else None
if method != "GET" and os.environ.get("FAKE_GH_READ_ONLY"):
    sys.exit("gh: Resource not accessible by integration (HTTP 403)")
if method == "GET":
    print(json.dumps(comments))
elif method == "POST":
    comments.append({"id": 1000 + len(comments), "body": body, "user": {"login": "github-actions[bot]"}})
    print(json.dumps(comments[-1]))
elif method == "PATCH":
    cid = int(path.rsplit("/", 1)[1])
    (c,) = [c for c in comments if c["id"] == cid]
    c["body"] = body
    print(json.dumps(c))
json.dump(comments, open(state_path, "w"))
'''

# `python` as the runner's setup-python provides it, except that `-m pip install` is recorded
# instead of run (the test's environment has stagesplit installed already).
FAKE_PYTHON = r'''#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  shift 2
  printf '%s\n' "$*" >> "$FAKE_GH_DIR/pip.log"
  exit 0
fi
exec PYTHON "$@"
'''

REFUSED = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN ./configure && make\nCMD [\"/src/app\"]\n"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=env).stdout.strip()


@pytest.fixture
def pull_request(tmp_path):
    """A repository with a base commit (a Dockerfile the pull request leaves alone) and a pull
    request commit that adds a convertible Go service and a worker no rule can read."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(CORPUS / "go" / "bookstore", repo / "legacy")
    (repo / "README.md").write_text("shop\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "feature")
    shutil.copytree(CORPUS / "go" / "bookstore", repo / "services" / "api")
    (repo / "services" / "api" / "expected.Dockerfile").unlink()      # the corpus case's golden output
    (repo / "worker").mkdir()
    (repo / "worker" / "Dockerfile").write_text(REFUSED)
    (repo / "README.md").write_text("shop, with an api\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pr")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"number": 7, "pull_request": {"number": 7, "base": {"ref": "main", "sha": base},
                                                               "head": {"ref": "feature", "sha": git(repo, "rev-parse", "HEAD")}}}))
    fake = tmp_path / "bin"
    fake.mkdir()
    for name, text in (("gh", FAKE_GH.replace("PYTHON", sys.executable)), ("python", FAKE_PYTHON.replace("PYTHON", sys.executable))):
        (fake / name).write_text(text)
        (fake / name).chmod(0o755)
    state = tmp_path / "gh"
    state.mkdir()
    return repo, event, fake, state


def action_steps() -> list[dict]:
    return yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]


def expand(text: str, inputs: dict[str, str]) -> str:
    """`${{ ... }}` as the runner fills it for this action."""
    defaults = {k: str(v.get("default", "")) for k, v in yaml.safe_load((ROOT / "action.yml").read_text())["inputs"].items()}
    values = {**defaults, **inputs}

    def value(m: re.Match[str]) -> str:
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            v = values[expr[len("inputs."):]]
            return "fake-token" if v == "${{ github.token }}" else v
        return {"github.action_path": str(ROOT), "github.token": "fake-token"}[expr]
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def run_action(pull_request, inputs: dict[str, str] | None = None,
               extra_env: dict[str, str] | None = None) -> tuple[list[subprocess.CompletedProcess], Path]:
    """Every `run` step of action.yml, in order, with the environment GitHub gives a step."""
    repo, event, fake, state = pull_request
    out = state / "output"
    summary = state / "summary.md"
    base_env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT),
                "FAKE_GH_DIR": str(state), "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
                "GITHUB_REPOSITORY": "acme/shop", "GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "feature",
                "GITHUB_OUTPUT": str(out), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(repo), **(extra_env or {})}
    done = []
    for step in action_steps():
        if "run" not in step:
            continue
        env = {**base_env, **{k: expand(str(v), inputs or {}) for k, v in (step.get("env") or {}).items()}}
        done.append(subprocess.run(["bash", "-e", "-c", expand(step["run"], inputs or {})], cwd=repo, env=env,
                                   capture_output=True, text=True, timeout=300))
        if done[-1].returncode != 0:
            break
    return done, state


def comments(state: Path) -> list[dict]:
    return json.loads((state / "comments.json").read_text())


def calls(state: Path) -> list[list[str]]:
    return [json.loads(line)["args"] for line in (state / "calls.jsonl").read_text().splitlines()]


def test_the_action_is_composite_and_sets_up_python_first():
    doc = yaml.safe_load((ROOT / "action.yml").read_text())
    assert doc["runs"]["using"] == "composite"
    steps = doc["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert {"runtime", "fail-on-change", "files"} <= set(doc["inputs"])
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    # inputs reach the script through env, never pasted into the shell text
    assert not any("inputs." in step["run"] for step in steps if "run" in step)


def test_the_action_comments_once_on_the_dockerfiles_the_pull_request_touches(pull_request):
    steps, state = run_action(pull_request)
    assert [s.returncode for s in steps] == [0, 0], [s.stderr for s in steps]
    assert (state / "pip.log").read_text().split()[-1] == str(ROOT)      # installed from the action's own path
    (comment,) = comments(state)
    body = comment["body"]
    assert body.startswith(MARKER)
    assert "### `services/api/Dockerfile`: would be converted" in body
    assert "### `worker/Dockerfile`: left unchanged (SS007 unknown-effect)" in body and "./configure" in body
    assert "legacy/Dockerfile" not in body and "README" not in body     # untouched, not a Dockerfile
    assert body.count("\n### ") == 2 and "## stagesplit: 2 Dockerfiles: 1 would be converted, 1 left unchanged" in body
    assert "```diff\n--- a/services/api/Dockerfile\n+++ b/services/api/Dockerfile\n" in body
    assert "+FROM alpine:3.22" in body
    mermaid = body.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert mermaid.startswith("flowchart LR") and "runtime stage: FROM alpine:3.22" in mermaid and "builds-from" in mermaid
    assert "**Size (estimate)**" in body
    assert calls(state)[-1][:3] == ["api", "--method", "POST"] and calls(state)[-1][3] == "repos/acme/shop/issues/7/comments"
    assert "changed=true" in (state / "output").read_text()
    assert (state / "summary.md").read_text() == body[len(MARKER) + 1:]


def test_a_second_run_updates_the_same_comment(pull_request):
    repo = pull_request[0]
    run_action(pull_request)
    (first,) = comments(pull_request[3])
    (repo / "worker" / "Dockerfile").write_text(REFUSED.replace("./configure && make", "go build -o /src/app ."))
    (repo / "worker" / "go.mod").write_text("module example.com/worker\n\ngo 1.19\n")
    (repo / "worker" / "main.go").write_text("package main\n\nfunc main() {}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "worker builds with go")
    steps, state = run_action(pull_request)
    assert [s.returncode for s in steps] == [0, 0], [s.stderr for s in steps]
    (second,) = comments(state)                      # still one comment, the same one, now updated
    assert second["id"] == first["id"] and second["body"] != first["body"]
    assert "### `worker/Dockerfile`: would be converted" in second["body"]
    assert calls(state)[-1][:4] == ["api", "--method", "PATCH", f"repos/acme/shop/issues/comments/{first['id']}"]
    assert sum(c[:3] == ["api", "--method", "POST"] for c in calls(state)) == 1


def test_other_comments_are_left_alone_and_fail_on_change_fails_after_commenting(pull_request):
    state = pull_request[3]
    (state / "comments.json").write_text(json.dumps([{"id": 5, "body": "LGTM", "user": {"login": "reviewer"}}]))
    steps, state = run_action(pull_request, {"fail-on-change": "true", "runtime": "distroless"})
    assert steps[-1].returncode == 1
    human, ours = comments(state)
    assert human == {"id": 5, "body": "LGTM", "user": {"login": "reviewer"}}
    assert ours["body"].startswith(MARKER) and "gcr.io/distroless/static-debian12" in ours["body"]


def test_files_input_narrows_the_preview(pull_request):
    steps, state = run_action(pull_request, {"files": "worker/*"})
    assert steps[-1].returncode == 0
    (comment,) = comments(state)
    assert "worker/Dockerfile" in comment["body"] and "services/api" not in comment["body"]
    assert "changed=false" in (state / "output").read_text()


def test_a_read_only_token_is_a_warning_and_the_preview_stays_in_the_summary(pull_request):
    steps, state = run_action(pull_request, extra_env={"FAKE_GH_READ_ONLY": "1"})
    assert steps[-1].returncode == 0
    assert comments(state) == []
    assert "warning: cannot comment" in steps[-1].stderr and "HTTP 403" in steps[-1].stderr
    assert "### `services/api/Dockerfile`: would be converted" in (state / "summary.md").read_text()


def test_a_pull_request_without_dockerfiles_posts_nothing(pull_request, tmp_path):
    repo, event, _, state = pull_request
    data = json.loads(event.read_text())
    data["pull_request"]["base"]["sha"] = git(repo, "rev-parse", "HEAD")      # nothing between base and head
    event.write_text(json.dumps(data))
    steps, state = run_action(pull_request)
    assert steps[-1].returncode == 0
    assert comments(state) == []
    assert [c[:2] for c in calls(state)] == [["api", "repos/acme/shop/issues/7/comments?per_page=100"]]


def test_the_readme_workflow_uses_this_action_with_its_inputs():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("# .github/workflows/stagesplit.yml\n", 1)[1].split("```", 1)[0]
    workflow = yaml.safe_load(block)
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = workflow["jobs"]["preview"]["steps"]
    (ours,) = [s for s in steps if s.get("uses", "").split("@")[0].endswith("/stagesplit")]
    inputs = yaml.safe_load((ROOT / "action.yml").read_text())["inputs"]
    assert set(ours["with"]) <= set(inputs)
    assert steps[0]["uses"].startswith("actions/checkout@")


def test_without_a_base_commit_in_the_event_the_base_branch_is_used(pull_request):
    repo, event, _, _ = pull_request
    data = json.loads(event.read_text())
    del data["pull_request"]["base"]["sha"]          # as on events that carry only the ref: GITHUB_BASE_REF=main
    event.write_text(json.dumps(data))
    steps, state = run_action(pull_request)
    assert steps[-1].returncode == 0, steps[-1].stderr
    (comment,) = comments(state)
    assert "services/api/Dockerfile" in comment["body"] and "worker/Dockerfile" in comment["body"]
    assert "legacy/Dockerfile" not in comment["body"]
