"""Idioms found in real public Go Dockerfiles (reviewed by hand, re-stated here in our own
words): each once gave a wrong conversion or a hang."""

from __future__ import annotations

import subprocess
import sys

from .conftest import GO_MOD, HELLO, ROOT, convert, runtime_part

APP = {"go.mod": GO_MOD, "main.go": HELLO}


def test_a_url_in_env_does_not_hang(tmp_path):
    (tmp_path / "go.mod").write_text(GO_MOD)
    (tmp_path / "main.go").write_text(HELLO)
    (tmp_path / "Dockerfile").write_text("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nENV GOPROXY=https://goproxy.io,direct\n"
                                         "ENV API_URL=https://example.com/api\nRUN go build -o /usr/local/bin/app .\nCMD [\"app\"]\n")
    r = subprocess.run([sys.executable, "-m", "converter.cli", "convert", str(tmp_path / "Dockerfile")],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 0 and "AS build" in r.stdout


def test_env_tz_gets_time_zones():
    df = "FROM golang:1.19-alpine\nWORKDIR /site\nENV TZ=America/Sao_Paulo\nCOPY . .\nRUN go build -o site .\nCMD [\"./site\"]\n"
    plan, out = convert(df, APP)
    assert plan.changed and plan.findings.closure.tzdata and "tzdata" in plan.runtime.installs
    plan, _ = convert(df.replace("America/Sao_Paulo", "UTC"), APP)
    assert not plan.findings.closure.tzdata


def test_the_folder_a_program_creates_its_file_in_is_carried():
    src = ('package main\nimport "os"\nfunc init() { f, err := os.OpenFile("/data/app.log", os.O_CREATE, 0o666); '
           'if err != nil { panic(err) }; f.Close() }\nfunc main() {}\n')
    df = "FROM golang:1.19-alpine\nRUN mkdir /data\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD [\"/app/main\"]\n"
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": src})
    assert "COPY --from=build /data /data" in runtime_part(out)
    # Nothing made /logs: no copy of a path nothing wrote.
    plan, out = convert(df.replace("RUN mkdir /data\n", ""), {"go.mod": GO_MOD, "main.go": src})
    assert "/data" not in runtime_part(out)


def test_cgo_on_trixie_never_gets_an_older_glibc():
    src = 'package main\n// #include <stdio.h>\nimport "C"\nfunc main() {}\n'
    for image in ("golang:1.25", "golang:1.24-trixie"):
        plan, _ = convert(f"FROM {image}\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
                          {"go.mod": GO_MOD, "main.go": src})
        assert plan.changed and plan.runtime.base.ref == "debian:trixie-slim", (image, plan.runtime.base.ref)
    plan, _ = convert("FROM golang:1.22-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n",
                      {"go.mod": GO_MOD, "main.go": src})
    assert plan.runtime.base.ref.startswith("gcr.io/distroless/base-debian12")


def test_users_exist_before_a_copy_chowns_to_them():
    df = ("FROM golang:1.22-alpine\nRUN adduser -D app\nWORKDIR /home/app\nUSER app\nCOPY --chown=app . .\n"
          "RUN go build -o server .\nCMD [\"./server\"]\n")
    plan, out = convert(df, APP)
    assert plan.changed, plan.reason
    lines = [ln for ln in runtime_part(out).splitlines() if ln.startswith("COPY")]
    passwd = lines.index("COPY --from=build /etc/passwd /etc/passwd")
    first_chown = next(i for i, ln in enumerate(lines) if "--chown=app" in ln)
    assert passwd < first_chown


def test_git_checkout_in_the_programs_folder_is_carried_whole():
    """`git submodule update` brings files nobody can list: the program's folder goes whole."""
    df = ("FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN git submodule update --init --recursive\n"
          "RUN go build -o /usr/local/bin/app .\nCMD [\"app\"]\n")
    plan, out = convert(df, {**APP, "conf.yaml": "x"})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /src /src" in runtime and "carried whole" in runtime and "git submodule update" in runtime


def test_git_clone_elsewhere_and_quiet_git_do_not_block():
    df = ("FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN git clone --depth 1 https://example.com/tools.git /opt/tools\n"
          "RUN go build -ldflags \"-X main.v=$(git describe --tags)\" -o /usr/local/bin/app . && rm -rf /opt/tools\n"
          "WORKDIR /\nCMD [\"app\"]\n")
    plan, out = convert(df, APP)
    assert plan.changed, plan.reason
    assert "/opt/tools" not in runtime_part(out)


def test_an_unknown_git_subcommand_stays_unknown():
    df = "FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN git frobnicate\nRUN go build -o /app .\nCMD [\"/app\"]\n"
    plan, _ = convert(df, APP)
    assert not plan.changed and plan.code == "SS007"


SQLITE = 'package main\nimport _ "github.com/mattn/go-sqlite3"\nfunc main() {}\n'
GOPATH_DF = "FROM {image}\nCOPY . /go/src/github.com/x/app\nRUN cd /go/src/github.com/x/app && go build -o /go/bin/app\nCMD [\"/go/bin/app\"]\n"


def test_gopath_mode_checks_the_imports_before_turning_cgo_off():
    """No go.mod lists the dependencies: each non-standard import must be known pure Go."""
    plan, out = convert(GOPATH_DF.format(image="golang:1.16"), {"main.go": SQLITE})
    assert plan.changed and "CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"
    plan, out = convert(GOPATH_DF.format(image="golang:1.16"), {"main.go": HELLO})
    assert "ENV CGO_ENABLED=0" in out


def test_go_before_1_11_keeps_cgo():
    plan, out = convert(GOPATH_DF.format(image="golang:1.10"), {"main.go": HELLO})
    assert plan.changed and "CGO_ENABLED=0" not in out
    assert any("older than Go 1.11" in d.why for d in plan.decisions)


def test_the_module_cache_is_never_carried():
    df = "FROM golang:1.20\nCOPY . /src\nRUN cd /src && go mod download && go build -o /usr/local/bin/app .\nCMD [\"app\"]\n"
    plan, out = convert(df, APP)
    assert plan.changed and "/go/pkg/mod" not in runtime_part(out)


def test_variables_of_the_build_image_in_replayed_instructions():
    df = "FROM golang:1.20\nWORKDIR $GOPATH/src/app\nCOPY . .\nRUN go build -o app .\nCMD [\"./app\"]\n"
    plan, out = convert(df, APP)
    runtime = runtime_part(out)
    assert runtime.index("ENV GOPATH=/go") < runtime.index("WORKDIR $GOPATH/src/app")
    assert "COPY --from=build /go/src/app/app /go/src/app/app" in runtime


def test_first_gopath_entry_receives_go_install():
    df = ("FROM golang:1.16\nENV GOPATH /go:/go/src/github.com/x/app/Godeps/_workspace\n"
          "COPY . /go/src/github.com/x/app\nWORKDIR /go/src/github.com/x/app\nRUN go install\nCMD [\"/go/bin/app\"]\n")
    plan, _ = convert(df, {"go.mod": "module github.com/x/app\n\ngo 1.16\n", "main.go": HELLO})
    assert plan.changed, plan.reason
    assert "/go/bin/app" in plan.findings.programs


RUNS = 'package main\nimport "os/exec"\nfunc main() {{ exec.Command("{tool}", "x").Run() }}\n'
RUNS_DF = "FROM golang:1.20\nWORKDIR /src\nCOPY . .\n{extra}RUN go build -o /app .\nCMD [\"/app\"]\n"


def test_a_tool_the_build_image_ships_is_installed_in_the_runtime_stage():
    """git comes with the golang image; the program runs it by name, so the runtime base gets it."""
    plan, out = convert(RUNS_DF.format(extra=""), {"go.mod": GO_MOD, "main.go": RUNS.format(tool="git")})
    assert plan.changed and "git" in plan.runtime.installs and "apk add --no-cache git" in out


def test_a_tool_run_by_path_is_copied_or_refused():
    src = RUNS.format(tool="/opt/tool/run")
    plan, _ = convert(RUNS_DF.format(extra=""), {"go.mod": GO_MOD, "main.go": src})
    assert not plan.changed and plan.code == "SS011"
    plan, out = convert(RUNS_DF.format(extra="COPY tool /opt/tool\n"), {"go.mod": GO_MOD, "main.go": src, "tool/run": "#!/bin/sh\n"})
    assert plan.changed and "COPY --from=build /opt/tool/run /opt/tool/run" in runtime_part(out)


def test_an_unknown_tool_refuses_rather_than_breaks():
    plan, _ = convert(RUNS_DF.format(extra=""), {"go.mod": GO_MOD, "main.go": RUNS.format(tool="frobnicate")})
    assert not plan.changed and plan.code == "SS019" and "frobnicate" in plan.reason


def test_a_list_inside_a_substitution_is_read():
    """bashlex cannot read `$(a || b)`; the substitution is read on its own, its value unknown."""
    df = ("FROM golang:1.20\nWORKDIR /src\nCOPY . .\n"
          "RUN go build -ldflags \"-X main.version=$(git describe --tags 2>/dev/null || echo dev)\" -o /app .\nCMD [\"/app\"]\n")
    plan, _ = convert(df, APP)
    assert plan.changed, plan.reason


def test_commands_inside_a_substitution_count():
    from converter.shell import read_shell

    r = read_shell("v=$(cp conf.yaml /etc/app.yaml && cat VERSION); echo $v", "/src", {})
    assert [c.name for c in r.commands if c.conditional][:2] == ["cp", "cat"]
    df = "FROM golang:1.20\nWORKDIR /src\nCOPY . .\nRUN v=$(./version.sh) && go build -o /app .\nCMD [\"/app\"]\n"
    plan, _ = convert(df, {**APP, "version.sh": "#!/bin/sh\necho 1\n"})
    assert not plan.changed and plan.code == "SS007"    # what the script writes is unknown


def test_an_unlisted_folder_does_not_hide_the_rest_of_the_programs_folder():
    df = ("FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN git clone https://example.com/assets.git assets\n"
          "RUN go build -o /usr/local/bin/app .\nCMD [\"app\"]\n")
    plan, out = convert(df, {**APP, "conf.yaml": "x"})
    runtime = runtime_part(out)
    assert "COPY --from=build /src/assets /src/assets" in runtime
    assert "COPY --from=build /src/conf.yaml /src/conf.yaml" in runtime
