"""What a single conversion loads: only what its file needs (heavy libraries load for the
commands and sources that use them), bashlex's tables from the cache, shell parses reused."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys

import pytest

from converter import shell

from .conftest import ROOT

HEAVY = ("docker", "rich", "libcst", "networkx", "crossplane", "tree_sitter", "requests", "urllib3")

LOADED = """
import io, sys
from converter.cli import main
out = sys.stdout
sys.stdout = io.StringIO()
code = main({argv!r})
text = sys.stdout.getvalue()
sys.stdout = out
print(__import__("json").dumps({{"code": code, "out": text, "modules": sorted(sys.modules)}}))
"""


def _run(argv: list[str], cache: str) -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", LOADED.format(argv=argv)], capture_output=True, text=True, env=env,
                       cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _heavy(modules: list[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or m.startswith("tree_sitter")}


@pytest.mark.parametrize("case", ["go/bookstore", "go/cd-chain", "go/cgo-debian"])
@pytest.mark.parametrize("command", ["convert", "explain"])
def test_a_go_file_loads_no_heavy_library(tmp_path, case, command):
    result = _run([command, f"corpus/{case}/Dockerfile"], str(tmp_path))
    assert result["code"] == 0
    assert result["out"]
    assert not _heavy(result["modules"]), _heavy(result["modules"])
    assert "bashlex" in result["modules"]          # its RUN lines are shell: read with bashlex


def test_a_python_app_scanned_for_what_it_reads_loads_libcst(tmp_path):
    result = _run(["convert", "corpus/python/scan-flask-etc-config/Dockerfile"], str(tmp_path))
    assert result["code"] == 0 and "FROM " in result["out"].split("# stagesplit: runtime stage")[-1]
    assert "libcst" in result["modules"]
    assert not _heavy(result["modules"]) - {m for m in result["modules"] if m.startswith("libcst")}


TABLES = """
import json, sys
from converter.bashlex_tables import import_bashlex, tables
{importer}
import bashlex.parser as p
samples = ["a && b | c", "if x; then y; fi", "f() {{ a; }}", "x=$(cd /a && pwd) y", "for i in 1 2; do echo $i; done",
           "a > b 2>&1 <<< c", "(cd x; make) || true"]
dumps = []
for s in samples:
    try:
        dumps.append([t.dump() for t in bashlex.parse(s)])
    except Exception as e:
        dumps.append(type(e).__name__)
print(json.dumps({{"tables": tables(p.yaccparser), "dumps": dumps,
                  "built": bool(p.yaccparser.productions[1].lr_items)}}))
"""


def _tables(cache: str, cached: bool) -> dict:
    importer = "bashlex = import_bashlex()" if cached else "import bashlex"
    r = subprocess.run([sys.executable, "-c", TABLES.format(importer=importer)], capture_output=True, text=True,
                       env={**os.environ, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_bashlex_tables_come_from_the_cache_and_equal_the_built_ones(tmp_path):
    cache = str(tmp_path / "cache")
    plain = _tables(cache, cached=False)
    assert plain["built"] and not os.path.exists(cache)        # a plain import builds and saves nothing
    first = _tables(cache, cached=True)
    assert first["built"]                                       # no cache yet: built by bashlex's yacc ...
    saved = os.listdir(os.path.join(cache, "stagesplit"))
    assert len(saved) == 1 and saved[0].startswith("bashlex-")  # ... and saved
    second = _tables(cache, cached=True)
    assert not second["built"]                                  # read from the cache
    assert second["tables"] == plain["tables"] and second["dumps"] == plain["dumps"]
    assert first["tables"] == plain["tables"]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", marshal.dumps({"action": {}, "goto": {}, "productions": [["S'", ["x"], "p_nope"]]})])
def test_a_damaged_cache_is_rebuilt(tmp_path, damage):
    cache = str(tmp_path / "cache")
    _tables(cache, cached=True)
    folder = os.path.join(cache, "stagesplit")
    path = os.path.join(folder, os.listdir(folder)[0])
    with open(path, "wb") as f:
        f.write(damage)
    result = _tables(cache, cached=True)
    assert result["built"] and result["tables"] == _tables(cache, cached=False)["tables"]
    assert not _tables(cache, cached=True)["built"]             # the rebuilt tables were saved again


def test_an_unwritable_cache_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _run(["convert", "corpus/go/bookstore/Dockerfile"], str(blocker))
    assert result["code"] == 0 and "COPY --from=build" in result["out"]


def test_identical_shell_text_is_parsed_once_and_never_changed():
    text = "apt-get update && apt-get install -y --no-install-recommends ca-certificates # start-path test"
    before = shell._parsed.cache_info()
    first = shell.read_shell(text, "/", {"PATH": "/usr/bin"})
    trees = shell._parsed(text)
    dumps = [t.dump() for t in trees]
    second = shell.read_shell(text, "/src", {"PATH": "/bin"})
    after = shell._parsed.cache_info()
    assert after.misses == before.misses + 1 and after.hits >= before.hits + 2
    assert [t.dump() for t in shell._parsed(text)] == dumps           # the walk changed nothing in the shared trees
    assert [c.name for c in first.commands] == [c.name for c in second.commands] == ["apt-get", "apt-get"]
    assert first.commands[0].cwd == "/" and second.commands[0].cwd == "/src"
    assert second.commands[0].env["PATH"] == "/bin"
    # what bashlex cannot read is remembered too, and said the same way each time
    bad = "echo $(( 1 + ) # start-path test"
    assert shell.read_shell(bad, "/", {}).problems == shell.read_shell(bad, "/", {}).problems != ()


CATALOGUE = """
import json, sys
from heuristics import base_images
parsed_now = "tomllib" in sys.modules           # the TOML file was parsed by this run
import tomllib
with open(base_images.__file__.replace("base_images.py", "runtime_bases.toml"), "rb") as f:
    parsed = tomllib.load(f)["base"]
print(json.dumps({"same": [dict(r) for _, r in base_images.CATALOGUE.rows] == parsed,
                  "names": [n for n, _ in base_images.CATALOGUE.rows], "parsed": parsed_now}))
"""


def _catalogue(cache: str) -> dict:
    r = subprocess.run([sys.executable, "-c", CATALOGUE], capture_output=True, text=True,
                       env={**os.environ, "XDG_CACHE_HOME": cache, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_the_base_catalogue_read_from_the_cache_equals_the_toml_file(tmp_path):
    cache = str(tmp_path / "cache")
    folder = os.path.join(cache, "stagesplit")
    os.makedirs(folder)
    stale = os.path.join(folder, f"runtime-bases-py{sys.version_info[0]}{sys.version_info[1]}-0000000000000000.marshal")
    other_python = os.path.join(folder, "runtime-bases-py27-0000000000000000.marshal")
    for path in (stale, other_python):
        with open(path, "wb") as f:
            f.write(marshal.dumps([{"name": "stale"}]))
    first = _catalogue(cache)                       # parsed from the TOML file and saved
    saved = [n for n in os.listdir(folder) if n.startswith("runtime-bases-")]
    assert first["same"] and first["parsed"] and "stale" not in first["names"]
    assert not os.path.exists(stale) and os.path.exists(other_python)   # an earlier entry is replaced, another Python's kept
    assert len(saved) == 2
    second = _catalogue(cache)
    assert second["same"] and not second["parsed"]  # read from the cache: tomllib never imported
    assert second["names"] == first["names"]
    entry = next(os.path.join(folder, n) for n in saved if "-py27-" not in n)
    with open(entry, "wb") as f:                   # damaged: parsed again, never an error
        f.write(b"\x00garbage")
    assert _catalogue(cache) == first               # parsed again


ENDING = """
import atexit, sys
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
sys.argv = ["stagesplit"] + {argv!r}
from converter.__main__ import run
run()
"""


@pytest.mark.parametrize("argv,code", [
    (["convert", "--diff", "corpus/python/flask-gunicorn-templates/Dockerfile"], 0),
    (["convert", "--check", "corpus/go/bookstore/Dockerfile"], 1),
    (["explain", "corpus/node/express-tsc/Dockerfile"], 0),
    (["convert", "corpus/no-such-file/Dockerfile"], 2),
])
def test_a_run_that_ends_without_teardown_still_flushes_everything_and_runs_exit_handlers(argv, code, tmp_path):
    """convert and explain end without the interpreter's teardown (converter/__main__.py): the
    output, the exit code and the exit handlers must be what an ordinary exit gives."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-c", ENDING.format(argv=argv)], capture_output=True, text=True,
                       env=env, cwd=ROOT, timeout=120)
    expected = _run(argv, str(tmp_path))             # cli.main in a process that exits the ordinary way
    assert r.returncode == code == expected["code"]
    assert r.stdout == expected["out"]
    assert r.stderr.endswith("exit handler ran\n")
