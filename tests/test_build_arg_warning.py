"""A build image named through an ARG is analysed for the ARG's default: the conversion says so,
in the file and on stderr, because a --build-arg that changes the image leaves the runtime stage behind."""

from __future__ import annotations

from .conftest import convert, runtime_part

APP = {"requirements.txt": "flask\n", "app.py": "print('hi')\n"}


def test_an_arg_in_the_build_image_is_named_with_its_default():
    plan, out = convert("ARG PYTHON_VERSION=3.11\nFROM python:${PYTHON_VERSION}\nWORKDIR /app\nCOPY . .\n"
                        "RUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n", APP)
    assert plan.changed, plan.reason
    [warning] = [w for w in plan.warnings if "ARG PYTHON_VERSION" in w]
    assert "PYTHON_VERSION=3.11" in warning and "python:3.11-slim" in warning
    assert "# stagesplit: warning: the build image python:${PYTHON_VERSION} depends on ARG PYTHON_VERSION" in runtime_part(out)


def test_a_literal_build_image_gets_no_such_warning():
    plan, _ = convert("FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
                      "CMD [\"python\", \"app.py\"]\n", APP)
    assert plan.changed, plan.reason
    assert not [w for w in plan.warnings if "depends on ARG" in w]


def test_a_static_go_binary_does_not_depend_on_the_go_version():
    go = {"go.mod": "module x\n\ngo 1.19\n", "main.go": "package main\n\nfunc main() {}\n"}
    plan, _ = convert("ARG GO_VERSION=1.19\nFROM golang:${GO_VERSION}-alpine\nWORKDIR /src\nCOPY . .\n"
                      "RUN go build -o /app .\nENTRYPOINT [\"/app\"]\n", go)
    assert plan.changed, plan.reason
    assert not [w for w in plan.warnings if "depends on ARG" in w]
