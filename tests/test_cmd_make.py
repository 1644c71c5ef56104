"""`make` with a Makefile in the image: its recipes are read like RUN lines (issue 6)."""

from __future__ import annotations

import pytest

from .conftest import GO_MOD, HELLO, convert, runtime_part
from .test_effects import effects_of

MAKEFILE = """\
# the service
BIN ?= bin/app
GOFLAGS := -trimpath
VERSION := $(shell git describe --tags 2>/dev/null || echo dev)
LDFLAGS = -s -w
.PHONY: all build clean test

all: build

build: $(BIN)

$(BIN): main.go
\t@echo building $@
\t@mkdir -p $(@D)
\tgo build $(GOFLAGS) -ldflags "$(LDFLAGS)" -o $@ .

test:
\tgo test ./...

clean:
\t-rm -rf bin
"""
APP = {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": MAKEFILE}


def run_effect(run: str, files=None, pre: str = "FROM golang:1.19\nWORKDIR /app\nCOPY . .\n"):
    effs, image, _ = effects_of(pre + f"RUN {run}\n", APP if files is None else files)
    return effs[-1], image


@pytest.mark.parametrize("run, out", [
    ("make build", "/app/bin/app"),
    ("make", "/app/bin/app"),
    ("make all", "/app/bin/app"),
    ("make -j4 build", "/app/bin/app"),
    ("make BIN=out/svc build", "/app/out/svc"),
    ("BIN=/usr/local/bin/svc make", "/usr/local/bin/svc"),
    ("cd / && make -C /app build", "/app/bin/app"),
    ("sh -c 'make build'", "/app/bin/app"),
])
def test_recipe_builds_the_artifact(run, out):
    eff, _ = run_effect(run)
    assert [a.path for a in eff.artifacts] == [out], eff.unknown
    assert not eff.unknown
    assert "/app/bin" in [p for p, _ in eff.writes] or out != "/app/bin/app"


def test_recipe_env_is_makes_env():
    mk = "export CGO_ENABLED = 0\nOUT = app\nbuild:\n\tGOOS=linux go build -o $(OUT) .\n"
    eff, _ = run_effect("make", {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk})
    (art,) = eff.artifacts
    assert art.path == "/app/app" and dict(art.build_env)["CGO_ENABLED"] == "0"
    assert dict(art.build_env)["GOOS"] == "linux" and "OUT" not in dict(art.build_env)


def test_conditionals_and_append():
    mk = ("ifeq ($(GOOS),windows)\nEXT = .exe\nelse\nEXT =\nendif\nFLAGS = -v\nFLAGS += -trimpath\n"
          "ifdef NOPE\nBAD = 1\nendif\nbuild:\n\tgo build $(FLAGS) -o bin/app$(EXT)$(BAD) .\n")
    eff, _ = run_effect("make", {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk})
    assert [a.path for a in eff.artifacts] == ["/app/bin/app"]
    assert eff.artifacts[0].argv[:4] == ("go", "build", "-v", "-trimpath")


def test_other_targets_do_not_run():
    eff, _ = run_effect("make clean")
    assert eff.deletes == ("/app/bin",) and not eff.artifacts
    eff, _ = run_effect("make test")
    assert not eff.artifacts and not eff.unknown


def test_dry_run_runs_nothing():
    eff, _ = run_effect("make -n build")
    assert not eff.artifacts and not eff.writes and not eff.unknown


def test_value_from_shell_function_is_a_value_known_only_when_it_runs():
    mk = "OUT := $(shell cat name.txt)\nbuild:\n\tgo build -o $(OUT) .\n"
    eff, _ = run_effect("make", {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk})
    assert eff.unknown and not eff.artifacts


@pytest.mark.parametrize("mk", [
    "include common.mk\nbuild:\n\tgo build -o app .\n",
    "%.o: %.c\n\tcc -c $<\napp: main.o\n",
    "define X\nfoo\nendef\nbuild:\n\tgo build -o app .\n",
    "build: OUT = x\nbuild:\n\tgo build -o $(OUT) .\n",
    "app: main.go\n\tgo build -o app .\n",      # app exists in the context: up to date or not by file times
])
def test_makefiles_not_read_keep_the_old_model(mk):
    files = {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk, "app": "old binary"}
    eff, _ = run_effect("make", files)
    assert not eff.artifacts
    assert [p for p, o in eff.writes if o.tree] == ["/app"]      # make's tree, as before


def test_no_makefile_keeps_the_old_model():
    eff, _ = run_effect("make build", {"go.mod": GO_MOD, "main.go": HELLO})
    assert [p for p, o in eff.writes if o.tree] == ["/app"] and not eff.artifacts


def test_a_phony_goal_named_like_a_folder_still_runs_and_a_file_goal_is_up_to_date():
    mk = ".PHONY: build\nbuild:\n\tgo build -o bin/app .\n"
    eff, _ = run_effect("make build", {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk, "build/x": ""})
    assert [a.path for a in eff.artifacts] == ["/app/bin/app"]
    mk = "build:\n\tgo build -o bin/app .\n"
    eff, _ = run_effect("make build", {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk, "build/x": ""})
    assert not eff.artifacts and not eff.writes     # "make: 'build' is up to date."


def test_recursive_make_is_followed_and_bounded():
    mk = "all:\n\t$(MAKE) -C . build\nbuild:\n\tgo build -o bin/app .\n"
    eff, _ = run_effect("make", {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk})
    assert [a.path for a in eff.artifacts] == ["/app/bin/app"]
    mk = "all:\n\t$(MAKE) all\n"
    eff, _ = run_effect("make", {"go.mod": GO_MOD, "main.go": HELLO, "Makefile": mk})
    assert eff.unknown


def test_make_build_converts_like_a_go_build_in_run():
    df = "FROM golang:1.19-alpine\nWORKDIR /app\nCOPY . .\nRUN make build\nCMD [\"./bin/app\"]\n"
    plan, out = convert(df, APP)
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/bin/app /app/bin/app" in runtime_part(out)
