"""`go install ./...` (and -v, and after `go get -d ./...`): every main package lands in
$GOBIN or $GOPATH/bin, named after its folder (issue 6)."""

from __future__ import annotations

import pytest

from converter.context import in_memory
from converter.effects import analyse_stage
from converter.parse import parse
from heuristics.base_images import describe_build_image

from .conftest import GO_MOD, HELLO, convert, runtime_part

MAIN = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("NAME") }\n'
FILES = {"go.mod": GO_MOD, "cmd/a/main.go": MAIN.replace("NAME", "a"), "cmd/b/main.go": MAIN.replace("NAME", "b"),
         "internal/lib/lib.go": "package lib\n", "tools/gen.go": "//go:build ignore\n\npackage main\n\nfunc main() {}\n",
         "testdata/x/main.go": MAIN, "vendor/example.org/v/main.go": MAIN}
DF = 'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN {run}\nCMD ["b"]\n'


def installed(dockerfile: str, files: dict[str, str]) -> list[str]:
    """The programs the file's RUN lines build, as the analysis reads them."""
    df = parse(dockerfile)
    stage = df.stages[0]
    effects, _, _ = analyse_stage(stage, in_memory(files), df.global_arg_defaults(), describe_build_image(stage.base).env)
    return sorted(a.path for e in effects for a in e.artifacts)


@pytest.mark.parametrize("run", ["go install ./...", "go install -v ./...", "go get -d ./... && go install ./...",
                                 "go install ./cmd/..."])
def test_install_all_builds_every_main_package(run):
    plan, out = convert(DF.format(run=run), FILES)
    assert plan.changed, plan.reason
    assert installed(DF.format(run=run), FILES) == ["/go/bin/a", "/go/bin/b"]
    assert [a.path for a in plan.findings.artifacts] == ["/go/bin/b"]
    assert "COPY --from=build /go/bin/b /go/bin/b" in runtime_part(out)
    assert "/go/bin/a" not in runtime_part(out)


def test_root_main_package_is_named_after_the_module():
    files = dict(FILES, **{"main.go": HELLO})
    assert installed(DF.format(run="go install ./..."), files) == ["/go/bin/a", "/go/bin/app", "/go/bin/b"]
    files["go.mod"] = "module example.com/tool/v2\n\ngo 1.19\n"
    assert "/go/bin/tool" in installed(DF.format(run="go install ./..."), files)


def test_gobin_and_gopath_from_the_environment():
    df = DF.format(run="go install ./...").replace("WORKDIR", "ENV GOBIN=/opt/bin\nWORKDIR")
    assert installed(df, FILES) == ["/opt/bin/a", "/opt/bin/b"]
    assert installed(DF.format(run="GOPATH=/work go install ./..."), FILES) == ["/work/bin/a", "/work/bin/b"]


def test_nested_module_is_not_part_of_the_pattern():
    files = dict(FILES, **{"plugins/go.mod": "module example.com/plugins\n", "plugins/p/main.go": MAIN})
    assert installed(DF.format(run="go install ./..."), files) == ["/go/bin/a", "/go/bin/b"]


def test_install_all_without_sources_stays_unknown():
    plan, out = convert(DF.format(run="go install ./...").replace("COPY . .", "COPY go.mod ."), FILES)
    assert not plan.changed


def test_two_main_packages_of_one_name_stay_unknown():
    files = dict(FILES, **{"x/a/main.go": MAIN})
    plan, _ = convert(DF.format(run="go install ./..."), files)
    assert not plan.changed
