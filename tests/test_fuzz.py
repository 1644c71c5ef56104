"""10,000 generated Dockerfiles, valid, near-valid and garbage (hypothesis).

For each one: no exception but a one-line `InputError` escapes the pipeline; every output
parses with BuildKit's parser and holds no instruction the engine rejects; every RUN, COPY and
ADD of the input is still there, in order, byte for byte; converting the output again
changes nothing. The three strategies together draw 10,000 examples (4,000 + 4,000 + 2,000).
"""

from __future__ import annotations

import dockerfile as buildkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.context import in_memory
from converter.errors import InputError
from converter.parse import parse
from converter.plan import make_plan
from converter.render import render
from converter.validate import instruction_problem

from .conftest import CORPUS, GO_MOD, HELLO

SERVER = 'package main\n\nimport (\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\tos.ReadFile("conf/app.yaml")\n' \
         '\thttp.ListenAndServe(":8080", http.FileServer(http.Dir("static")))\n}\n'
FILES = in_memory({"go.mod": GO_MOD, "main.go": HELLO, "cmd/server/main.go": SERVER, "conf/app.yaml": "a: 1",
                   "static/index.html": "<p>", "static/.env": "X=1", "entrypoint.sh": '#!/bin/sh\nexec "$@"\n',
                   "Makefile": "build:\n\tgo build -o bin/app .\n"})
SEEDS = [p.read_text() for p in sorted(CORPUS.rglob("Dockerfile"))]

word = st.from_regex(r"[a-z][a-z0-9_.-]{0,8}", fullmatch=True)
key = st.from_regex(r"[A-Z][A-Z0-9_]{0,8}", fullmatch=True)
path = st.one_of(st.sampled_from(["/app", "/src", "/go/bin", "/usr/local/bin", ".", "./", "bin/", "/srv/app/"]),
                 word.map(lambda w: f"/{w}"))
value = st.one_of(word, key.map(lambda k: f"${k}"), key.map(lambda k: f"${{{k}:-x}}"), st.just('"a b"'),
                  st.just("''"), st.just("$(date)"))
base = st.sampled_from(["golang:1.19", "golang:1.19-alpine", "golang:1.22-bookworm", "golang", "debian:bookworm-slim",
                        "alpine:3.20", "ubuntu:22.04", "python:3.11-slim", "node:18", "scratch", "$BASE", "example.com/x/y:1"])
run_body = st.one_of(
    st.sampled_from([
        "go build -o /usr/local/bin/app .", "go build -o app ./cmd/server", "CGO_ENABLED=0 go build -o /app/server ./cmd/server",
        "go mod download", "go install ./...", "go build -race -o app .", "make build", "make", "apk add --no-cache git",
        "apt-get update && apt-get install -y libsqlite3-dev", "mkdir -p /app/data && chmod 777 /app/data",
        "cp -r conf /etc/app", "rm -rf /src", "echo hi > /etc/motd", "cd /src && go build -o /out/app .",
        "adduser -D app", "useradd -r app", "git submodule update --init", "./configure && make install",
        "env GOOS=linux go build -o /bin/app .", "find . -name '*.go' -exec cp {} /tmp \\;", "sh -c 'go build -o x .'",
        "go build -ldflags \"-X main.v=$(git describe)\" -o app .", "for f in a b; do echo $f; done", "true || false",
        "curl -fsSL https://example.com/x.tgz | tar xz -C /opt", "pip install -r requirements.txt", "npm ci",
    ]),
    st.tuples(word, path).map(lambda t: f"{t[0]} {t[1]}"),
)
instruction = st.one_of(
    run_body.map(lambda b: f"RUN {b}\n"),
    run_body.map(lambda b: f"RUN set -e; \\\n    {b}\n"),
    st.just('RUN ["go", "build", "-o", "/usr/local/bin/app", "."]\n'),
    st.tuples(st.sampled_from([".", "main.go", "go.mod", "cmd", "conf", "static", "*.go", "missing", "entrypoint.sh"]),
              path).map(lambda t: f"COPY {t[0]} {t[1]}\n"),
    st.tuples(word, path).map(lambda t: f"COPY --chown={t[0]}:{t[0]} . {t[1]}\n"),
    st.just("COPY --from=other /x /x\n"),
    st.sampled_from(["ADD . /src\n", "ADD https://example.com/f.tgz /opt/\n", "ADD app.tar.gz /opt/\n"]),
    path.map(lambda p: f"WORKDIR {p}\n"),
    st.tuples(key, value).map(lambda t: f"ENV {t[0]}={t[1]}\n"),
    st.tuples(key, value).map(lambda t: f"ARG {t[0]}={t[1]}\n"),
    key.map(lambda k: f"ARG {k}\n"),
    st.tuples(key, value).map(lambda t: f"LABEL {t[0].lower()}={t[1]}\n"),
    st.sampled_from(["USER app\n", "USER 1000:1000\n", "USER nobody\n", "USER root\n", "USER $U\n"]),
    st.integers(1, 65535).map(lambda p: f"EXPOSE {p}\n"),
    st.sampled_from(['VOLUME ["/data"]\n', "STOPSIGNAL SIGINT\n", 'SHELL ["/bin/bash", "-c"]\n', "ONBUILD RUN x\n",
                     "HEALTHCHECK --interval=5s CMD wget -q -O- http://localhost:8080/ || exit 1\n",
                     'HEALTHCHECK CMD ["/usr/local/bin/app", "-health"]\n', "HEALTHCHECK NONE\n", "MAINTAINER me\n"]),
    st.sampled_from(["\n", "# a comment\n", "  # indented\n", "\t\n"]),
)
command = st.sampled_from([
    'CMD ["app"]\n', "CMD app\n", 'ENTRYPOINT ["/usr/local/bin/app"]\n', 'CMD ["./app", "-config", "/etc/app"]\n',
    'ENTRYPOINT ["./entrypoint.sh"]\nCMD ["server"]\n', "CMD /app/server --port 8080\n", 'CMD ["/out/app"]\n',
    'CMD ["sh", "-c", "exec /app/server"]\n', "ENTRYPOINT /bin/app\n", 'CMD ["/go/bin/server"]\n', "",
])


@st.composite
def valid_dockerfiles(draw) -> str:
    head = draw(st.lists(st.sampled_from(["# syntax=docker/dockerfile:1\n", "ARG BASE=golang:1.19\n", "\n", "# c\n"]), max_size=2))
    body = draw(st.lists(instruction, max_size=10))
    return "".join([*head, f"FROM {draw(base)}\n", *body, draw(command)])


filler = st.one_of(
    st.tuples(key, value).map(lambda t: f"ENV {t[0]}={t[1]}\n"),
    st.tuples(key, value).map(lambda t: f"LABEL {t[0].lower()}={t[1]}\n"),
    st.integers(1, 65535).map(lambda p: f"EXPOSE {p}\n"),
    st.sampled_from(["USER 1000\n", "\n", "# note\n", "RUN go mod download\n", 'VOLUME ["/data"]\n',
                     "STOPSIGNAL SIGTERM\n", "HEALTHCHECK CMD [\"/usr/local/bin/app\", \"-health\"]\n",
                     "RUN mkdir -p /app/data\n", "ARG VERSION=dev\n"]),
)


@st.composite
def convertible_dockerfiles(draw) -> str:
    """A Go service skeleton with random config around it: these mostly convert, so the
    properties are checked on real outputs, not only on refusals."""
    parts = [f"FROM {draw(st.sampled_from(['golang:1.19', 'golang:1.19-alpine', 'golang:1.22-bookworm']))}\n",
             "WORKDIR /app\n", "COPY . .\n", *draw(st.lists(filler, max_size=4)),
             draw(st.sampled_from(["RUN go build -o /usr/local/bin/app .\n", "RUN CGO_ENABLED=0 go build -o /usr/local/bin/app ./cmd/server\n",
                                   'RUN ["go", "build", "-o", "/usr/local/bin/app", "."]\n'])),
             *draw(st.lists(filler, max_size=4)),
             draw(st.sampled_from(['CMD ["app"]\n', 'ENTRYPOINT ["/usr/local/bin/app"]\n', "CMD app --port 8080\n"]))]
    return "".join(parts)


def _mutate(text: str, data: st.DataObject) -> str:
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["delete-char", "insert", "dup-line", "drop-line", "swap", "truncate", "garbage-line", "join"]))
        i = data.draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "delete-char" and lines[i]:
            j = data.draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:j] + lines[i][j + 1:]
        elif op == "insert":
            j = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:j] + data.draw(st.sampled_from(["\\", "\\\n", "$", "${", "[", "]", '"', "'", "=", "--x=",
                                                                  " AS ", "\r", "\t", "#", "&&", "`", "\n"])) + lines[i][j:]
        elif op == "dup-line":
            lines.insert(i, lines[i])
        elif op == "drop-line" and len(lines) > 1:
            del lines[i]
        elif op == "swap" and len(lines) > 1:
            k = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[k] = lines[k], lines[i]
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: data.draw(st.integers(0, len(lines[-1])))]
        elif op == "garbage-line":
            lines.insert(i, data.draw(st.text(max_size=40)) + "\n")
        elif op == "join":
            lines[i] = lines[i].rstrip("\n") + " \\\n"
    return "".join(lines)


@st.composite
def near_valid_dockerfiles(draw) -> str:
    seed = draw(st.one_of(valid_dockerfiles(), convertible_dockerfiles(), st.sampled_from(SEEDS)))
    return _mutate(seed, draw(st.data()))


garbage = st.one_of(
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace")),
    st.lists(st.sampled_from(["FROM", "RUN", "COPY", "\\", "\n", "[", "]", '"', "$", "{", "}", " ", "AS", "--", "=",
                              "#", "escape=`", "<<EOF", "EOF", "ONBUILD", "x"]), max_size=60).map("".join),
)


def _kept_in_order(needles: list[str], hay: str) -> bool:
    at = 0
    for n in needles:
        at = hay.find(n, at)
        if at < 0:
            return False
        at += len(n)
    return True


def check(text: str) -> None:
    try:
        df = parse(text)
    except InputError as e:
        assert "\n" not in str(e) and str(e)
        return
    plan = make_plan(df, FILES)
    out = render(df, plan)
    if not plan.changed:
        assert out == text
        return
    # The output reads as BuildKit reads it, and nothing in it is rejected by the engine.
    parsed = parse(out)
    buildkit.parse_string(out)
    for ins in parsed.instructions:
        assert instruction_problem(ins) is None, (ins.raw, instruction_problem(ins))
    # Every RUN/COPY/ADD of the input survives, in order, byte for byte.
    kept = [i.raw for i in df.instructions if i.keyword in ("RUN", "COPY", "ADD")]
    assert _kept_in_order(kept, out), "a RUN/COPY/ADD of the input was lost"
    # Converting twice equals converting once.
    again = make_plan(parsed, FILES)
    assert not again.changed and render(parsed, again) == out


SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)


@settings(max_examples=4000, **SETTINGS)
@given(st.one_of(valid_dockerfiles(), convertible_dockerfiles()))
def test_valid_dockerfiles(text):
    check(text)


@settings(max_examples=4000, **SETTINGS)
@given(near_valid_dockerfiles())
def test_near_valid_dockerfiles(text):
    check(text)


@settings(max_examples=2000, **SETTINGS)
@given(garbage)
def test_garbage(text):
    check(text)


def test_the_generators_reach_conversions():
    """The valid strategy is not all refusals: a good share of its files do convert."""
    from hypothesis import find

    find(convertible_dockerfiles(), lambda t: make_plan(parse(t), FILES).changed if _parses(t) else False,
         settings=settings(max_examples=2000, database=None, deadline=None, suppress_health_check=list(HealthCheck),
                           derandomize=True))


def _parses(text: str) -> bool:
    try:
        parse(text)
        return True
    except InputError:
        return False
