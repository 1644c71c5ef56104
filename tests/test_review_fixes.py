"""Review 9's findings, as a user meets them: a split that drops nothing is left alone (SS027);
refusals of plain nginx images and of an ARG without a default say what the tool saw and what
to do; JSON-form COPY paths are read and written as BuildKit reads them."""

from __future__ import annotations

import dockerfile as buildkit
import pytest

from converter.errors import InputError
from converter.parse import parse
from converter.variables import process_word

from .conftest import PEER, convert, peer_dir, runtime_part

APP = {"requirements.txt": "flask\n", "app.py": "import flask\nprint(flask.__name__)\n"}


# R2: the runtime stage would be the build image, carrying everything the build wrote

def test_a_split_onto_the_same_image_that_drops_nothing_is_left_unchanged():
    df = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
          "CMD [\"python\", \"app.py\"]\n")
    plan, out = convert(df, APP)
    assert (plan.changed, plan.code, out) == (False, "SS027", df)
    assert "python:3.12-slim, the build image itself" in plan.reason
    # what is left out is named with the one-stage way to drop it
    assert "the download cache /root/.cache/pip" in plan.reason and "pip install --no-cache-dir" in plan.reason


def test_without_the_cache_the_reason_names_no_flag():
    df = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
          "CMD [\"python\", \"app.py\"]\n")
    plan, _ = convert(df, APP)
    assert plan.code == "SS027" and "cache" not in plan.reason


def test_a_node_app_on_its_own_image_is_left_unchanged_with_npms_cache_named():
    pkg = '{"name": "a", "dependencies": {"express": "4.18.2"}}'
    lock = '{"lockfileVersion": 3, "packages": {"": {}, "node_modules/express": {"version": "4.18.2"}}}'
    df = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD [\"node\", \"index.js\"]\n"
    plan, out = convert(df, {"package.json": pkg, "package-lock.json": lock, "index.js": "require('express')\n"})
    assert (plan.changed, plan.code, out) == (False, "SS027", df), plan.reason
    assert "/root/.npm" in plan.reason and "npm cache clean --force" in plan.reason


def test_dropping_an_os_package_is_a_gain():
    # build-essential stays in the build stage: the same base is worth a second stage
    df = ("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /app\n"
          "COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"python\", \"app.py\"]\n")
    plan, out = convert(df, APP)
    assert plan.changed, plan.reason
    assert "FROM python:3.12-slim\n" in runtime_part(out) and "build-essential" not in runtime_part(out)


def test_dropping_a_file_the_build_wrote_is_a_gain():
    # --closure precise carries only what the program names: the docs stay behind, a gain
    files = {**APP, "docs/guide.md": "# guide\n"}
    df = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
          "CMD [\"python\", \"app.py\"]\n")
    assert convert(df, files)[0].code == "SS027"      # the default closure carries the app's folder whole
    plan, out = convert(df, files, closure="precise")
    assert plan.changed, plan.reason
    assert "/app/docs" not in runtime_part(out) and "COPY --from=build /app/app.py /app/app.py" in out


def test_a_smaller_base_is_still_converted():
    df = ("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
          "CMD [\"python\", \"app.py\"]\n")
    plan, out = convert(df, APP)
    assert plan.changed and "FROM python:3.12-slim" in runtime_part(out), plan.reason


# M2 / M4: the nginx image serving what the file copies in

def test_a_static_nginx_image_says_it_is_already_a_runtime_image():
    df = "FROM nginx:alpine\nCOPY . /usr/share/nginx/html\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n"
    plan, out = convert(df, {"index.html": "<p>hi</p>"})
    assert (plan.changed, plan.code, out) == (False, "SS009", df)
    assert "nginx:alpine is already a runtime image" in plan.reason
    assert "line 2 copies in (/usr/share/nginx/html)" in plan.reason and "no command in this file builds" in plan.reason
    assert "the image runs /usr/share/nginx/html" not in plan.reason


def test_an_nginx_file_that_removes_the_default_config_is_already_a_runtime_image():
    # review 9's found__nginx-conf: was SS023 "cannot repeat" the removed default.conf
    df = ("FROM nginx:alpine\nRUN rm /etc/nginx/conf.d/default.conf\nCOPY nginx.conf /etc/nginx/conf.d/\n"
          "COPY . /usr/share/nginx/html\nEXPOSE 8080\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n")
    plan, _ = convert(df, {"nginx.conf": "server { listen 8080; root /usr/share/nginx/html; }\n", "index.html": "x"})
    assert (plan.changed, plan.code) == (False, "SS009"), plan.reason
    assert "already a runtime image" in plan.reason and "line 4 copies in" in plan.reason


def test_the_nginx_images_own_command_counts_as_nginx():
    plan, _ = convert("FROM nginx\nCOPY site /usr/share/nginx/html\n", {"site/index.html": "x"})
    assert plan.code == "SS009" and "nginx is already a runtime image" in plan.reason


# M3: ARG without a default in FROM

def test_an_arg_without_default_in_from_names_the_arg_and_the_fix():
    df = ("ARG PY\nFROM python:${PY}\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
          "CMD [\"python\", \"app.py\"]\n")
    plan, out = convert(df, APP)
    assert (plan.changed, plan.code, out) == (False, "SS004", df)
    assert "line 2: the build image python:${PY} depends on ARG PY (line 1), which has no default" in plan.reason
    assert "give it a default (ARG PY=...)" in plan.reason
    assert "pip install" not in plan.reason


@pytest.mark.parametrize("base", ["python:$PY", "python:${PY}-slim", "python:3.12${PY:+-$PY}"])
def test_every_use_of_the_arg_counts(base):
    plan, _ = convert(f"ARG PY\nFROM {base}\nCMD [\"python\"]\n")
    assert plan.code == "SS004" and "ARG PY (line 1)" in plan.reason, base


def test_an_inline_default_is_a_default():
    plan, _ = convert("ARG PY\nFROM python:${PY:-3.12}\nCMD [\"python\"]\n")
    assert plan.code != "SS004", plan.reason


# JSON-form COPY/ADD: BuildKit parses the JSON, then reads each element as a shell word

def test_a_json_string_with_a_bare_quote_is_the_error_buildkit_gives():
    text = 'FROM golang:1.22\nCOPY ["we\\"ird.txt", "/app/"]\nCMD ["/app"]\n'
    assert buildkit.parse_string(text)[1].value == ('we"ird.txt', "/app/")   # the JSON layer
    with pytest.raises(InputError, match=r"line 2: COPY path 'we\"ird.txt': .*matching double-quote"):
        parse(text)
    with pytest.raises(InputError, match="single-quote"):
        parse("FROM alpine\nADD [\"it's\", \"/x/\"]\n")


GO = {"go.mod": "module example.com/app\n\ngo 1.19\n",
      "main.go": 'package main\n\nimport "os"\n\nfunc main() { os.ReadFile("/data/we\\"ird $x.txt") }\n',
      'we"ird $x.txt': "data\n"}


def test_an_escaped_quote_is_read_and_written_back_as_buildkit_reads_it():
    df = ('FROM golang:1.22\nWORKDIR /src\nCOPY go.mod main.go ./\nCOPY ["we\\\\\\"ird \\\\$x.txt", "/data/"]\n'
          "RUN go build -o /app/server .\nCMD [\"/app/server\"]\n")
    plan, out = convert(df, GO)
    assert plan.changed, plan.reason
    line = next(ln for ln in runtime_part(out).splitlines() if "/data/" in ln and ln.startswith("COPY"))
    # BuildKit's JSON layer, then its shell-word reading (converter/variables.py restates it)
    words = buildkit.parse_string(f"FROM x\n{line}\n")[1].value
    assert [process_word(w, {}) for w in words] == ['/data/we"ird $x.txt'] * 2
    parse(out)    # the whole output is one the engine accepts


def test_a_backtick_escape_file_is_written_with_its_own_escape():
    # the file reaches /data whole (`COPY . /data/`), so its name needs no escape in the input
    df = ("# escape=`\nFROM golang:1.22\nWORKDIR /src\nCOPY go.mod main.go ./\nCOPY . /data/\n"
          "RUN go build -o /app/server .\nCMD [\"/app/server\"]\n")
    plan, out = convert(df, GO)
    assert plan.changed, plan.reason
    assert 'COPY --from=build ["/data/we`\\"ird `$x.txt", "/data/we`\\"ird `$x.txt"]' in out


def test_the_peer_json_form_copies_with_spaces_keep_their_values():
    case = peer_dir() / "buildkit-parser-testfiles" / "testfiles" / "ADD-COPY-with-JSON"
    if not case.exists():
        pytest.fail(f"the peer test data is missing: {PEER}")
    df = parse(case.joinpath("Dockerfile").read_text())
    expected = [ln for ln in case.joinpath("result").read_text().splitlines() if ln.startswith(("(copy", "(add"))]
    got = [f"({i.keyword.lower()} " + " ".join(f'"{a}"' for a in i.args) + ")" for i in df.instructions if i.keyword in ("COPY", "ADD")]
    assert got == expected
