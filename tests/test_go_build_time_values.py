"""Values known only at build time (issue 6): `-ldflags "-X main.version=$(git describe)"`, an
undeclared `${VERSION}`, `echo $X` convert as long as what the command writes is known."""

from __future__ import annotations

import pytest

from converter.context import in_memory
from converter.effects import analyse_stage
from converter.parse import parse
from heuristics.base_images import describe_build_image

from .conftest import GO_MOD, HELLO, convert, runtime_part

FILES = {"go.mod": GO_MOD, "main.go": HELLO}
DF = 'FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN {run}\nCMD ["/out/app"]\n'


def _unknown(run: str) -> tuple[str, ...]:
    df = parse(DF.format(run=run))
    stage = df.stages[0]
    effects, _, _ = analyse_stage(stage, in_memory(FILES), df.global_arg_defaults(), describe_build_image(stage.base).env)
    return effects[-2].unknown


@pytest.mark.parametrize("run", [
    'go build -ldflags "-X main.version=$(git describe --tags)" -o /out/app .',
    'go build -ldflags="-s -w -X main.version=${VERSION}" -o /out/app .',
    "go build -tags $TAGS -o /out/app .",
    'go build -gcflags "all=$GCFLAGS" -o /out/app',
    'echo "building $(date)" && go build -ldflags "-X main.commit=`git rev-parse HEAD`" -o /out/app .',
    "printf '%s\\n' $X && go build -o /out/app .",
])
def test_build_time_values_convert(run):
    assert _unknown(run) == ()
    plan, out = convert(DF.format(run=run), FILES)
    assert plan.changed, plan.reason
    assert "COPY --from=build /out/app /out/app" in runtime_part(out)


@pytest.mark.parametrize("run", [
    "go build -o /out/$NAME .",
    "go build -o=$OUT .",
    'go build -ldflags "-s" -o /out/app $PKG',
    "go build -mod=$MOD -o /out/app .",
    "go build $GOFLAGS -o /out/app .",
    "go install $(go list ./cmd/...)",
    "echo $X > /out/$Y",
    "echo hi > $TARGET",
    "cp $(cat list) /out/app",
    "mkdir -p /out/$DIR",
    "env $X go build -o /out/app .",
])
def test_unknown_output_package_or_other_commands_stay_unknown(run):
    assert _unknown(run), run
