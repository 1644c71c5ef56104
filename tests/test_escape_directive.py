"""`# escape=`` `: the file's escape character decides how its ENV/ARG/COPY/WORKDIR words are
read, as BuildKit's shell lexer reads them with the parser's escape token (a backslash is then
an ordinary character, `` `$HOME `` the text `$HOME`); without the directive nothing changes.

The expected values restate BuildKit's rules (frontend/dockerfile/shell/lex.go): outside quotes
the escape character takes the next character literally; inside double quotes it escapes only
`"`, `$` and itself; single quotes keep everything."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import dockerfile as buildkit
import pytest

from converter.context import in_memory
from converter.effects import analyse_stage
from converter.parse import parse
from converter.variables import process_word, references

from .conftest import ROOT, peer_dir

GO_APP = {"go.mod": "module example.com/app\n\ngo 1.19\n",
          "main.go": 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n'}

# One Dockerfile twice: spelt for `# escape=`` ` and for the default backslash. BuildKit reads
# both the same, so the analysis must too.
BACKTICK = r"""# escape=`
FROM golang:1.22
ENV APP=/srv/my`$app DATA="/opt/a\b"
ARG TAG=v`$1
WORKDIR $APP
COPY go.mod main.go ./
COPY conf\app.ini ${DATA}/
COPY ["notes`\"1`\".txt", "$DATA/$TAG/"]
RUN go build `
    -o server .
CMD ["./server"]
"""
BACKSLASH = r"""FROM golang:1.22
ENV APP=/srv/my\$app DATA="/opt/a\\b"
ARG TAG=v\$1
WORKDIR $APP
COPY go.mod main.go ./
COPY conf\\app.ini ${DATA}/
COPY ["notes\\\"1\\\".txt", "$DATA/$TAG/"]
RUN go build \
    -o server .
CMD ["./server"]
"""
CONTEXT = {**GO_APP, "conf\\app.ini": "x=1\n", 'notes"1".txt': "n\n"}


@pytest.mark.parametrize("spelling", [BACKTICK, BACKSLASH], ids=["escape=`", "escape=\\"])
def test_the_effects_of_both_spellings_are_buildkits(spelling):
    df = parse(spelling)
    stage = df.stages[0]
    effects, _, final = analyse_stage(stage, in_memory(CONTEXT), df.global_arg_defaults(),
                                      escape=df.directive("escape") or "\\")
    seen = [(e.instruction.keyword, e.context_reads, [p for p, _ in e.writes], e.unknown) for e in effects]
    assert seen[2:6] == [
        ("WORKDIR", (), ["/srv/my$app"], ()),
        ("COPY", ("go.mod", "main.go"), ["/srv/my$app/go.mod", "/srv/my$app/main.go"], ()),
        ("COPY", ("conf\\app.ini",), ["/opt/a\\b/conf\\app.ini"], ()),
        ("COPY", ('notes"1".txt',), ['/opt/a\\b/v$1/notes"1".txt'], ()),
    ]
    assert [a.path for a in effects[6].artifacts] == ["/srv/my$app/server"]
    assert (final.env["APP"], final.args["TAG"]) == ("/srv/my$app", "v$1")


def _context(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        tmp_path.joinpath(name).write_text(text)
    return tmp_path


def _cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "converter.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT)


def _explained(text: str) -> dict[int, list[str]]:
    """`explain`'s lines under each instruction, by line number."""
    out: dict[int, list[str]] = {}
    line = 0
    for ln in text.splitlines():
        m = re.match(r"\s+(\d+)  ", ln)
        if m:
            line = int(m.group(1))
            out[line] = []
        elif line and ln.startswith("        "):
            out[line].append(ln.strip())
    return out


@pytest.mark.parametrize("spelling", [BACKTICK, BACKSLASH], ids=["escape=`", "escape=\\"])
def test_explain_reads_each_path_as_buildkit_does(tmp_path, spelling):
    ctx = _context(tmp_path, CONTEXT)
    ctx.joinpath("Dockerfile").write_text(spelling)
    r = _cli("explain", ctx / "Dockerfile")
    assert r.returncode == 0, r.stderr
    by_line = _explained(r.stdout)
    first = 3 if spelling is BACKTICK else 2     # the directive's line moves the rest down by one
    assert by_line[first + 2] == ["writes: /srv/my$app"]                       # WORKDIR $APP
    assert by_line[first + 4] == ["reads (context): conf\\app.ini", "writes: /opt/a\\b/conf\\app.ini"]
    assert by_line[first + 5] == ['reads (context): notes"1".txt', 'writes: /opt/a\\b/v$1/notes"1".txt']
    assert "builds: /srv/my$app/server (go binary, sources in /srv/my$app)" in by_line[first + 6]
    assert "The image runs: /srv/my$app/server" in r.stdout


def test_convert_copies_the_program_from_where_buildkit_puts_it(tmp_path):
    ctx = _context(tmp_path, CONTEXT)
    ctx.joinpath("Dockerfile").write_text(BACKTICK)
    r = _cli("convert", ctx / "Dockerfile")
    assert r.returncode == 0, r.stderr
    runtime = r.stdout[r.stdout.rindex("\nFROM "):]
    copies = [c for c in buildkit.parse_string(r.stdout) if c.cmd == "COPY" and "--from=build" in c.flags]
    # the engine's reading of what the runtime stage copies: JSON strings, then words read with "`"
    assert [[process_word(w, {}, escape="`") for w in c.value] for c in copies][0] == ["/srv/my$app/server"] * 2
    assert "ENV APP=/srv/my`$app" in runtime     # replayed as written: the runtime stage reads it the same


def test_a_backslash_is_a_path_character_not_an_escape_under_backtick(tmp_path):
    """The file that only builds with `# escape=`` `: its source holds a backslash. Read with the
    default escape it would name `confapp.ini`, a file that is not there, and be refused."""
    ctx = _context(tmp_path, {**GO_APP, "conf\\app.ini": "x=1\n"})
    ctx.joinpath("Dockerfile").write_text("# escape=`\nFROM golang:1.22\nWORKDIR /src\nCOPY go.mod main.go ./\n"
                                          "COPY conf\\app.ini /etc/app/\nRUN go build -o /out/app .\nCMD [\"/out/app\"]\n")
    r = _cli("explain", ctx / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert _explained(r.stdout)[5] == ["reads (context): conf\\app.ini", "writes: /etc/app/conf\\app.ini"]
    assert "left unchanged" not in r.stdout and "confapp.ini" not in r.stdout


def test_without_the_directive_a_backslash_still_escapes(tmp_path):
    ctx = _context(tmp_path, {**GO_APP, "confapp.ini": "x=1\n"})
    ctx.joinpath("Dockerfile").write_text("FROM golang:1.22\nWORKDIR /src\nCOPY go.mod main.go ./\n"
                                          "COPY conf\\app.ini /etc/app/\nRUN go build -o /out/app .\nCMD [\"/out/app\"]\n")
    r = _cli("explain", ctx / "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert _explained(r.stdout)[4] == ["reads (context): confapp.ini", "writes: /etc/app/confapp.ini"]


@pytest.mark.parametrize(("directive", "names_gopath"), [("# escape=`\n", True), ("", False)])
def test_a_variable_the_replayed_env_expands_is_set_in_the_runtime_stage(tmp_path, directive, names_gopath):
    """`C:\\$GOPATH` expands GOPATH under "`" (the golang image sets it, alpine does not, so the
    runtime stage sets it first); under the backslash the `$` is escaped and names nothing."""
    ctx = _context(tmp_path, GO_APP)
    ctx.joinpath("Dockerfile").write_text(f"{directive}FROM golang:1.22\nENV CONF=C:\\$GOPATH\nWORKDIR /src\n"
                                          "COPY go.mod main.go ./\nRUN go build -o /out/app .\nCMD [\"/out/app\"]\n")
    r = _cli("convert", ctx / "Dockerfile")
    assert r.returncode == 0, r.stderr
    runtime = r.stdout[r.stdout.rindex("\nFROM "):]
    assert ("ENV GOPATH=/go\n" in runtime) is names_gopath
    assert "ENV CONF=C:\\$GOPATH\n" in runtime


def test_an_escaped_dollar_under_backtick_names_no_variable(tmp_path):
    ctx = _context(tmp_path, GO_APP)
    ctx.joinpath("Dockerfile").write_text("# escape=`\nFROM golang:1.22\nENV LITERAL=`$GOPATH\nWORKDIR /src\n"
                                          "COPY go.mod main.go ./\nRUN go build -o /out/app .\nCMD [\"/out/app\"]\n")
    r = _cli("convert", ctx / "Dockerfile")
    assert r.returncode == 0, r.stderr
    runtime = r.stdout[r.stdout.rindex("\nFROM "):]
    assert "ENV LITERAL=`$GOPATH\n" in runtime and "GOPATH=/go" not in runtime


def _peer_case(name: str) -> Path:
    case = peer_dir() / "buildkit-parser-testfiles" / "testfiles" / name
    if not case.exists():
        pytest.fail(f"the peer test data is missing: {case}")
    return case


def _go_quoted(value: str) -> str:
    """VALUE as Go's %q writes it in a peer `result` file (the ASCII values these cases hold)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize(("name", "escape"), [("escape", "`"), ("escape-nonewline", "`"), ("escape-with-syntax", "`"),
                                              ("escape-after-comment", "\\")])
def test_the_peer_escape_files_set_the_escape_buildkit_uses(name, escape):
    """BuildKit's parser tests: its continuation shows which escape each file has (a directive
    after a comment is none); the ENV word it gives (`\\go`) is then read with that escape: kept
    whole under "`", `go` under the backslash."""
    case = _peer_case(name)
    df = parse(case.joinpath("Dockerfile").read_text())
    assert (df.directive("escape") or "\\") == escape
    env_lines = [ln for ln in case.joinpath("result").read_text().splitlines() if ln.startswith("(env ")]
    envs = [i for i in df.instructions if i.keyword == "ENV"]
    assert [f"(env {' '.join(map(_go_quoted, i.args))} \"\")" for i in envs] == env_lines
    assert f"(from {_go_quoted(df.stages[0].base)})" in case.joinpath("result").read_text().splitlines()
    if not envs:       # escape-with-syntax: its FROM continues over a line with "`"
        return
    _, _, final = analyse_stage(df.stages[0], in_memory({}), df.global_arg_defaults(), escape=escape)
    assert final.env["GOPATH"] == ("\\go" if escape == "`" else "go")


@pytest.mark.parametrize(("word", "escape", "expected"), [
    ("C:\\app", "`", "C:\\app"),                     # a backslash is ordinary under "`"
    ("C:\\app", "\\", "C:app"),
    ("`$HOME", "`", "$HOME"),                        # the escape makes "$" literal
    ("\\$HOME", "`", "\\/root"),                     # ... and a backslash does not
    ("\\$HOME", "\\", "$HOME"),
    ('"C:\\app $HOME"', "`", "C:\\app /root"),
    ('"a`"b"', "`", 'a"b'),                          # inside double quotes: `" `$ `` are escapes
    ('"a``b`$X"', "`", "a`b$X"),
    ('"a`xb"', "`", "a`xb"),                         # before anything else the escape stays
    ('"a\\"b"', "\\", 'a"b'),
    ('"\\\\$HOME"', "\\", "\\/root"),                # an escaped backslash, then $HOME expanded
    ("'`$HOME \\$HOME'", "`", "`$HOME \\$HOME"),     # single quotes keep everything
    ("${NONE:-C:\\d}", "`", "C:\\d"),                # a default is a word read with the same escape
    ("${NONE:-a`}b}", "`", "a}b"),
    ("${NONE:-a\\}b}", "\\", "a}b"),
    ("${HOME:+`$HOME}", "`", "$HOME"),
    ("x`", "`", "x"),                                # a lone escape at the end is dropped
    ("a$$b$1", "`", "ab"),                           # $$ and $1 are shell parameters, never set
    ("plain/path.txt", "`", "plain/path.txt"),
])
def test_process_word_follows_buildkits_lexer(word, escape, expected):
    assert process_word(word, {"HOME": "/root"}, escape=escape) == expected


def test_references_follow_the_escape():
    assert references("`$PATH:/x $HOME", escape="`") == {"HOME"}
    assert references("\\$PATH:/x", escape="`") == {"PATH"}
    assert references("\\$PATH:/x $HOME") == {"HOME"}
