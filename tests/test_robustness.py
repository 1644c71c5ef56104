"""Hostile input, the file system and the process edge: every bad input ends in one line and
its exit code, nothing is written, nothing is lost (issue: "Nothing breaks and nothing is lost")."""

from __future__ import annotations

import ast
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from converter import cli
from converter.context import load_context
from converter.errors import InputError
from converter.parse import parse
from converter.plan import make_plan

from .conftest import CORPUS, GO_MOD, ROOT, convert, runtime_part

BOOKSTORE = CORPUS / "go" / "bookstore"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args, stdin=None, env=None, timeout=60, limit_memory: int | None = None, no_dac: bool = False, cwd=None):
    """The command line in a subprocess, optionally under a memory limit, or (no_dac) without
    root's power to read and write any file, so that file permissions apply as to a user."""
    def pre():
        if limit_memory:
            resource.setrlimit(resource.RLIMIT_AS, (limit_memory, limit_memory))
    cmd = [sys.executable, "-m", "converter.cli", *map(str, args)]
    if no_dac and IS_ROOT:
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, preexec_fn=pre, cwd=cwd)


def one_error_line(r, code: int = 2) -> str:
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


@pytest.fixture
def app(tmp_path) -> Path:
    dest = tmp_path / "app"
    shutil.copytree(BOOKSTORE, dest, ignore=shutil.ignore_patterns("expected.Dockerfile", "case.json"))
    return dest


# -- inputs the engine rejects: refused with its reason, exit 2, nothing written ------------------

REJECTED = [
    ("WORKDIR\n", "WORKDIR requires exactly one argument"),
    ("USER\n", "USER requires exactly one argument"),
    ("SHELL /bin/bash -c\n", "JSON form"),
    ("SHELL []\n", "SHELL requires at least one argument"),
    ("HEALTHCHECK\n", "HEALTHCHECK requires at least one argument"),
    ("HEALTHCHECK CMD\n", "missing command after HEALTHCHECK CMD"),
    ("HEALTHCHECK curl -f http://x/\n", "unknown type"),
    ("HEALTHCHECK --foo=1 CMD true\n", "unknown flag: --foo"),
    ("HEALTHCHECK --interval=30 CMD true\n", "invalid duration"),
    ("HEALTHCHECK --timeout=10us CMD true\n", "less than 1ms"),
    ("HEALTHCHECK --retries=-1 CMD true\n", "cannot be negative"),
    ("HEALTHCHECK NONE x\n", "takes no arguments"),
    ("ENV\n", "ENV requires at least one argument"),
    ("LABEL\n", "LABEL requires at least one argument"),
    ("MAINTAINER\n", "MAINTAINER requires exactly one argument"),
    ("ARG =x\n", "ARG names can not be blank"),
    ("ARG\n", "ARG requires at least one argument"),
    ("EXPOSE\n", "EXPOSE requires at least one argument"),
    ("EXPOSE abc\n", "invalid port"),
    ("EXPOSE 70000\n", "invalid port range"),
    ("EXPOSE 80/ftp\n", "invalid protocol"),
    ("STOPSIGNAL SIGFOO\n", "invalid signal"),
    ("STOPSIGNAL 0\n", "invalid signal"),
    ("STOPSIGNAL\n", "STOPSIGNAL requires exactly one argument"),
    ("VOLUME\n", "VOLUME requires at least one argument"),
    ('VOLUME [""]\n', "can not be an empty string"),
    ("COPY --chown=a:b:c x /x\n", "invalid --chown"),
    ("COPY --chown=:g x /x\n", "invalid --chown"),
    ("COPY --from x /x\n", "missing a value on flag --from"),
    ("COPY --link=maybe x /x\n", "expects true or false"),
    ("COPY --chmod=644 --chmod=600 x /x\n", "duplicate flag"),
    ("COPY x\n", "at least two arguments"),
    ("ADD --from=a x /x\n", "unknown flag: --from"),
    ("RUN --bogus=1 true\n", "unknown flag: --bogus"),
    ("RUN\n", "RUN requires at least one argument"),
    ("CMD --x=1 [\"a\"]\n", "unknown flag"),
    ("ONBUILD ONBUILD RUN x\n", "isn't allowed"),
    ("ONBUILD FROM x\n", "isn't allowed as an ONBUILD trigger"),
]


@pytest.mark.parametrize("line, reason", REJECTED, ids=[r[0].strip()[:30] for r in REJECTED])
def test_rejected_instruction_is_refused_with_the_engines_reason(tmp_path, line, reason):
    df = tmp_path / "Dockerfile"
    text = f"FROM golang:1.19\n{line}CMD [\"app\"]\n"
    df.write_text(text)
    r = run("convert", "--in-place", df)
    msg = one_error_line(r)
    assert msg.startswith("stagesplit: error: line 2: ") and reason in msg, msg
    assert df.read_text() == text and sorted(os.listdir(tmp_path)) == ["Dockerfile"]


@pytest.mark.parametrize("text, reason", [
    ("FROM golang:1.19 AS\n", "one or three arguments"),
    ("FROM golang:1.19 AS 1st\n", "invalid name for build stage"),
    ("FROM golang:1.19 AS a b\n", "one or three arguments"),
    ("FROM --platform linux/amd64 golang:1.19\n", "missing a value on flag --platform"),
])
def test_rejected_from_lines(text, reason):
    with pytest.raises(InputError, match=reason):
        parse(text + 'CMD ["x"]\n')


@pytest.mark.parametrize("line", [
    "HEALTHCHECK NONE\n",
    "HEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --retries=3 CMD curl -f http://localhost/\n",
    'HEALTHCHECK CMD ["wget", "-q", "-O-", "http://localhost/"]\n',
    "EXPOSE 80 443/tcp 53/udp 8000-8010/TCP 9000/sctp\n",
    "EXPOSE $PORT\n",
    "STOPSIGNAL SIGTERM\n", "STOPSIGNAL quit\n", "STOPSIGNAL 9\n", "STOPSIGNAL SIGRTMIN+3\n", "STOPSIGNAL $SIG\n",
    "COPY --chown=1000:1000 --chmod=755 --link x /x\n", "COPY --chown=$USER x /x\n", "COPY --chown=app x /x\n",
    "COPY --from=builder /a /b\n", "COPY --link=false x /x\n", "ADD --checksum=sha256:abc --keep-git-dir https://e/x /x\n",
    "RUN --mount=type=cache,target=/root/.cache --mount=type=bind,target=/src --network=none true\n",
    'VOLUME ["/data", "/logs"]\n', "VOLUME /data\n", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n',
    "ARG A\n", "ARG A=1 B\n", "ENV A=1 B=2\n", "ENV A 1\n", "LABEL a=b\n", "MAINTAINER me <me@example.com>\n",
    "ONBUILD RUN make\n", "USER 1000:1000\n", "WORKDIR /app\n", "CMD []\n", "ENTRYPOINT []\n",
])
def test_valid_instructions_are_not_rejected(line):
    parse(f"FROM golang:1.19 AS build-1.x_y\n{line}CMD [\"app\"]\n")


@pytest.mark.parametrize("name", ["a\nRUN rm -rf /", "Build Stage", "1st", "-x", ""])
def test_stage_name_is_validated(app, name):
    r = run("convert", "--stage-name", name, app / "Dockerfile")
    assert "--stage-name" in one_error_line(r) and r.stdout == ""


def test_a_valid_stage_name_is_used(app):
    r = run("convert", "--stage-name", "compile-1.x", app / "Dockerfile")
    assert r.returncode == 0 and "AS compile-1.x\n" in r.stdout and "COPY --from=compile-1.x " in r.stdout


# -- the build context ------------------------------------------------------------------------------

def test_invalid_dockerignore_pattern(app):
    (app / ".dockerignore").write_text("**/[z-a]\n")
    msg = one_error_line(run("convert", app / "Dockerfile"))
    assert ".dockerignore: invalid pattern" in msg


@pytest.mark.skipif(IS_ROOT and shutil.which("setpriv") is None, reason="root needs setpriv to drop its file access override")
@pytest.mark.parametrize("what", ["folder", "file"])
def test_unreadable_context_part(app, what):
    target = next(app.rglob("templates")) if what == "folder" else next(app.rglob("*.go"))
    target.chmod(0)
    try:
        r = run("convert", app / "Dockerfile", no_dac=True)
    finally:
        target.chmod(0o755)
    msg = one_error_line(r)
    assert "ermission denied" in msg and str(target) in msg, msg


def test_context_root_that_cannot_be_listed(tmp_path):
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    df = tmp_path / "Dockerfile"
    df.write_text(BOOKSTORE.joinpath("Dockerfile").read_text())
    ctx.chmod(0o311)   # can enter, cannot list
    try:
        r = run("convert", "--context", ctx, df, no_dac=True)
    finally:
        ctx.chmod(0o755)
    msg = one_error_line(r)
    assert "cannot list the build context" in msg or "is not readable" in msg, msg


def test_fifo_and_device_in_context_are_not_read(app):
    os.mkfifo(app / "pkg" / "zz_fifo.go" if (app / "pkg").is_dir() else app / "zz_fifo.go")
    if IS_ROOT:
        os.mknod(app / "zz_zero.go", stat.S_IFCHR | 0o644, os.makedev(1, 5))   # like /dev/zero
    r = run("convert", app / "Dockerfile", timeout=60)
    assert r.returncode == 0, r.stderr
    assert "FROM alpine" in r.stdout


def test_symlink_out_of_the_context_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.go").write_text("package main // outside the context\n")
    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "inside.go").write_text("package main\n")
    os.symlink("/etc/passwd", ctx / "go.mod")
    os.symlink(outside / "secret.go", ctx / "escape.go")
    os.symlink("inside.go", ctx / "alias.go")
    c = load_context(str(ctx))
    assert {"go.mod", "escape.go", "alias.go", "inside.go"} <= set(c.files)
    assert c.read_text("go.mod") is None and c.read_text("escape.go") is None
    assert c.read_text("alias.go") == "package main\n"


def test_conversion_never_runs_anything_from_the_repository(tmp_path, monkeypatch):
    app = tmp_path / "app"
    shutil.copytree(BOOKSTORE, app, ignore=shutil.ignore_patterns("expected.Dockerfile", "case.json"))
    marker = tmp_path / "ran"
    for tool in ("go", "make", "sh", "git", "docker", "bash"):
        script = app / tool
        script.write_text(f"#!/bin/sh\necho {tool} >> {marker}\n")
        script.chmod(0o755)
    (app / "Makefile").write_text(f"all:\n\techo make >> {marker}\n")
    r = run("convert", app / "Dockerfile", env={"PATH": f"{app}:{os.environ['PATH']}"}, cwd=app)
    assert r.returncode == 0 and not marker.exists()

    def forbidden(*a, **k):
        raise AssertionError(f"conversion started a process: {a!r}")
    for name in ("Popen", "run", "call", "check_output"):
        monkeypatch.setattr(subprocess, name, forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(os, "execv", forbidden)
    monkeypatch.setattr(os, "posix_spawn", forbidden)
    assert cli.main(["convert", str(app / "Dockerfile")]) == 0


# -- input size and expansion -----------------------------------------------------------------------

GIB = 1 << 30


@pytest.mark.parametrize("source", ["/dev/zero", "big"])
def test_input_size_limit(tmp_path, source):
    if source == "big":
        big = tmp_path / "Dockerfile"
        with open(big, "w") as f:
            f.write("FROM golang:1.19\n" + "RUN true\n" * (20 * 1024 * 1024 // 9))
        source = big
    r = run("convert", source, limit_memory=GIB)
    assert "larger than 1048576 bytes" in one_error_line(r)


def test_max_size_option(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.19\n" + "# padding\n" * 20000 + "CMD [\"x\"]\n")
    assert "larger than" in one_error_line(run("convert", "--max-size", "64K", df))
    r = run("convert", "--max-size", "2M", df)
    assert r.returncode == 0 and r.stdout == df.read_text()
    assert "--max-size" in one_error_line(run("convert", "--max-size", "lots", df))


def test_doubling_expansion_is_capped(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.19\nENV A=ab\n" + "ENV A=$A$A\n" * 28 + 'CMD ["x"]\n')
    assert "expands to more than" in one_error_line(run("convert", df, limit_memory=GIB))


def test_one_word_that_repeats_a_large_value_is_capped(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM golang:1.19\nENV A=" + "x" * 60_000 + "\nENV A=$A$A$A\nENV B=" + "$A" * 2000 + '\nCMD ["x"]\n')
    assert "expands to more than" in one_error_line(run("convert", df, limit_memory=GIB))


def _peak_memory(n: int) -> int:
    text = "FROM golang:1.19\n" + "".join(f"ENV V{i}=value{i}\nRUN echo {i} > /f{i}\n" for i in range(n)) + 'CMD ["x"]\n'
    tracemalloc.start()
    try:
        make_plan(parse(text), load_context(str(ROOT / "corpus" / "go" / "bookstore")))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_linearly_with_the_number_of_instructions():
    # Four times the instructions must cost about four times the memory (quadratic would be 16x).
    small, large = _peak_memory(500), _peak_memory(2000)
    assert large < 6 * small, (small, large)


# -- the process edge: streams, signals, bugs ---------------------------------------------------------

def test_closed_stdout(app):
    r = subprocess.run(f'"{sys.executable}" -m converter.cli convert "{app}/Dockerfile" >&-', shell=True,
                       capture_output=False, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 2 and "stdout is closed" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_stdout(app):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(app / "Dockerfile")],
                           stdout=full, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 2 and "No space left on device" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_closed_stdin(app):
    r = subprocess.run(f'"{sys.executable}" -m converter.cli convert - --context "{app}" <&-', shell=True,
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 2 and "stdin" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_docker_host_that_is_not_a_url(app):
    msg = one_error_line(run("verify", app / "Dockerfile", env={"DOCKER_HOST": "not a url"}), code=3)
    assert msg.startswith("stagesplit: error: no Docker engine reachable")


def test_ctrl_c_exits_130_without_traceback(app):
    # SIGINT as a terminal's Ctrl-C finds it: a shell's background job (a CI runner started with
    # `&`) inherits SIGINT ignored, and a process that ignores it is right to go on
    p = subprocess.Popen([sys.executable, "-m", "converter.cli", "convert", "-", "--context", str(app)],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)},
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2.0)        # blocked reading stdin by now
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 130 and "Traceback" not in err and out == ""


def test_ctrl_c_during_in_place_leaves_a_whole_file(app, monkeypatch):
    """A SIGINT that lands while the file is being written waits until it is whole."""
    from converter import files
    real = files._write_new

    def slow(dest, text, st, folder, exclusive):
        os.kill(os.getpid(), signal.SIGINT)   # arrives mid-write; held until the write is done
        return real(dest, text, st, folder, exclusive)
    monkeypatch.setattr(files, "_write_new", slow)
    # Python's own Ctrl-C handler, also when this test process was started with SIGINT ignored
    # (a shell's background job inherits it so)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    original = (app / "Dockerfile").read_text()
    try:
        code = cli.main(["convert", "--in-place", str(app / "Dockerfile")])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == 130
    assert (app / "Dockerfile.orig").read_text() == original
    assert (app / "Dockerfile").read_text() == (BOOKSTORE / "expected.Dockerfile").read_text()


def test_unexpected_error_is_one_line_with_its_own_exit_code(app, monkeypatch, capsys):
    import converter.plan as plan_module

    def broken(*a, **k):
        raise RuntimeError("boom")
    monkeypatch.setattr(plan_module, "make_plan", broken)
    code = cli.main(["convert", str(app / "Dockerfile")])
    err = capsys.readouterr().err
    assert code == cli.EXIT_INTERNAL and code not in (0, 1, 2, 3)
    assert err.count("\n") == 1 and str(app / "Dockerfile") in err and "RuntimeError: boom" in err
    assert "Traceback" not in err
    code = cli.main(["--debug", "convert", str(app / "Dockerfile")])
    assert code == cli.EXIT_INTERNAL and "Traceback" in capsys.readouterr().err


def test_no_assert_in_product_code():
    found = []
    for folder in ("converter", "heuristics"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Assert):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


# -- --in-place keeps the file's identity and never loses the original --------------------------------

def test_in_place_read_only_folder(app):
    df = app / "Dockerfile"
    before = df.read_text()
    app.chmod(0o555)
    try:
        r = run("convert", "--in-place", df, no_dac=True)
    finally:
        app.chmod(0o755)
    msg = one_error_line(r)
    assert "cannot rewrite" in msg and df.read_text() == before
    assert not [n for n in os.listdir(app) if n.startswith(".stagesplit-") or n.endswith(".orig")]


@pytest.mark.parametrize("kind", ["folder", "file", "symlink"])
def test_existing_backup_is_never_overwritten(app, kind):
    df = app / "Dockerfile"
    before = df.read_text()
    backup = app / "Dockerfile.orig"
    if kind == "folder":
        backup.mkdir()
        (backup / "keep").write_text("mine")
    elif kind == "file":
        backup.write_text("an older original")
    else:
        os.symlink("/nonexistent", backup)
    msg = one_error_line(run("convert", "--in-place", df))
    assert "already exists" in msg and df.read_text() == before
    if kind == "folder":
        assert (backup / "keep").read_text() == "mine"
    elif kind == "file":
        assert backup.read_text() == "an older original"
    else:
        assert os.readlink(backup) == "/nonexistent"


def test_in_place_through_a_symlink_converts_its_target(app):
    real = app / "docker" / "Dockerfile.real"
    real.parent.mkdir()
    shutil.move(app / "Dockerfile", real)
    os.symlink("docker/Dockerfile.real", app / "Dockerfile")
    r = run("convert", "--in-place", "--context", app, app / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert os.path.islink(app / "Dockerfile")
    assert real.read_text() == (BOOKSTORE / "expected.Dockerfile").read_text()
    assert (app / "docker" / "Dockerfile.real.orig").read_text() == (BOOKSTORE / "Dockerfile").read_text()


def test_in_place_keeps_hard_links_mode_and_owner(app):
    df = app / "Dockerfile"
    os.link(df, app / "Dockerfile.link")
    df.chmod(0o640)
    if IS_ROOT:
        os.chown(df, 1234, 5678)
    ino = df.stat().st_ino
    r = run("convert", "--in-place", df)
    assert r.returncode == 0, r.stderr
    st = df.stat()
    assert st.st_ino == ino and (app / "Dockerfile.link").read_text() == df.read_text()
    assert "AS build" in df.read_text()
    assert stat.S_IMODE(st.st_mode) == 0o640
    backup = (app / "Dockerfile.orig").stat()
    assert stat.S_IMODE(backup.st_mode) == 0o640
    if IS_ROOT:
        assert (st.st_uid, st.st_gid) == (1234, 5678) == (backup.st_uid, backup.st_gid)


def test_in_place_single_link_is_replaced_atomically_and_keeps_mode(app):
    df = app / "Dockerfile"
    df.chmod(0o600)
    r = run("convert", "--in-place", df)
    assert r.returncode == 0 and stat.S_IMODE(df.stat().st_mode) == 0o600


def test_stale_temporaries_of_a_killed_run_are_removed(app):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = app / f".stagesplit-{dead.pid}-abc123.tmp"
    stale.write_text("half a Dockerfile")
    r = run("convert", "--in-place", app / "Dockerfile")
    assert r.returncode == 0 and not stale.exists()
    assert not [n for n in os.listdir(app) if n.startswith(".stagesplit-")]


def test_sigkill_during_in_place_never_damages_the_file(app):
    """Kill the writer at many moments: the Dockerfile is always either the original or the
    converted text, never a mix; a later run cleans up and succeeds or refuses cleanly."""
    original = (app / "Dockerfile").read_text()
    converted = (BOOKSTORE / "expected.Dockerfile").read_text()
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.5):
        p = subprocess.Popen([sys.executable, "-m", "converter.cli", "convert", "--in-place", str(app / "Dockerfile")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(delay)
        p.kill()
        p.wait()
        assert (app / "Dockerfile").read_text() in (original, converted)
        backup = app / "Dockerfile.orig"
        if backup.exists():
            assert backup.read_text() == original
            if (app / "Dockerfile").read_text() == original:
                backup.unlink()   # killed between the backup and the rewrite: the user may retry
            else:
                break
    r = run("convert", "--in-place", app / "Dockerfile")
    assert r.returncode in (0, 2)
    assert not [n for n in os.listdir(app) if n.startswith(".stagesplit-")]


# -- secrets ---------------------------------------------------------------------------------------

SERVER = '''package main

import "net/http"

func main() { http.ListenAndServe(":8080", http.FileServer(http.Dir("static"))) }
'''


def test_secrets_reaching_the_runtime_stage_are_warned_by_name_only(tmp_path):
    files = {"go.mod": GO_MOD, "main.go": SERVER, "static/index.html": "<p>hi</p>",
             "static/server.key": "-----BEGIN PRIVATE KEY-----\nSECRETVALUE\n", "static/.env": "DB_PASSWORD=hunter2\n",
             "static/id_rsa.pub": "ssh-rsa AAAA public"}
    df = ("FROM golang:1.19\nARG GITHUB_TOKEN\nWORKDIR /app\nCOPY . .\n"
          "RUN go build -o server .\nENV API_TOKEN=s3cr3t-value\nENV LOG_LEVEL=info\nCMD [\"./server\"]\n")
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    text = "\n".join(plan.warnings)
    assert "/app/static/server.key" in text and "private key" in text
    assert "/app/static/.env" in text and "environment file" in text
    assert "id_rsa.pub" not in text and "LOG_LEVEL" not in text
    assert "ENV API_TOKEN" in text
    for value in ("SECRETVALUE", "hunter2", "s3cr3t-value"):
        assert value not in text
    runtime = runtime_part(out)
    assert "GITHUB_TOKEN" not in runtime           # a build-only secret stays in the build stage
    assert runtime.count("# stagesplit: warning:") == len(plan.warnings)


def test_secret_warnings_go_to_stderr(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "go.mod").write_text(GO_MOD)
    (app / "main.go").write_text(SERVER)
    (app / "static").mkdir()
    (app / "static" / "tls.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    (app / "Dockerfile").write_text("FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n")
    r = run("convert", app / "Dockerfile")
    assert r.returncode == 0 and "warning:" in r.stderr and "/app/static/tls.pem" in r.stderr


def test_non_root_user_is_never_lost():
    for case in (CORPUS / "go").iterdir():
        if not (case / "Dockerfile").exists():
            continue
        df = parse((case / "Dockerfile").read_text())
        users = [i for i in df.instructions if i.keyword == "USER"]
        plan = make_plan(df, load_context(str(case)))
        if not plan.changed or not users:
            continue
        from converter.render import render
        runtime = runtime_part(render(df, plan))
        assert runtime.rstrip().splitlines()[-1] != "" and users[-1].raw.strip() in runtime, case.name
        last_user = [ln for ln in runtime.splitlines() if ln.startswith("USER")][-1]
        assert last_user == users[-1].raw.strip(), case.name


def test_trailing_backslash_in_a_word_does_not_hang():
    # Found by the fuzz suite: a lone backslash at the end of a COPY source looped forever.
    plan, _ = convert('FROM golang:1.19\nCOPY main.go\\ /app/\nCMD ["/app/x"]\n', {"main.go": "package main\n"})
    assert not plan.changed


def test_a_skip_is_a_failure_under_ci(tmp_path):
    """A missing hadolint, peer folder or engine must fail CI, not skip: the suite's hook turns
    any skip into a failure when CI=true."""
    (tmp_path / "test_needs_tool.py").write_text(
        "import shutil, pytest\n\n"
        "@pytest.mark.skipif(shutil.which('no-such-tool') is None, reason='no-such-tool is not installed')\n"
        "def test_tool():\n    pass\n")
    args = [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider", str(tmp_path)]
    ci = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CI": "true"})
    assert ci.returncode == 1 and "skipped under CI=true" in ci.stdout and "no-such-tool" in ci.stdout
    dev = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "CI": "false"})
    assert dev.returncode == 0 and "1 skipped" in dev.stdout
