"""Everyday Dockerfile idioms seen in public repositories (read by hand, re-stated here as our
own minimal files): each was read wrongly, or refused for a wrong reason, before its fix."""

from __future__ import annotations

from .conftest import GO_MOD, HELLO, convert, runtime_part

LIB = "package store\n\nfunc Get() int { return 1 }\n"


def test_go_build_into_an_existing_folder_writes_each_program_there():
    """`go build -o /usr/local/bin ./...`: the folder exists, so Go writes every main package
    into it under its own name (a library package of the pattern is only compiled)."""
    files = {"go.mod": GO_MOD, "go.sum": "", "cmd/reconcile/main.go": HELLO, "internal/store/store.go": LIB}
    df = ("FROM golang:1.22-alpine\nWORKDIR /usr/src/app\nCOPY go.mod go.sum ./\nRUN go mod download && go mod verify\n"
          "COPY . .\nRUN go build -o /usr/local/bin ./...\nCMD [\"reconcile\"]\n")
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /usr/local/bin/reconcile /usr/local/bin/reconcile" in runtime
    assert "COPY --from=build /usr/local/bin /usr/local/bin" not in runtime


def test_go_build_of_one_package_into_a_folder_named_without_a_slash():
    files = {"go.mod": GO_MOD, "main.go": HELLO}
    df = "FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin .\nCMD [\"app\"]\n"
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    assert "COPY --from=build /usr/local/bin/app /usr/local/bin/app" in runtime_part(out)


def test_go_build_of_a_pattern_into_a_folder_with_a_slash():
    files = {"go.mod": GO_MOD, "cmd/server/main.go": HELLO, "cmd/cli/main.go": HELLO}
    df = "FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/ ./cmd/...\nCMD [\"/out/server\"]\n"
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /out/server /out/server" in runtime and "/out/cli" not in runtime


def test_go_build_into_a_folder_the_file_made():
    files = {"go.mod": GO_MOD, "cmd/server/main.go": HELLO}
    df = ("FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN mkdir -p bin && go build -o bin ./cmd/server\n"
          "CMD [\"bin/server\"]\n")
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    assert "COPY --from=build /src/bin/server /src/bin/server" in runtime_part(out)


def test_go_build_of_a_pattern_without_an_output_folder_builds_nothing():
    """Still a compile check: the command then names no program this file built."""
    files = {"go.mod": GO_MOD, "cmd/server/main.go": HELLO}
    df = "FROM golang:1.22-alpine\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD [\"./server\"]\n"
    plan, _ = convert(df, files)
    assert not plan.changed and "server" in plan.reason


CARGO = {"Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n', "Cargo.lock": "",
         "src/main.rs": 'fn main() { println!("hi"); }\n'}


def test_a_cache_mount_on_the_target_folder_keeps_its_files_out_of_the_image():
    """`RUN --mount=type=cache,target=/app/target cargo build --release && cp ...`: the target
    folder lives in the cache, so the runtime stage copies only the program the RUN copied out
    (a COPY from the build stage's /app/target would stop the build: the file is not there)."""
    df = ("FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/usr/local/cargo/registry "
          "--mount=type=cache,target=/app/target cargo build --release && cp target/release/app /usr/local/bin/\n"
          "CMD [\"app\"]\n")
    plan, out = convert(df, CARGO)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /usr/local/bin/app /usr/local/bin/app" in runtime
    assert "COPY --from=build /app/target" not in runtime


def test_a_program_left_in_a_cache_mount_is_not_in_the_image():
    df = ("FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=target cargo build --release\n"
          "CMD [\"./target/release/app\"]\n")
    plan, _ = convert(df, CARGO)
    assert not plan.changed and plan.code == "SS014" and "./target/release/app" in plan.reason


def test_sources_bound_from_the_context_are_built():
    """No COPY: `--mount=type=bind,target=.` shows the context in the working folder while the
    RUN builds; go.mod and go.sum bound one by one for the download."""
    df = ("FROM golang:1.22\nWORKDIR /src\nRUN --mount=type=cache,target=/go/pkg/mod/ \\\n"
          "    --mount=type=bind,source=go.sum,target=go.sum \\\n    --mount=type=bind,source=go.mod,target=go.mod \\\n"
          "    go mod download -x\nRUN --mount=type=cache,target=/go/pkg/mod/ \\\n    --mount=type=bind,target=. \\\n"
          "    CGO_ENABLED=0 go build -o /bin/server .\nEXPOSE 8000\nENTRYPOINT [ \"/bin/server\" ]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "go.sum": "", "main.go": HELLO})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /bin/server /bin/server" in runtime and "COPY --from=build /src" not in runtime


def test_rust_build_of_bound_sources_with_the_target_in_a_cache():
    df = ("FROM rust:1.75\nARG APP_NAME=app\nWORKDIR /app\nRUN --mount=type=bind,source=src,target=src \\\n"
          "    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \\\n"
          "    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \\\n    --mount=type=cache,target=/app/target/ \\\n"
          "    cargo build --locked --release && cp ./target/release/$APP_NAME /bin/server\nCMD [\"/bin/server\"]\n")
    plan, out = convert(df, CARGO)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /bin/server /bin/server" in runtime and "COPY --from=build /app" not in runtime


def test_a_requirements_file_bound_for_pip_is_read():
    """The refusal is the right one (nothing to drop), not 'requirements.txt is not in the image'."""
    df = ("FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/pip \\\n"
          "    --mount=type=bind,source=requirements.txt,target=requirements.txt \\\n"
          "    python -m pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n")
    plan, _ = convert(df, {"app.py": "import flask\n", "requirements.txt": "flask\n"})
    assert not plan.changed and plan.code == "SS027", plan.reason


def test_a_cache_mount_target_from_a_variable():
    df = ("FROM golang:1.22\nENV OUT=/opt/build\nWORKDIR /src\nCOPY . .\n"
          "RUN --mount=type=cache,target=${OUT} go build -o /opt/build/server . && cp /opt/build/server /bin/server\n"
          "CMD [\"/bin/server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /bin/server /bin/server" in runtime and "COPY --from=build /opt/build" not in runtime


def test_a_configure_and_build_pair_is_named_as_the_shell_has_it():
    """`mkdir build && cd build && cmake .. && make`: the comment over the program's COPY names
    the two steps joined by a plain && (was the quoted word '&&')."""
    files = {"CMakeLists.txt": "cmake_minimum_required(VERSION 3.10)\nproject(app CXX)\nadd_executable(app main.cpp)\n",
             "main.cpp": "#include <iostream>\nint main() { std::cout << 1; }\n"}
    df = ("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y build-essential cmake && rm -rf /var/lib/apt/lists/*\n"
          "WORKDIR /app\nCOPY . .\nRUN mkdir build && cd build && cmake .. && make\nCMD [\"./build/app\"]\n")
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    assert "# stagesplit: the program (cmake .. && make)\nCOPY --from=build /app/build/app /app/build/app" in runtime_part(out)


def test_a_trust_store_update_after_installing_certificates_is_read():
    """`apk add ca-certificates && update-ca-certificates` in a Go builder: only the packages'
    certificates, which the runtime base has its own of (was 'no rule says what it writes')."""
    df = ("FROM golang:1.22-alpine\nRUN apk add --no-cache git ca-certificates && update-ca-certificates\n"
          "WORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/server /app/server" in runtime_part(out)


def test_a_trust_store_update_that_adds_the_files_own_certificate_is_refused_with_its_reason():
    df = ("FROM golang:1.22\nCOPY corp.crt /usr/local/share/ca-certificates/corp.crt\nRUN update-ca-certificates\n"
          "WORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n")
    plan, _ = convert(df, {"go.mod": GO_MOD, "main.go": HELLO, "corp.crt": "-----BEGIN CERTIFICATE-----\n"})
    assert not plan.changed and plan.code == "SS007"
    assert "/usr/local/share/ca-certificates" in plan.reason and "trust store" in plan.reason


def test_a_download_piped_into_tar_is_read():
    """`wget -qO- URL | tar xz -C DIR`: -q and -O- are one word; wget writes to the pipe."""
    df = ("FROM golang:1.22\nRUN wget -qO- https://example.com/migrate.tar.gz | tar xvz -C /usr/local/bin\n"
          "WORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/server /app/server" in runtime_part(out)


def test_a_download_into_a_file_named_in_a_cluster_of_switches_is_the_files():
    """`curl -fsSLo /usr/local/bin/dumb-init URL`: the file is the download, not the runtime
    base's package (whose dumb-init is /usr/bin/dumb-init): the image runs what this file
    downloaded, which the analysis cannot read (it was converted with `apk add dumb-init`)."""
    df = ("FROM golang:1.22\nRUN curl -fsSLo /usr/local/bin/dumb-init https://example.com/dumb-init_x86_64 "
          "&& chmod +x /usr/local/bin/dumb-init\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\n"
          "ENTRYPOINT [\"/usr/local/bin/dumb-init\", \"--\"]\nCMD [\"./server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert not plan.changed and "/usr/local/bin/dumb-init" in plan.reason, plan.reason
    assert "apk add" not in out


def test_a_download_named_after_its_url_then_unpacked():
    df = ("FROM golang:1.22\nWORKDIR /tmp\nRUN wget https://example.com/dl/tool-1.0.tar.gz && tar -xzf tool-1.0.tar.gz -C /opt "
          "&& rm tool-1.0.tar.gz\nRUN curl -sSLO https://example.com/dl/conf.yaml\nWORKDIR /app\nCOPY . .\n"
          "RUN go build -o server .\nCMD [\"./server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/server /app/server" in runtime_part(out)


def test_tee_writes_its_files():
    df = ("FROM golang:1.22\nRUN echo \"deb http://example.com/debian bookworm main\" | tee /etc/apt/sources.list.d/extra.list "
          "&& apt-get update && apt-get install -y git\nWORKDIR /app\nCOPY . .\nRUN go build -o server . && echo built | tee -a build.log\n"
          "CMD [\"./server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": HELLO})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/build.log /app/build.log" in runtime_part(out)


GO_APP = {"go.mod": GO_MOD, "main.go": HELLO}


def test_an_entry_script_that_drops_to_a_user_with_su_exec_runs_the_command():
    """`exec su-exec app "$@"` with CMD ["./server"]: the program is the command's, the wrapper
    a tool of the runtime base, and the user it switches to comes along with /etc/passwd
    (was refused: 'nothing built: the image runs docker-entrypoint.sh')."""
    df = ("FROM golang:1.22-alpine\nRUN apk add --no-cache su-exec && adduser -D app\nWORKDIR /app\nCOPY . .\n"
          "RUN go build -o server .\nENTRYPOINT [\"./docker-entrypoint.sh\"]\nCMD [\"./server\"]\n")
    script = '#!/bin/sh\nset -e\nchown -R app /app/data 2>/dev/null || true\nexec su-exec app "$@"\n'
    plan, out = convert(df, {**GO_APP, "docker-entrypoint.sh": script})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "RUN apk add --no-cache su-exec" in runtime
    assert "COPY --from=build /etc/passwd /etc/passwd" in runtime
    assert "COPY --from=build /app/server /app/server" in runtime


def test_gosu_to_a_user_the_runtime_base_has():
    df = ("FROM golang:1.22\nRUN apt-get update && apt-get install -y gosu\nWORKDIR /app\nCOPY . .\n"
          "RUN go build -o server .\nENTRYPOINT [\"./entrypoint.sh\"]\nCMD [\"./server\", \"--port\", \"8080\"]\n")
    plan, out = convert(df, {**GO_APP, "entrypoint.sh": '#!/bin/sh\nexec gosu nobody "$@"\n'})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "gosu" in runtime and "COPY --from=build /app/server /app/server" in runtime
    assert "/etc/passwd" not in runtime


def test_a_wait_for_wrapper_in_the_command_shifts_to_the_program():
    """CMD ["./wait-for.sh", "db:5432", "--", "./server"] with `shift 2` then `exec "$@"`."""
    script = ('#!/bin/sh\nhost="$1"\nshift 2\nuntil nc -z "${host%:*}" "${host#*:}"; do\n  sleep 1\ndone\nexec "$@"\n')
    df = ("FROM golang:1.22-alpine\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\n"
          "CMD [\"./wait-for.sh\", \"db:5432\", \"--\", \"./server\"]\n")
    plan, out = convert(df, {**GO_APP, "wait-for.sh": script})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /app/server /app/server" in runtime and "COPY --from=build /app/wait-for.sh /app/wait-for.sh" in runtime


def test_a_static_server_command_nothing_installed_is_named_once():
    files = {"package.json": '{"name":"a","scripts":{"build":"vite build"},"devDependencies":{"vite":"5"}}',
             "package-lock.json": "{}", "index.html": "<html>", "src/main.js": "x\n"}
    df = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"serve\", \"-s\", \"dist\"]\n"
    plan, _ = convert(df, files)
    assert not plan.changed
    assert "runs serve," in plan.reason and "serve serve" not in plan.reason and "npx" not in plan.reason


def test_an_entry_script_that_is_one_case_statement():
    """The whole script is `case "$1" in … esac`: once the case is cut out nothing but the #!
    line is left, which the shell reader took for unparsable shell (SS015)."""
    script = '#!/bin/sh\ncase "$1" in\n  serve) exec ./server ;;\n  *) exec "$@" ;;\nesac\n'
    df = ("FROM golang:1.22-alpine\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\n"
          "ENTRYPOINT [\"./docker-entrypoint.sh\"]\nCMD [\"serve\"]\n")
    plan, out = convert(df, {**GO_APP, "docker-entrypoint.sh": script})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /app/server /app/server" in runtime
    assert "COPY --from=build /app/docker-entrypoint.sh /app/docker-entrypoint.sh" in runtime


def test_filters_write_only_their_redirects():
    """`envsubst < app.tmpl > app.yaml` and `jq … a.json > b.json` in a RUN: what they make is
    the redirect's file (was refused: no rule says what envsubst writes); the runtime stage
    carries it with the program's folder."""
    df = ("FROM golang:1.22-alpine\nRUN apk add --no-cache gettext jq\nWORKDIR /app\nCOPY . .\nENV PORT=8080\n"
          "RUN envsubst < app.tmpl > app.yaml && jq -c '.debug = false' conf.json > conf.min.json\n"
          "RUN go build -o server .\nCMD [\"./server\"]\n")
    plan, out = convert(df, {**GO_APP, "app.tmpl": "port: ${PORT}\n", "conf.json": "{}"})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /app/app.yaml /app/app.yaml" in runtime
    assert "COPY --from=build /app/conf.min.json /app/conf.min.json" in runtime


def test_gawk_in_place_stays_unknown():
    df = ("FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN gawk -i inplace '{print}' conf.txt\n"
          "RUN go build -o server .\nCMD [\"./server\"]\n")
    plan, _ = convert(df, {**GO_APP, "conf.txt": "x\n"})
    assert not plan.changed and "gawk" in plan.reason


def test_go_install_of_a_remote_tool_at_a_version_names_the_tool():
    """`go install github.com/…/cmd/goose@latest` writes $GOPATH/bin/goose (was goose@latest, so
    the command `goose` was looked for on the runtime base: 'no runtime base fits'); its sources
    are not in the context, which is then the reason given."""
    df = ("FROM golang:1.22-alpine\nWORKDIR /app\nCOPY . .\nRUN go install github.com/pressly/goose/v3/cmd/goose@latest\n"
          "RUN go build -o server .\nCMD [\"sh\", \"-c\", \"goose up && ./server\"]\n")
    plan, _ = convert(df, GO_APP)
    assert not plan.changed and plan.code == "SS010" and "/go/bin/goose " in plan.reason, plan.reason
    df = ("FROM golang:1.22-alpine\nWORKDIR /app\nCOPY . .\nRUN go install example.com/tools/migrate/v4@v4.17.0\n"
          "RUN go build -o server .\nCMD [\"sh\", \"-c\", \"migrate up && ./server\"]\n")
    plan, _ = convert(df, GO_APP)
    assert not plan.changed and "/go/bin/migrate " in plan.reason, plan.reason


def test_vite_preview_is_refused_as_a_preview_server_not_a_development_server():
    files = {"package.json": '{"name":"a","scripts":{"build":"vite build","preview":"vite preview"},"devDependencies":{"vite":"5"}}',
             "package-lock.json": "{}", "index.html": "<html>", "src/main.js": "x\n"}
    df = ("FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n"
          "CMD [\"npm\", \"run\", \"preview\", \"--\", \"--host\", \"0.0.0.0\"]\n")
    plan, _ = convert(df, files)
    assert not plan.changed and "vite preview serves the build" in plan.reason
    assert "development server" not in plan.reason
    plan, _ = convert(df.replace('CMD ["npm", "run", "preview", "--", "--host", "0.0.0.0"]', 'CMD ["npx", "vite", "preview"]'), files)
    assert not plan.changed and "vite preview serves the build" in plan.reason


def test_a_loop_over_literal_words_is_read_once_per_word():
    """`for d in server cli; do go build -o /bin/$d ./cmd/$d; done` (was refused: a for loop,
    its variable not followed)."""
    files = {"go.mod": GO_MOD, "cmd/server/main.go": HELLO, "cmd/cli/main.go": HELLO}
    df = ("FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN for d in server cli; do go build -o /bin/$d ./cmd/$d; done\n"
          "CMD [\"/bin/server\"]\n")
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /bin/server /bin/server" in runtime and "/bin/cli" not in runtime
    # A list the shell expands at build time is still not followed.
    plan, _ = convert(df.replace("in server cli", "in $(ls cmd)"), files)
    assert not plan.changed and "for loop" in plan.reason


def test_go_build_parallelism_known_only_at_build_time():
    df = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -p $(nproc) -o /bin/server .\nCMD [\"/bin/server\"]\n"
    plan, out = convert(df, GO_APP)
    assert plan.changed, plan.reason
    assert "COPY --from=build /bin/server /bin/server" in runtime_part(out)


def test_a_download_whose_url_is_known_only_at_build_time_into_a_named_file():
    """`curl -fsSLo /usr/local/bin/kubectl "https://…/$(dpkg --print-architecture)/kubectl"`:
    the file is named, only the URL waits for the build (was refused: a value known only when
    it runs, and dpkg's question was 'no rule says what it writes')."""
    df = ("FROM golang:1.22\nRUN curl -fsSLo /usr/local/bin/kubectl \"https://dl.example.com/v1.30.0/bin/linux/"
          "$(dpkg --print-architecture)/kubectl\" && chmod +x /usr/local/bin/kubectl\n"
          "RUN wget -qO /tmp/tool.tgz \"https://dl.example.com/$(uname -m)/tool.tgz\" && tar -xzf /tmp/tool.tgz -C /opt\n"
          "WORKDIR /app\nCOPY . .\nRUN go build -p \"$(getconf _NPROCESSORS_ONLN)\" -o server .\nCMD [\"./server\"]\n")
    plan, out = convert(df, GO_APP)
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/server /app/server" in runtime_part(out)


def test_a_download_named_after_a_url_known_only_at_build_time_stays_unknown():
    for run in ('curl -fsSLO "https://dl.example.com/$(uname -m)/tool.tgz"',
                'wget "https://dl.example.com/$(uname -m)/tool.tgz"',
                'curl -fsSLo "/usr/local/bin/$(uname -m)" https://dl.example.com/x'):
        df = f"FROM golang:1.22\nWORKDIR /tmp\nRUN {run}\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n"
        plan, _ = convert(df, GO_APP)
        assert not plan.changed and "known only when it runs" in plan.reason, run
