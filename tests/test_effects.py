"""Per-instruction effects: what RUN/COPY/WORKDIR read and write, read from real shell parses."""

from __future__ import annotations

import pytest

from converter.context import in_memory
from converter.effects import analyse_stage
from converter.parse import parse
from heuristics.base_images import describe_build_image


def effects_of(dockerfile: str, files: dict[str, str] | None = None):
    df = parse(dockerfile)
    stage = df.stages[0]
    gargs = df.global_arg_defaults()
    effects, image, final = analyse_stage(stage, in_memory(files or {}), gargs, describe_build_image(stage.base).env)
    return effects, image, final


def written(effect) -> list[str]:
    return [p for p, _ in effect.writes]


GO = {"go.mod": "module example.com/shop\n\ngo 1.19\n", "main.go": "package main\nfunc main(){}\n",
      "cmd/api/main.go": "package main\nfunc main(){}\n"}


def test_copy_dir_contents_land_in_workdir():
    effs, image, _ = effects_of("FROM golang:1.19\nWORKDIR /home\nCOPY ./pkg .\n", {"pkg/a.go": "", "pkg/t/x.html": ""})
    assert written(effs[1]) == ["/home/a.go", "/home/t/x.html"]
    assert image.origins["/home/t/x.html"].context == "pkg/t/x.html"


def test_copy_file_to_dir_and_glob():
    effs, _, _ = effects_of("FROM golang:1.19\nCOPY go.mod *.go /src/\n", GO)
    assert written(effs[0]) == ["/src/go.mod", "/src/main.go"]


def test_copy_missing_source_is_unknown():
    effs, _, _ = effects_of("FROM golang:1.19\nCOPY nothere /x\n", GO)
    assert effs[0].unknown and "nothere" in effs[0].unknown[0]


def test_cd_chain_sets_build_dir_and_output():
    effs, _, _ = effects_of("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN cd cmd/api && go build -o /out/api . && cd /\n", GO)
    run = effs[-1]
    assert [a.path for a in run.artifacts] == ["/out/api"]
    assert run.artifacts[0].source_dir == "/src/cmd/api"


def test_go_build_without_o_uses_module_name():
    effs, _, _ = effects_of("FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build\n", GO)
    assert [a.path for a in effs[-1].artifacts] == ["/app/shop"]


def test_go_build_package_without_o_uses_dir_name():
    effs, _, _ = effects_of("FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build ./cmd/api\n", GO)
    assert [a.path for a in effs[-1].artifacts] == ["/app/api"]


def test_go_build_output_dir_with_slash():
    effs, _, _ = effects_of("FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/ ./cmd/api\n", GO)
    assert [a.path for a in effs[-1].artifacts] == ["/bin/api"]


def test_go_install_uses_gobin_then_gopath():
    effs, _, _ = effects_of("FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go install ./cmd/api\n", GO)
    assert [a.path for a in effs[-1].artifacts] == ["/go/bin/api"]
    effs, _, _ = effects_of("FROM golang:1.19\nENV GOBIN=/usr/local/bin\nWORKDIR /app\nCOPY . .\nRUN go install ./cmd/api\n", GO)
    assert [a.path for a in effs[-1].artifacts] == ["/usr/local/bin/api"]


def test_output_from_variable():
    effs, _, _ = effects_of("FROM golang:1.19\nARG OUT=/opt/bin\nENV BIN=${OUT}/svc\nWORKDIR /app\nCOPY . .\n"
                            "RUN go build -o \"${BIN}\" ./cmd/api\n", GO)
    assert [a.path for a in effs[-1].artifacts] == ["/opt/bin/svc"]


def test_prefix_assignment_reaches_the_build_env():
    effs, _, _ = effects_of("FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=linux go build -o app .\n", GO)
    assert dict(effs[-1].artifacts[0].build_env)["CGO_ENABLED"] == "0"


@pytest.mark.parametrize("run, path", [
    ("mkdir -p /data/a /data/b", "/data/b"),
    ("cp config.json /etc/app.json", "/etc/app.json"),
    ("mv config.json /etc/app.json", "/etc/app.json"),
    ("curl -fsSL -o /tmp/x.tgz https://example.com/x.tgz", "/tmp/x.tgz"),
    ("wget -O /tmp/y.zip https://example.com/y.zip", "/tmp/y.zip"),
    ("tar -xzf x.tgz -C /opt/tool", "/opt/tool"),
    ("echo hello > /etc/motd", "/etc/motd"),
])
def test_core_commands_write(run, path):
    effs, _, _ = effects_of(f"FROM golang:1.19\nWORKDIR /w\nRUN {run}\n")
    assert path in written(effs[-1])
    assert not effs[-1].unknown


def test_mv_removes_the_source():
    _, image, _ = effects_of("FROM golang:1.19\nWORKDIR /w\nCOPY go.mod .\nRUN mv go.mod /x/go.mod\n", GO)
    assert "/w/go.mod" not in image.origins and "/x/go.mod" in image.origins


def test_package_installs_are_recorded():
    effs, _, _ = effects_of("FROM golang:1.19-alpine\nRUN apk add --no-cache git ca-certificates tzdata\n")
    assert effs[0].packages == ("apk:git", "apk:ca-certificates", "apk:tzdata")
    effs, _, _ = effects_of("FROM golang:1.19\nRUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev\n")
    assert effs[0].packages == ("apt:libsqlite3-dev",)


def test_make_and_make_install_write_trees():
    effs, _, _ = effects_of("FROM gcc:12\nWORKDIR /src\nRUN make && make install PREFIX=/opt/tool\n")
    trees = [p for p, o in effs[-1].writes if o.tree]
    assert trees == ["/src", "/src", "/opt/tool"] and not effs[-1].unknown
    effs, _, _ = effects_of("FROM gcc:12\nRUN make -C /build install DESTDIR=/stage\n")
    assert [p for p, _ in effs[-1].writes] == ["/build", "/stage/usr/local"]


def test_program_inside_a_make_tree_is_not_an_artifact():
    df = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN make build\nCMD [\"/src/bin/app\"]\n"
    from .conftest import convert
    plan, out = convert(df, GO)
    assert not plan.changed and "neither a program built here" in plan.reason


@pytest.mark.parametrize("run", ["./configure", "go generate ./...", "go run ./tools/gen", "myscript.sh",
                                 "cp $(cat list) /x"])
def test_unreadable_commands_are_unknown(run):
    effs, _, _ = effects_of(f"FROM golang:1.19\nRUN {run}\n")
    assert effs[-1].unknown


def test_chmod_keeps_the_file_readable_from_context():
    _, image, _ = effects_of("FROM golang:1.19\nWORKDIR /w\nCOPY go.mod .\nRUN chmod +x go.mod\n", GO)
    assert image.read("/w/go.mod") == GO["go.mod"]


def test_exec_form_run_is_not_shell_parsed():
    effs, _, _ = effects_of('FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN ["go", "build", "-o", "/bin/app", "."]\n', GO)
    assert [a.path for a in effs[-1].artifacts] == ["/bin/app"]
