"""What the runtime stage must get right: one test per rule of the core converter."""

from __future__ import annotations

import dockerfile as buildkit

from .conftest import GO_MOD, HELLO, convert, runtime_part

HTTP = '''package main

import (
	"html/template"
	"net/http"
)

func main() {
	t := template.Must(template.ParseGlob("templates/*"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Execute(w, nil) })
	http.ListenAndServe(":8080", nil)
}
'''
APP = {"go.mod": GO_MOD, "main.go": HTTP, "templates/index.html": "<p>hi</p>", "README.md": "docs"}
BASIC = 'FROM golang:1.19-alpine\nWORKDIR /home\nCOPY . .\nRUN go build -o app\nCMD ["./app"]\n'


def from_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith("FROM ")]


# -- the artifact and the files it reads ---------------------------------------------------------

def test_artifact_and_templates_are_copied_nothing_else():
    plan, out = convert(BASIC, APP, closure="precise")
    rt = runtime_part(out)
    assert "COPY --from=build /home/app /home/app" in rt
    assert "COPY --from=build /home/templates /home/templates" in rt
    copies = [ln for ln in rt.splitlines() if ln.startswith("COPY")]
    assert len(copies) == 2, copies   # not README.md, main.go or go.mod
    assert plan.findings.closure.data == ("/home/templates",)


def test_config_file_named_in_sources_is_copied():
    src = 'package main\nimport ("fmt"; "os")\nfunc main(){ b, _ := os.ReadFile("config/app.json"); fmt.Print(string(b)) }\n'
    _, out = convert(BASIC, {"go.mod": GO_MOD, "main.go": src, "config/app.json": "{}", "config/notes.txt": "x"}, closure="precise")
    assert "COPY --from=build /home/config/app.json /home/config/app.json" in runtime_part(out)
    assert "notes.txt" not in out


def test_http_dir_static_folder_is_copied():
    src = 'package main\nimport "net/http"\nfunc main(){ http.ListenAndServe(":80", http.FileServer(http.Dir("static"))) }\n'
    _, out = convert(BASIC, {"go.mod": GO_MOD, "main.go": src, "static/index.html": "x"})
    assert "COPY --from=build /home/static /home/static" in runtime_part(out)


def test_embedded_files_are_not_copied():
    src = 'package main\nimport _ "embed"\n//go:embed assets/logo.txt\nvar logo string\nfunc main(){ println(logo) }\n'
    _, out = convert(BASIC, {"go.mod": GO_MOD, "main.go": src, "assets/logo.txt": "x"}, closure="precise")
    assert "assets" not in runtime_part(out)


def test_path_the_build_does_not_write_is_not_copied():
    src = 'package main\nimport "os"\nfunc main(){ os.ReadFile("/etc/hostname") }\n'
    _, out = convert(BASIC, {"go.mod": GO_MOD, "main.go": src})
    assert "/etc/hostname" not in out


# -- config of the final image exactly as the original's -------------------------------------------

CONFIG = '''FROM golang:1.19-alpine
LABEL org.opencontainers.image.title="shop" team=core
ENV MODE=production \\
    LISTEN=:8080
WORKDIR /srv
WORKDIR app
COPY . .
RUN go build -o shop .
EXPOSE 8080/tcp 9090
VOLUME ["/srv/app/data"]
USER 10001:10001
STOPSIGNAL SIGINT
HEALTHCHECK --interval=30s --timeout=3s CMD ["/srv/app/shop", "-health"]
ENTRYPOINT ["/srv/app/shop"]
CMD ["-v"]
'''


def test_config_instructions_replayed_with_the_users_text():
    _, out = convert(CONFIG, {"go.mod": GO_MOD, "main.go": HELLO})
    rt = runtime_part(out)
    for line in ['LABEL org.opencontainers.image.title="shop" team=core', "ENV MODE=production \\\n    LISTEN=:8080",
                 "WORKDIR /srv\nWORKDIR app", "EXPOSE 8080/tcp 9090", 'VOLUME ["/srv/app/data"]', "USER 10001:10001",
                 "STOPSIGNAL SIGINT", 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/srv/app/shop", "-health"]',
                 'ENTRYPOINT ["/srv/app/shop"]', 'CMD ["-v"]']:
        assert line in rt, line
    # files land before USER, so the copy is made as root and the user does not matter to COPY
    assert rt.index("COPY --from=build /srv/app/shop") < rt.index("USER 10001:10001")


def test_shell_instruction_is_replayed():
    df = 'FROM golang:1.19\nSHELL ["/bin/bash", "-c"]\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD ["/a/app"]\n'
    _, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert 'SHELL ["/bin/bash", "-c"]' in runtime_part(out)


def test_global_arg_used_by_runtime_instruction_is_redeclared():
    df = ('ARG VERSION=1.2.3\nFROM golang:1.19-alpine\nARG VERSION\nWORKDIR /a\nCOPY . .\n'
          'RUN go build -o app .\nLABEL version=$VERSION\nENV APP_VERSION=${VERSION}\nCMD ["/a/app"]\n')
    _, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    rt = runtime_part(out)
    assert rt.splitlines()[1] == "ARG VERSION"   # right after FROM, before LABEL/ENV use it
    assert "LABEL version=$VERSION" in rt


def test_arg_before_from_in_base_image():
    df = 'ARG GO=1.19\nFROM golang:${GO}-alpine\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD ["/a/app"]\n'
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert from_lines(out) == ["FROM golang:${GO}-alpine AS build", "FROM alpine:3.22"]


def test_relative_paths_resolve_against_workdir():
    df = 'FROM golang:1.19-alpine\nWORKDIR /opt\nWORKDIR svc\nCOPY . .\nRUN go build -o bin/app .\nCMD ["bin/app"]\n'
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert plan.findings.programs == ("/opt/svc/bin/app",)
    assert "COPY --from=build /opt/svc/bin/app /opt/svc/bin/app" in out


def test_command_found_through_path_is_still_found():
    df = 'FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN go install .\nCMD ["app"]\n'
    plan, out = convert(df, {"go.mod": "module example.com/app\n", "main.go": HELLO})
    rt = runtime_part(out)
    assert "COPY --from=build /go/bin/app /go/bin/app" in rt
    # /go/bin is on the golang image's PATH, not on alpine's: PATH is carried over
    assert "ENV PATH=/go/bin:" in rt


def test_path_dir_already_on_base_path_needs_no_env():
    df = 'FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n'
    _, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert "ENV PATH" not in runtime_part(out)


# -- shell, healthcheck tools --------------------------------------------------------------------

def test_shell_form_cmd_gets_a_shell_never_scratch():
    df = 'FROM golang:1.19-alpine\nENV PORT=80\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nCMD ./app -port $PORT\n'
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert plan.findings.closure.shell and plan.runtime.base.shell
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO}, runtime="scratch")
    assert not plan.changed and "shell" in plan.reason and out == df


def test_exec_form_static_binary_may_use_scratch():
    plan, out = convert(BASIC, {"go.mod": GO_MOD, "main.go": HELLO}, runtime="scratch")
    assert plan.changed and from_lines(out)[-1] == "FROM scratch"


def test_entry_script_brings_a_shell_and_the_script():
    script = '#!/bin/sh\nset -e\necho starting\nexec "$@"\n'
    df = ('FROM golang:1.19-alpine\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\n'
          'ENTRYPOINT ["./entry.sh"]\nCMD ["./app"]\n')
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO, "entry.sh": script})
    rt = runtime_part(out)
    assert "COPY --from=build /a/entry.sh /a/entry.sh" in rt and "COPY --from=build /a/app /a/app" in rt
    assert plan.runtime.base.shell


def test_bash_entry_script_is_not_put_on_busybox():
    script = '#!/bin/bash\nexec "$@"\n'
    df = 'FROM golang:1.19-alpine\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nENTRYPOINT ["./entry.sh"]\nCMD ["./app"]\n'
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO, "entry.sh": script})
    assert "bash" in plan.findings.closure.tools
    assert "RUN apk add --no-cache bash" in runtime_part(out)


def test_healthcheck_with_wget_uses_busybox():
    df = BASIC.replace("CMD", "HEALTHCHECK CMD wget -qO- http://localhost:8080/ || exit 1\nCMD")
    plan, out = convert(df, APP)
    assert plan.runtime.base.ref == "alpine:3.22" and "apk add" not in out
    assert plan.findings.closure.shell   # shell-form healthcheck


def test_healthcheck_with_curl_installs_curl():
    df = BASIC.replace("CMD", "HEALTHCHECK CMD curl -fsS http://localhost:8080/ || exit 1\nCMD")
    plan, out = convert(df, APP)
    assert "RUN apk add --no-cache curl" in runtime_part(out)
    plan, out = convert(df, APP, runtime="distroless")
    assert not plan.changed


# -- certificates, tzdata ---------------------------------------------------------------------------

def test_certs_copied_when_base_lacks_them():
    plan, out = convert(BASIC, APP, runtime="scratch")
    assert "COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt" in out
    plan, out = convert(BASIC, APP)   # alpine has certificates
    assert "ca-certificates" not in out


def test_tzdata_when_program_loads_locations():
    src = 'package main\nimport ("fmt"; "time")\nfunc main(){ l, _ := time.LoadLocation("Europe/Paris"); fmt.Println(l) }\n'
    plan, out = convert(BASIC, {"go.mod": GO_MOD, "main.go": src})
    assert plan.findings.closure.tzdata and "RUN apk add --no-cache tzdata" in out
    df = BASIC.replace("golang:1.19-alpine", "golang:1.19")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": src}, runtime="scratch")
    assert "COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo" in out


# -- cgo ------------------------------------------------------------------------------------------------

CGO = 'package main\n// int one() { return 1; }\nimport "C"\nimport "fmt"\nfunc main(){ fmt.Println(C.one()) }\n'


def test_pure_go_gets_cgo_disabled_in_build_stage():
    plan, out = convert(BASIC, APP)
    build = out.split("\n\n# stagesplit: runtime stage")[0]
    assert "ENV CGO_ENABLED=0" in build
    assert build.index("ENV CGO_ENABLED=0") < build.index("RUN go build")


def test_cgo_on_debian_gets_glibc_runtime():
    df = BASIC.replace("golang:1.19-alpine", "golang:1.19")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": CGO})
    assert plan.findings.closure.libc == "glibc"
    assert from_lines(out)[-1] == "FROM gcr.io/distroless/base-debian12"
    assert "CGO_ENABLED=0" not in out


def test_cgo_with_shell_gets_debian_slim_of_same_release():
    df = 'FROM golang:1.19-bullseye\nWORKDIR /home\nCOPY . .\nRUN go build -o app\nCMD ./app\n'
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": CGO})
    assert from_lines(out)[-1] == "FROM debian:bullseye-slim"


def test_cgo_cannot_go_on_alpine_or_scratch_from_debian():
    df = BASIC.replace("golang:1.19-alpine", "golang:1.19")
    for runtime in ("alpine", "scratch"):
        plan, out = convert(df, {"go.mod": GO_MOD, "main.go": CGO}, runtime=runtime)
        assert not plan.changed and "glibc" in plan.reason and out == df


def test_explicit_cgo_enabled_is_respected():
    df = BASIC.replace("WORKDIR", "ENV CGO_ENABLED=1\nWORKDIR").replace("golang:1.19-alpine", "golang:1.19")
    plan, out = convert(df, APP)
    assert plan.findings.closure.libc == "glibc"


def test_cgo_extra_library_maps_dev_to_runtime_package():
    src = CGO.replace("import \"C\"", "// #cgo LDFLAGS: -lsqlite3\nimport \"C\"")
    df = ('FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev\nWORKDIR /home\nCOPY . .\n'
          'RUN go build -o app\nCMD ["./app"]\n')
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": src})
    assert from_lines(out)[-1] == "FROM debian:bookworm-slim"
    assert "apt-get install -y --no-install-recommends libsqlite3-0" in runtime_part(out)


# -- nothing of the toolchain; builder compatibility -----------------------------------------------------

def test_nothing_of_the_toolchain():
    df = 'FROM golang:1.19-alpine\nRUN apk add --no-cache git make gcc musl-dev\n' + BASIC.split("\n", 1)[1]
    plan, out = convert(df, APP)
    rt = runtime_part(out)
    assert from_lines(out)[-1] == "FROM alpine:3.22"
    for word in ("golang", "/usr/local/go", "/go/pkg", "gcc", "git", "musl-dev"):
        assert word not in rt


def test_output_uses_no_buildkit_only_syntax_unless_asked():
    plan, out = convert(BASIC, APP)
    assert "--mount" not in out and "# syntax" not in out and "<<" not in out and "--chmod" not in out
    buildkit.parse_string(out)
    plan, out = convert(BASIC, APP, buildkit=True)
    assert "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o app" in out


def test_alias_already_on_from_is_kept():
    df = BASIC.replace("FROM golang:1.19-alpine", "FROM golang:1.19-alpine AS compile")
    plan, out = convert(df, APP)
    assert out.startswith(df.splitlines()[0] + "\n") and "COPY --from=compile" in out


def test_named_user_created_in_build_is_carried():
    df = BASIC.replace("CMD", "RUN adduser -D app\nUSER app\nCMD")
    plan, out = convert(df, APP)
    assert "COPY --from=build /etc/passwd /etc/passwd" in out


def test_unknown_named_user_refuses():
    df = BASIC.replace("CMD", "USER svc\nCMD")
    plan, out = convert(df, APP)
    assert not plan.changed and "USER svc" in plan.reason


def test_from_platform_is_kept_for_the_runtime_stage():
    df = BASIC.replace("FROM golang:1.19-alpine", "FROM --platform=linux/amd64 golang:1.19-alpine")
    plan, out = convert(df, APP)
    assert from_lines(out) == ["FROM --platform=linux/amd64 golang:1.19-alpine AS build",
                               "FROM --platform=linux/amd64 alpine:3.22"]


def test_user_created_on_debian_build_picks_a_debian_base():
    df = BASIC.replace("golang:1.19-alpine", "golang:1.19").replace("CMD", "RUN useradd -r svc\nUSER svc\nCMD")
    plan, out = convert(df, APP)
    assert from_lines(out)[-1] == "FROM debian:bookworm-slim"
    assert "COPY --from=build /etc/passwd /etc/passwd" in out and "COPY --from=build /etc/group /etc/group" in out


def test_env_extending_path_starts_from_the_build_images_path():
    df = ('FROM golang:1.19-alpine\nENV PATH=/app/bin:$PATH\nWORKDIR /src\nCOPY . .\nRUN go install .\nCMD ["app"]\n')
    plan, out = convert(df, {"go.mod": "module example.com/app\n", "main.go": HELLO})
    rt = runtime_part(out)
    ours = "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    assert ours in rt and rt.index(ours) < rt.index("ENV PATH=/app/bin:$PATH")


def test_crlf_file_stays_crlf():
    df = BASIC.replace("\n", "\r\n")
    plan, out = convert(df, APP)
    assert plan.changed and "\n" not in out.replace("\r\n", "")
    assert out.startswith("FROM golang:1.19-alpine AS build\r\nWORKDIR /home\r\n")


def test_escape_directive_and_continuations_are_kept():
    df = ("# escape=`\nFROM golang:1.19-alpine\nWORKDIR /home\nCOPY . .\nRUN go mod download `\n    && go build -o app\n"
          "ENV A=1 `\n    B=2\nCMD [\"./app\"]\n")
    plan, out = convert(df, APP)
    assert plan.changed
    assert "RUN go mod download `\n    && go build -o app\n" in out
    assert "ENV A=1 `\n    B=2" in runtime_part(out)
    buildkit.parse_string(out)


def test_unknown_command_in_healthcheck_refuses():
    df = BASIC.replace("CMD", "HEALTHCHECK CMD probe-tool --port 8080\nCMD")
    plan, out = convert(df, APP)
    assert not plan.changed and "probe-tool" in plan.reason


def test_entry_script_running_a_variable_refuses():
    script = '#!/bin/sh\nexec $APP_BIN\n'
    df = 'FROM golang:1.19-alpine\nWORKDIR /a\nCOPY . .\nRUN go build -o app .\nENTRYPOINT ["./entry.sh"]\nCMD ["./app"]\n'
    plan, _ = convert(df, {"go.mod": GO_MOD, "main.go": HELLO, "entry.sh": script})
    assert not plan.changed and "variable" in plan.reason


def test_tree_closure_carries_the_programs_folder_minus_build_inputs():
    """Default rule: what COPY brought into the program's folder reaches the runtime stage, minus
    sources, manifests, vendor/, tests and repository metadata; --closure precise keeps only what
    the analysis names."""
    files = {"go.mod": GO_MOD, "go.sum": "", "main.go": HELLO, "main_test.go": "package main\n", "config.yaml": "a: 1",
             ".env": "A=1", "static/app.css": "x", "database/.gitkeep": "", "vendor/x/y.go": "package y",
             "vendor/modules.txt": "", "testdata/in.txt": "x", "Makefile": "all:", "Dockerfile": "FROM x",
             ".git/HEAD": "ref", ".github/workflows/ci.yml": "on: push", "docs/guide.md": "# guide"}
    plan, out = convert(BASIC, files)
    runtime = runtime_part(out)
    for carried in ("/home/config.yaml", "/home/.env", "/home/static", "/home/database", "/home/docs"):
        assert f"COPY --from=build {carried} {carried}\n" in runtime, carried
    for left in ("main.go", "go.mod", "go.sum", "main_test.go", "vendor", "testdata", "Makefile", "Dockerfile", ".git", ".github"):
        assert f"/home/{left} " not in runtime, left
    assert "carried: config.yaml is in the program's folder /home" in runtime
    _, precise = convert(BASIC, files, closure="precise")
    assert "config.yaml" not in runtime_part(precise) and "/home/static" not in runtime_part(precise)


def test_tree_closure_keeps_the_owner_a_copy_gave():
    df = ("FROM golang:1.19-alpine\nWORKDIR /srv\nCOPY --chown=app:app data ./data\nCOPY *.go go.mod conf.ini ./\n"
          "RUN go build -o app .\nUSER 1000\nCMD [\"./app\"]\n")
    files = {"go.mod": GO_MOD, "main.go": HELLO, "data/x.db": "", "conf.ini": "x"}
    plan, out = convert(df, files)
    runtime = runtime_part(out)
    assert "COPY --from=build --chown=app:app /srv/data /srv/data" in runtime
    assert "COPY --from=build /srv/conf.ini /srv/conf.ini" in runtime
