"""The command line as a user runs it: exit codes, outputs, files written or not."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from converter import cli, config, options

from .conftest import CORPUS

BOOKSTORE = CORPUS / "go" / "bookstore"


def run(*args, stdin: str | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=cwd)


class Invoked:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = code, stdout, stderr
        self.output = stdout + stderr


def invoke(*args) -> Invoked:
    """`stagesplit ARGS` in this process (`cli.main`), its output captured: for tests that run
    many conversions, where a process each would be slow. The configuration caches are emptied
    first, since a test may have written a configuration file since the last run."""
    config.find.cache_clear()
    config.read.cache_clear()
    config.given.cache_clear()
    options._catalogue.cache_clear()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return Invoked(code, out.getvalue(), err.getvalue())


@pytest.fixture
def bookstore(tmp_path) -> Path:
    dest = tmp_path / "bookstore"
    shutil.copytree(BOOKSTORE, dest, ignore=shutil.ignore_patterns("expected.Dockerfile", "case.json"))
    return dest


def test_convert_prints_the_golden_file(bookstore):
    r = run("convert", bookstore / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert r.stdout == (BOOKSTORE / "expected.Dockerfile").read_text()


def test_diff_is_a_unified_diff(bookstore):
    r = run("convert", "--diff", bookstore / "Dockerfile")
    assert r.returncode == 0
    assert "-FROM golang:1.19-alpine\n+FROM golang:1.19-alpine AS build\n" in r.stdout
    assert "+FROM alpine:3.22\n" in r.stdout


def test_in_place_keeps_orig_and_rewrites(bookstore):
    original = (bookstore / "Dockerfile").read_text()
    r = run("convert", "--in-place", bookstore / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert (bookstore / "Dockerfile.orig").read_text() == original
    assert (bookstore / "Dockerfile").read_text() == (BOOKSTORE / "expected.Dockerfile").read_text()
    assert not [p for p in os.listdir(bookstore) if p.startswith(".stagesplit-")]   # no temp files left


def test_check_exit_codes_and_writes_nothing(bookstore):
    before = (bookstore / "Dockerfile").read_text()
    r = run("convert", "--check", bookstore / "Dockerfile")
    assert r.returncode == 1 and r.stdout == ""
    assert (bookstore / "Dockerfile").read_text() == before and not (bookstore / "Dockerfile.orig").exists()
    expected = bookstore / "expected.Dockerfile"
    shutil.copy(BOOKSTORE / "expected.Dockerfile", expected)
    r = run("convert", "--check", expected)
    assert r.returncode == 0 and "left unchanged" in r.stderr


def test_stdin_with_context(bookstore):
    r = run("convert", "-", "--context", bookstore, stdin=(bookstore / "Dockerfile").read_text())
    assert r.returncode == 0 and r.stdout == (BOOKSTORE / "expected.Dockerfile").read_text()


def test_unchanged_prints_input_and_reason(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM nginx\nCOPY site /usr/share/nginx/html\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "i.html").write_text("x")
    r = run("convert", df)
    assert r.returncode == 0 and r.stdout == df.read_text()
    assert r.stderr.count("\n") == 1 and "left unchanged" in r.stderr


@pytest.mark.parametrize("content", ["", "RUN echo hi\n", "FROM alpine\nBOGUS x\n", "FROM\n", "\x00\x01binary"])
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, content):
    df = tmp_path / "Dockerfile"
    df.write_text(content)
    r = run("convert", "--in-place", df)
    assert r.returncode == 2
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("stagesplit: error:")
    assert df.read_text() == content and sorted(os.listdir(tmp_path)) == ["Dockerfile"]


def test_unreadable_and_bad_usage_exit_2(tmp_path):
    assert run("convert", tmp_path / "missing").returncode == 2
    assert run("convert", "--runtime", "busybox", tmp_path / "missing").returncode == 2
    assert run("convert", "--diff", "--in-place", BOOKSTORE / "Dockerfile").returncode == 2
    assert run("convert", "--in-place", "-", stdin="FROM x\n").returncode == 2


def test_explain_reports_effects_artifact_closure_decisions(bookstore):
    r = run("explain", bookstore / "Dockerfile")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "RUN  go build -o bookstore" in out and "builds: /home/bookstore" in out
    assert "writes: /home/go.mod" in out or "writes: /home/" in out
    assert "data files: /home/templates" in out
    assert "ParseGlob('templates/*')" in out
    assert "runtime base: alpine:3.22" in out and "linkage: static" in out


def test_explain_unchanged_says_why(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.19\nRUN ./configure\nCMD [\"x\"]\n")
    r = run("explain", df)
    assert r.returncode == 0 and "UNKNOWN" in r.stdout and "left unchanged" in r.stdout


@pytest.mark.parametrize("fmt, start", [("dot", "digraph provenance {"), ("mermaid", "flowchart LR")])
def test_explain_graph(bookstore, fmt, start):
    r = run("explain", "--graph", fmt, bookstore / "Dockerfile")
    assert r.returncode == 0 and r.stdout.startswith(start)
    assert "templates/index.html" in r.stdout and "produces" in r.stdout


def test_explain_graph_of_multistage_says_why(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.19 AS b\nRUN go version\nFROM alpine:3.22\nCMD [\"sh\"]\n")
    r = run("explain", "--graph", "dot", df)
    assert r.returncode == 0 and r.stdout == "" and "multi-stage" in r.stderr


def test_verify_without_engine_is_one_line(bookstore):
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    r = subprocess.run([sys.executable, "-m", "converter.cli", "verify", str(bookstore / "Dockerfile")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 3
    assert r.stderr.startswith("stagesplit: error: no Docker engine reachable") and len(r.stderr.strip().splitlines()) == 1


def test_verify_rejects_bad_probe_spec(bookstore):
    r = run("verify", "--probe-http", "notaport", bookstore / "Dockerfile")
    assert r.returncode == 2
    r = run("verify", "--probe-http", "80", "--probe-cmd", "x", bookstore / "Dockerfile")
    assert r.returncode == 2


def test_a_latin1_dockerfile_is_printed_in_its_own_bytes(tmp_path):
    """stdout gets the file's bytes back, whatever the locale's encoding of stdout (strict UTF-8 here)."""
    from .conftest import GO_MOD, HELLO

    (tmp_path / "go.mod").write_text(GO_MOD)
    (tmp_path / "main.go").write_text(HELLO)
    (tmp_path / "Dockerfile").write_bytes(b'FROM golang:1.22\n# caf\xe9\nWORKDIR /src\nCOPY . .\n'
                                          b'RUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n')
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LANG": "en_US.UTF-8"}
    for extra in ((), ("--diff",)):
        r = subprocess.run([sys.executable, "-m", "converter.cli", "convert", *extra, str(tmp_path / "Dockerfile")],
                           capture_output=True, env=env)
        assert r.returncode == 0, r.stderr
        assert b"# caf\xe9\n" in r.stdout and b"AS build\n" in r.stdout


B = str(BOOKSTORE / "Dockerfile")


@pytest.mark.parametrize("args, line", [
    (["convert"], "Missing argument 'DOCKERFILE...'."),
    (["explain"], "Missing argument 'DOCKERFILE'."),
    (["verify"], "Missing argument 'DOCKERFILE'."),
    ([], "Missing command: batch, convert, explain, verify ('stagesplit --help' describes them)."),
    (["convert", "--bogus", B], "No such option '--bogus'."),
    (["convert", "--bogus"], "No such option '--bogus'."),          # before the missing argument, as always
    (["--bogus", "convert", B], "No such option '--bogus'."),
    (["convert", "--form", "github", B], "No such option '--form'. Did you mean '--format'?"),
    (["convert", "--in", B], "No such option '--in'."),             # no abbreviations: --in is not --in-place
    (["bogus"], "No such command 'bogus'."),
    (["conv", B], "No such command 'conv'. Did you mean 'convert'?"),
    (["convert", "--version"], "No such option '--version'."),
    (["explain", B, B], f"Got unexpected extra argument ({B})"),
    (["convert", "--format", "xml", B], "Invalid value for '--format': 'xml' is not one of 'text', 'github', 'sarif'."),
    (["convert", "--runtime", "busybox", B],
     "Invalid value for '--runtime': 'busybox' is not one of 'auto', 'alpine', 'scratch', 'distroless', 'slim'."),
    (["convert", "--closure", "wide", B], "Invalid value for '--closure': 'wide' is not one of 'tree', 'precise'."),
    (["explain", "--graph", "png", B], "Invalid value for '--graph': 'png' is not one of 'dot', 'mermaid'."),
    (["convert", "--stage-name", "1x", B], "Invalid value for '--stage-name': invalid name for build stage: '1x'"),
    (["convert", "--context", B, B], f"Invalid value for '--context': Directory {B!r} is a file."),
    (["convert", "--runtime"], "Option '--runtime' requires an argument."),
    (["convert", "--diff=yes", B], "Option '--diff' does not take a value."),
    (["convert", "--max-size", "lots", B], "--max-size 'lots': expected a size such as 1048576, 512K or 2M"),
    (["convert", "--diff", "--in-place", B], "--diff, --in-place and --check exclude each other (except --check --diff)"),
    (["verify", "--probe-http", "notaport", B], "Invalid value for '--probe-http': 'notaport': expected PORT[/PATH]"),
    (["batch", "-j", "0"], "Invalid value for '-j' / '--jobs': 0 is not in the range x>=1."),
    (["batch", "-j", "x"], "Invalid value for '-j' / '--jobs': 'x' is not a valid integer range."),
    (["batch", "--format", "xml"], "Invalid value for '--format': 'xml' is not one of 'json', 'csv', 'markdown'."),
    (["batch", "--report"], "Option '--report' requires an argument."),
    (["batch", "--timeout", "soon"], "Invalid value for '--timeout': 'soon' is not a valid number of seconds."),
    (["batch", "--timeout=-1"], "Invalid value for '--timeout': -1 is not in the range x>=0 (0: no limit)."),
    (["batch", "--max-memory", "50"], "Invalid value for '--max-memory': 50 is below 100"),
    (["batch", "--write", "--check"], "--write and --check exclude each other"),
])
def test_bad_usage_is_one_line_and_exit_2(args, line):
    r = invoke(*args)
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr.startswith("stagesplit: error: " + line) and r.stderr.count("\n") == 1, r.stderr


def test_version_and_help():
    from importlib.metadata import version

    r = run("--version")
    assert (r.returncode, r.stdout) == (0, f"stagesplit, version {version('stagesplit')}\n")
    r = run("--help")
    assert r.returncode == 0 and "Split a single-stage Dockerfile" in r.stdout
    assert all(f"  {name} " in r.stdout for name in ("convert", "explain", "verify", "batch"))
    helps = {"convert": ["--diff", "--in-place", "--check", "--format", "--runtime", "--context", "--config", "--no-config"],
             "explain": ["--graph", "--closure", "--config"],
             "verify": ["--probe-cmd", "--probe-http", "--json", "--keep-images", "--no-config"],
             "batch": ["--files-from", "--null", "--jobs", "--report", "--write", "--timeout", "--max-memory", "--config"]}
    for name, flags in helps.items():
        r = invoke(name, "--help")
        assert r.exit_code == 0 and r.stdout.startswith(f"usage: stagesplit {name} [OPTIONS]"), r.output
        assert all(flag in r.stdout for flag in flags), (name, r.stdout)
    assert "Runtime base: auto picks" in invoke("convert", "--help").stdout


def test_debug_is_a_program_option(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.22\nRUN go build -o /app .\n")
    assert invoke("--debug", "convert", df).exit_code == 0
    assert invoke("convert", "--debug", df).stderr == "stagesplit: error: No such option '--debug'.\n"


def test_options_and_files_in_any_order(bookstore):
    first = invoke("convert", "--diff", "--runtime", "alpine", bookstore / "Dockerfile")
    again = invoke("convert", bookstore / "Dockerfile", "--runtime=alpine", "--diff")
    assert first.exit_code == again.exit_code == 0 and first.stdout == again.stdout != ""
    copy = bookstore / "Dockerfile.copy"
    shutil.copy(bookstore / "Dockerfile", copy)
    r = invoke("convert", "--check", bookstore / "Dockerfile", "--diff", copy)
    assert r.exit_code == 1 and r.stdout.count("+++ b/") == 2


def test_in_place_no_backup_rewrites_and_keeps_no_orig(bookstore, tmp_path):
    r = run("convert", "--in-place", "--no-backup", bookstore / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert (bookstore / "Dockerfile").read_text() == (BOOKSTORE / "expected.Dockerfile").read_text()
    assert not (bookstore / "Dockerfile.orig").exists()
    assert "no backup kept (--no-backup)" in r.stderr
    assert not [p for p in os.listdir(bookstore) if p.startswith(".stagesplit-")]
    # several files (pre-commit passes many), and an existing .orig is neither an obstacle nor touched
    other = tmp_path / "other"
    shutil.copytree(BOOKSTORE, other, ignore=shutil.ignore_patterns("expected.Dockerfile", "case.json"))
    (other / "Dockerfile.orig").write_text("kept as it was\n")
    shutil.copy(BOOKSTORE / "Dockerfile", bookstore / "Dockerfile")
    r = run("convert", "--in-place", "--no-backup", bookstore / "Dockerfile", other / "Dockerfile")
    assert r.returncode == 0, r.stderr
    for folder in (bookstore, other):
        assert (folder / "Dockerfile").read_text() == (BOOKSTORE / "expected.Dockerfile").read_text()
    assert not (bookstore / "Dockerfile.orig").exists() and (other / "Dockerfile.orig").read_text() == "kept as it was\n"


@pytest.mark.parametrize("flags", [["--no-backup"], ["--no-backup", "--check"], ["--no-backup", "--diff"]])
def test_no_backup_without_in_place_is_bad_usage(bookstore, flags):
    before = (bookstore / "Dockerfile").read_text()
    r = invoke("convert", *flags, bookstore / "Dockerfile")
    assert (r.exit_code, r.stdout) == (2, "")
    assert r.stderr == "stagesplit: error: --no-backup goes with --in-place (the only way convert writes a file)\n"
    assert (bookstore / "Dockerfile").read_text() == before and not (bookstore / "Dockerfile.orig").exists()
