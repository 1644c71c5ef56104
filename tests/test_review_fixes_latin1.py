"""A Dockerfile that is not UTF-8 (a legacy file with a Latin-1 comment) builds with BuildKit,
which reads bytes: it is converted, and the lines the conversion keeps are the user's bytes."""

from __future__ import annotations

import os
import subprocess
import sys

from converter.context import in_memory
from converter.files import encode_text, write_in_place
from converter.parse import decode, parse
from converter.plan import make_plan
from converter.render import render

from .conftest import ROOT

GO = {"go.mod": "module example.com/app\n\ngo 1.19\n", "main.go": "package main\n\nfunc main() {}\n"}
LATIN1 = (b"FROM golang:1.22\n# caf\xe9 na\xefve: a comment in ISO-8859-1\nLABEL maintainer=\"Jos\xe9\"\n"
          b"WORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n")


def _convert(data: bytes) -> tuple[bool, str | None, str, bytes]:
    df = parse(decode(data, "Dockerfile"))
    plan = make_plan(df, in_memory(GO))
    return plan.changed, plan.code, plan.reason, encode_text(render(df, plan))


def test_a_latin1_file_is_converted_and_its_build_stage_keeps_the_bytes():
    changed, _, reason, out = _convert(LATIN1)
    assert changed, reason
    build, _, runtime = out.partition(b"\n\n# stagesplit: runtime stage")
    # the build stage is the original, byte for byte, but for the stage name on FROM
    assert build.replace(b"FROM golang:1.22 AS build\n", b"FROM golang:1.22\n", 1).replace(
        b"# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage\nENV CGO_ENABLED=0\n", b"") \
        + b"\n" == LATIN1
    assert b"# caf\xe9 na\xefve" in build and b"Jos\xe9" in build
    assert b"COPY --from=build /app /app" in runtime
    # the LABEL replayed in the runtime stage keeps its byte too
    assert runtime.count(b"LABEL maintainer=\"Jos\xe9\"") == 1


def test_an_unchanged_latin1_file_is_given_back_as_it_was():
    data = LATIN1.replace(b"RUN go build", b"# stagesplit: ignore caf\xe9\nRUN go build")
    changed, code, reason, out = _convert(data)
    assert (changed, code, out) == (False, "SS025", data)
    reason.encode("utf-8")     # the reason reaches UTF-8 reports: the byte is shown as U+FFFD
    assert "caf\ufffd" in reason


def test_a_byte_in_a_path_or_command_is_left_alone_and_said():
    changed, code, reason, out = _convert(LATIN1.replace(b"RUN go build -o /app .", b"RUN go build -o /caf\xe9 ."))
    assert (changed, code) == (False, "SS007") and out.startswith(b"FROM golang:1.22\n# caf\xe9")
    assert "line 6: the RUN holds bytes that are not UTF-8" in reason


def test_in_place_keeps_the_bytes_in_the_file_and_its_backup(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_bytes(LATIN1)
    for name, text in GO.items():
        (tmp_path / name).write_text(text)
    old = decode(path.read_bytes(), str(path))
    df = parse(old)
    new = render(df, make_plan(df, in_memory(GO)))
    write_in_place(str(path), old, new)
    assert (tmp_path / "Dockerfile.orig").read_bytes() == LATIN1
    assert path.read_bytes() == encode_text(new) and b"# caf\xe9 na\xefve" in path.read_bytes()


def test_the_command_line_converts_it_in_place(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_bytes(LATIN1)
    for name, text in GO.items():
        (tmp_path / name).write_text(text)
    r = subprocess.run([sys.executable, "-m", "converter.cli", "convert", "--in-place", str(path)],
                       capture_output=True, cwd=ROOT, env={**os.environ, "LC_ALL": "C.UTF-8"})
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "Dockerfile.orig").read_bytes() == LATIN1
    out = path.read_bytes()
    assert out.startswith(b"FROM golang:1.22 AS build\n# caf\xe9 na\xefve") and b"FROM alpine" in out
