"""`ENV CGO_ENABLED=0` only when no part of the build can need cgo (issue 6): the module's and
vendor/'s sources, go.mod's requirements (heuristics/go_modules), -race/-msan, CGO_ENABLED set."""

from __future__ import annotations

import pytest

from heuristics import go_modules

from .conftest import GO_MOD, HELLO, convert, runtime_part

DEBIAN = 'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\nCMD ["app"]\n'
ALPINE = DEBIAN.replace("golang:1.19", "golang:1.19-alpine")
C_LIB = 'package fast\n\n// int twice(int x) { return 2 * x; }\nimport "C"\n\nfunc Twice(x int) int { return int(C.twice(C.int(x))) }\n'
USES_LIB = 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/fast"\n)\n\nfunc main() { fmt.Println(fast.Twice(21)) }\n'
PURE_LIB = 'package fast\n\nfunc Twice(x int) int { return 2 * x }\n'


def _mod(*reqs: str) -> str:
    body = "".join(f"\t{r} v1.0.0\n" for r in reqs)
    return GO_MOD + (f"\nrequire (\n{body})\n" if reqs else "")


def _vendored(lib_src: str, module: str = "example.com/fast") -> dict[str, str]:
    return {"go.mod": _mod(module), "main.go": USES_LIB.replace("example.com/fast", module),
            "vendor/modules.txt": f"# {module} v1.0.0\n## explicit\n{module}\n",
            f"vendor/{module}/fast.go": lib_src}


def _linkage(plan) -> str:
    return next(d.choice + ": " + d.why for d in plan.decisions if d.topic == "linkage")


def test_stdlib_only_module_still_gets_cgo_disabled():
    plan, out = convert(DEBIAN, {"go.mod": GO_MOD, "main.go": HELLO})
    assert "ENV CGO_ENABLED=0" in out and plan.findings.closure.libc == "static"
    assert "go.mod requires no module" in _linkage(plan)


def test_import_c_in_vendor_keeps_cgo_and_glibc():
    plan, out = convert(DEBIAN, _vendored(C_LIB))
    assert plan.changed, plan.reason
    assert "CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"
    assert "vendor/example.com/fast/fast.go" in _linkage(plan)
    assert "distroless/base" in runtime_part(out).splitlines()[0] or "debian" in runtime_part(out).splitlines()[0]


def test_import_c_anywhere_in_the_module_keeps_cgo():
    files = {"go.mod": GO_MOD, "main.go": HELLO, "tools/probe/probe.go": C_LIB.replace("package fast", "package main")}
    plan, out = convert(DEBIAN, files)
    assert "CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"


def test_vendored_pure_module_of_unknown_name_is_proven_pure():
    plan, out = convert(DEBIAN, _vendored(PURE_LIB))
    assert "ENV CGO_ENABLED=0" in out and plan.findings.closure.libc == "static"


def test_go_sqlite3_in_go_mod_keeps_cgo():
    plan, out = convert(DEBIAN, _vendored(C_LIB.replace("package fast", "package sqlite3"), "github.com/mattn/go-sqlite3"))
    assert "CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"
    assert "github.com/mattn/go-sqlite3" in _linkage(plan)
    # named in go.mod alone (sources in the module cache, not in the context): cgo too
    files = {"go.mod": _mod("github.com/mattn/go-sqlite3"), "main.go": HELLO}
    plan, out = convert(DEBIAN, files)
    assert "CGO_ENABLED=0" not in out and "needs cgo" in _linkage(plan)


def test_gorm_sqlite_driver_keeps_cgo():
    plan, out = convert(DEBIAN, {"go.mod": _mod("gorm.io/gorm", "gorm.io/driver/sqlite"), "main.go": HELLO})
    assert "CGO_ENABLED=0" not in out and "gorm.io/driver/sqlite" in _linkage(plan)


def test_unknown_module_is_not_provably_pure():
    plan, out = convert(DEBIAN, {"go.mod": _mod("github.com/someone/obscure"), "main.go": HELLO})
    assert plan.changed, plan.reason
    assert "CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"
    assert "github.com/someone/obscure" in _linkage(plan) and "not known to be pure Go" in _linkage(plan)


def test_unknown_module_on_alpine_build_keeps_musl():
    plan, out = convert(ALPINE, {"go.mod": _mod("github.com/someone/obscure"), "main.go": HELLO})
    assert "CGO_ENABLED=0" not in out and plan.findings.closure.libc == "musl"
    assert runtime_part(out).startswith("FROM alpine:")


def test_known_pure_modules_allow_cgo_disabled():
    reqs = ("github.com/gin-gonic/gin", "github.com/spf13/viper", "golang.org/x/sys", "github.com/redis/go-redis/v9",
            "gopkg.in/yaml.v3", "google.golang.org/grpc", "modernc.org/sqlite", "github.com/jackc/pgx/v5")
    plan, out = convert(DEBIAN, {"go.mod": _mod(*reqs), "main.go": HELLO})
    assert "ENV CGO_ENABLED=0" in out and plan.findings.closure.libc == "static"


def test_race_false_is_not_race():
    plan, out = convert(DEBIAN.replace("go build", "go build -race=false"), {"go.mod": GO_MOD, "main.go": HELLO})
    assert "ENV CGO_ENABLED=0" in out


@pytest.mark.parametrize("flag", ["-race", "-msan"])
def test_race_and_msan_keep_cgo(flag):
    plan, out = convert(DEBIAN.replace("go build", f"go build {flag}"), {"go.mod": GO_MOD, "main.go": HELLO})
    assert "CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"
    assert f"{flag} needs cgo" in _linkage(plan)


def test_race_in_goflags_keeps_cgo():
    plan, out = convert(DEBIAN.replace("WORKDIR", "ENV GOFLAGS=-race\nWORKDIR"), {"go.mod": GO_MOD, "main.go": HELLO})
    assert "CGO_ENABLED=0" not in out


@pytest.mark.parametrize("how", ["ENV CGO_ENABLED=1\n", "ARG CGO_ENABLED=1\n", "ARG CGO_ENABLED\n"])
def test_cgo_enabled_set_in_the_file_is_left_alone(how):
    plan, out = convert(DEBIAN.replace("WORKDIR", how + "WORKDIR"), {"go.mod": GO_MOD, "main.go": HELLO})
    assert "ENV CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"
    assert "CGO_ENABLED=0 not added: the Dockerfile" in _linkage(plan)


def test_cgo_enabled_on_the_command_is_left_alone():
    plan, out = convert(DEBIAN.replace("RUN go build", "RUN CGO_ENABLED=1 go build"), {"go.mod": GO_MOD, "main.go": HELLO})
    assert "ENV CGO_ENABLED=0" not in out and plan.findings.closure.libc == "glibc"


def test_local_replace_is_scanned():
    mod = _mod("example.com/fast") + "\nreplace example.com/fast => ./third_party/fast\n"
    files = {"go.mod": mod, "main.go": USES_LIB, "third_party/fast/go.mod": "module example.com/fast\n",
             "third_party/fast/fast.go": PURE_LIB}
    _, out = convert(DEBIAN, files)
    assert "ENV CGO_ENABLED=0" in out
    files["third_party/fast/fast.go"] = C_LIB
    _, out = convert(DEBIAN, files)
    assert "CGO_ENABLED=0" not in out


def test_module_list_verdicts_and_go_mod_reading():
    assert go_modules.verdict("github.com/mattn/go-sqlite3") == "cgo"
    assert go_modules.verdict("github.com/labstack/echo/v4") == "pure"
    assert go_modules.verdict("github.com/go-chi/chi/v5") == "pure"
    assert go_modules.verdict("golang.org/x/crypto") == "pure"
    assert go_modules.verdict("golang.org/x/mobile") == "cgo"
    assert go_modules.verdict("example.com/unknown") == "unknown"
    text = ("module m\n\nrequire github.com/a/b v1.0.0 // indirect\nrequire (\n\tgithub.com/c/d v1.2.0\n"
            "\t// comment\n\tgithub.com/e/f v0.1.0 // indirect\n)\nreplace github.com/c/d => ../d\n")
    assert go_modules.requirements(text) == ("github.com/a/b", "github.com/c/d", "github.com/e/f")
    assert go_modules.local_replacements(text) == {"github.com/c/d": "../d"}
