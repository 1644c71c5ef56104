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
