"""ARGs before the first FROM are read as BuildKit reads them: each default a shell word (quotes
removed, the file's escape character applied, the ARGs above it expanded). `ARG PY_VERSION="3.11"`
is an everyday spelling; read with its quotes, the build image was `python:"3.11"` and the file
was refused."""

from __future__ import annotations

from converter.parse import parse

from .conftest import convert, runtime_part

PY = ('ARG PY_VERSION="3.11"\nFROM python:${PY_VERSION}\nWORKDIR /app\nCOPY requirements.txt .\n'
      'RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n')


def test_a_quoted_default_names_the_build_image_without_its_quotes():
    plan, out = convert(PY, {"requirements.txt": "flask\n", "app.py": "print(1)\n"})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM python:3.11-slim")
    assert "/usr/local/lib/python3.11/site-packages" in rt


def test_defaults_are_shell_words_with_the_args_above_expanded():
    df = parse("ARG A='one two'\nARG B=\"${A}-x\"\nARG C=plain\nARG D\nARG E=a\\ b\nFROM alpine:3.20\nRUN true\n")
    assert df.global_arg_defaults() == {"A": "one two", "B": "one two-x", "C": "plain", "D": "", "E": "a b"}


def test_the_escape_directive_applies_to_them():
    df = parse("# escape=`\nARG P=C:\\tools\nARG Q=\"x`\"y\"\nFROM alpine:3.20\nRUN true\n")
    assert df.global_arg_defaults() == {"P": "C:\\tools", "Q": 'x"y'}


def test_a_stage_arg_without_default_takes_the_global_value_as_read():
    df = 'ARG V="1.22"\nFROM golang:${V}-alpine\nARG V\nWORKDIR /src/$V\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n'
    plan, _ = convert(df, {"go.mod": "module m\n\ngo 1.22\n", "main.go": 'package main\n\nfunc main() {}\n'})
    workdirs = [e.before.workdir for e in plan.findings.effects if e.instruction.keyword == "COPY"]
    assert workdirs == ["/src/1.22"], workdirs
