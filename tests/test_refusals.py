"""Left alone, with a reason: the converter never writes a file it cannot stand behind."""

from __future__ import annotations

import pytest

from .conftest import GO_MOD, HELLO, convert

APP = {"go.mod": GO_MOD, "main.go": HELLO, "site/index.html": "x"}


@pytest.mark.parametrize("dockerfile, reason", [
    ("FROM golang:1.19 AS b\nRUN go version\nFROM alpine:3.18\nCMD [\"sh\"]\n", "already multi-stage"),
    ("FROM nginx:1.25\nCOPY site /usr/share/nginx/html\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", "nothing built"),
    ("FROM golang:1.19\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nONBUILD COPY . /x\nCMD [\"./app\"]\n", "ONBUILD"),
    ("FROM golang:1.19\nWORKDIR /a\nCOPY . .\nRUN go build -o app . && ./app migrate\nCMD [\"./app\"]\n", "no rule says what `./app migrate` writes"),
    ("FROM golang:1.19\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\n", "no ENTRYPOINT or CMD"),
    ("FROM golang:1.19\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"go\", \"run\", \".\"]\n", "compiles the program each time"),
    ("FROM golang:1.19\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"/a/other\"]\n", "does not create"),
    ("ARG BASE\nFROM ${BASE}\nRUN go build -o /app .\nCMD [\"/app\"]\n", "ARG BASE (line 1), which has no default"),
    ("FROM scratch\nCOPY app /app\nCMD [\"/app\"]\n", "scratch"),
])
def test_left_unchanged_with_reason(dockerfile, reason):
    plan, out = convert(dockerfile, APP)
    assert not plan.changed
    assert reason in plan.reason
    assert out == dockerfile


def test_sources_missing_from_context_refuse():
    df = "FROM golang:1.19\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    plan, out = convert(df, {"go.mod": GO_MOD})
    assert not plan.changed and "sources" in plan.reason


def test_program_running_commands_gets_the_packages_again():
    """An OS tool the program may run is installed again, on the same distribution and release."""
    src = 'package main\nimport "os/exec"\nfunc main(){ exec.Command("ffmpeg").Run() }\n'
    df = "FROM golang:1.19-alpine3.20\nRUN apk add ffmpeg\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": src})
    assert plan.changed and plan.runtime.base.ref == "alpine:3.20" and "ffmpeg" in plan.runtime.installs
    assert "RUN apk add --no-cache ffmpeg" in out
    df = "FROM golang:1.19-bullseye\nRUN apt-get install -y ffmpeg\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    plan, _ = convert(df, {"go.mod": GO_MOD, "main.go": src})
    assert plan.changed and plan.runtime.base.ref == "debian:bullseye-slim" and plan.runtime.installs == ("ffmpeg",)


def test_program_running_commands_with_a_foreign_package_manager_refuses():
    src = 'package main\nimport "os/exec"\nfunc main(){ exec.Command("ffmpeg").Run() }\n'
    df = "FROM golang:1.19\nRUN apk add ffmpeg\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    plan, _ = convert(df, {"go.mod": GO_MOD, "main.go": src})
    assert not plan.changed and plan.code == "SS011" and "ffmpeg" in plan.reason


@pytest.mark.parametrize("runtime", ["auto", "alpine", "scratch", "distroless", "slim"])
def test_converting_a_converted_file_changes_nothing(runtime):
    df = "FROM golang:1.19\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    plan, once = convert(df, APP, runtime=runtime)
    assert plan.changed
    plan2, twice = convert(once, APP, runtime=runtime)
    assert twice == once and not plan2.changed


def test_program_running_commands_keeps_fetch_tools_not_compilers():
    """curl is usually build-only, but not when the program may run it; gcc never is."""
    src = 'package main\nimport "os/exec"\nfunc main(){ exec.Command("curl", "-V").Run() }\n'
    df = "FROM golang:1.19-alpine\nRUN apk add curl gcc musl-dev\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    plan, _ = convert(df, {"go.mod": GO_MOD, "main.go": src})
    assert plan.changed and "curl" in plan.runtime.installs and "gcc" not in plan.runtime.installs and "musl-dev" not in plan.runtime.installs


def test_nothing_built_names_what_runs_and_what_was_built():
    plan, _ = convert("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /go/bin/pink .\nCMD [\"app\"]\n", APP)
    assert plan.code == "SS009" and "runs app" in plan.reason and "this file builds /go/bin/pink" in plan.reason
    plan, _ = convert("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nCMD make run\n", APP)
    assert plan.code == "SS009" and "runs make," in plan.reason
