"""The planner is open: an ecosystem is one module in `heuristics/` (plus its catalogue rows),
named in the registry (`heuristics.ECOSYSTEM_MODULES`), and `converter/` holds no ecosystem's facts."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import heuristics
from converter.context import in_memory
from converter.parse import parse
from converter.plan import Options, make_plan
from converter.render import render
from heuristics import base_images, ecosystems

from .conftest import ROOT, runtime_part

PROTOCOL = ("name", "language", "build_inputs", "command_effect", "runtime_needs", "cache_mounts",
            "accepts_unknown_words", "launches")

# A made-up language: `toyc -o OUT SRC` compiles a static program; `toyc --bytecode -o OUT SRC`
# makes bytecode that `toyvm FILE` runs, on a base that ships toyvm.
TOY_MODULE = '''
import posixpath
from heuristics import BuiltArtifact, CommandEffect, DataRef, Launch, Runtime, RuntimeNeeds


class Toy:
    name = "toy"
    language = "Toy"
    build_inputs = ("*.toy",)

    def command_effect(self, cmd, line, sources):
        if cmd.name == "toypkg" and list(cmd.args[:1]) == ["install"]:      # installs packages an interpreter loads
            art = BuiltArtifact("/usr/lib/toy", "toy", "packages", cmd.cwd, {}, line, tuple(cmd.args))
            scripts = tuple("/usr/local/bin/" + a.split("=", 1)[1] for a in cmd.args if a.startswith("--script="))
            links = tuple(("/usr/local/bin/" + a.split("=", 1)[1], "../../lib/toy/bin/" + a.split("=", 1)[1])
                          for a in cmd.args if a.startswith("--link="))
            return CommandEffect(writes=scripts + tuple(p for p, _ in links), trees=("/usr/lib/toy",), artifacts=(art,),
                                 links=links)
        if cmd.name == "toypkg" and list(cmd.args[:1]) == ["global"]:
            return CommandEffect(refuse="toypkg global installs into a folder set by a file the build wrote")
        if cmd.name != "toyc" or "-o" not in cmd.args:
            return None
        out = posixpath.join(cmd.cwd, cmd.args[cmd.args.index("-o") + 1])
        kind = "bytecode" if "--bytecode" in cmd.args else "binary"
        art = BuiltArtifact(out, "toy", kind, cmd.cwd, {}, line, tuple(cmd.args))
        return CommandEffect(writes=(out,), artifacts=(art,))

    def launches(self, argv, build_image, files=None, workdir="/", env=None):
        if argv[0] == "toyi" and len(argv) > 1:           # an interpreter: runs a source file and the packages
            # its source scan: `read PATH` opens a file, `run CMD` runs a program
            text = (files.read(posixpath.join(workdir, argv[1])) if files is not None else None) or ""
            words = [ln.split(None, 1) for ln in text.splitlines() if " " in ln]
            needs = RuntimeNeeds(libc="glibc", data_refs=tuple(DataRef(w[1], argv[1], "read") for w in words if w[0] == "read"),
                                 commands=tuple(w[1] for w in words if w[0] == "run"),
                                 refuse=next((w[1] for w in words if w[0] == "refuse"), None),
                                 build_after=("toypkg prune",) if any(w[0] == "trim" for w in words) else (),
                                 build_after_why="the program loads only what it names")
            return Launch("toyi", (argv[1],), installed=True, needs=needs)
        if argv[0] == "toyserve":                          # a console script a package installed
            return Launch("toyserve", installed=True, on_path=True)
        if argv[0] == "toystatic" and len(argv) > 1:       # a file server: reads only the folder it serves
            return Launch("toystatic", (argv[1],), carry=False)
        return Launch("toyvm", (argv[1],)) if argv[0] == "toyvm" and len(argv) > 1 else None

    def runtime_needs(self, artifact, sources, build_image):
        if artifact.kind == "packages" and "--trim" in artifact.argv:
            return RuntimeNeeds(libc="glibc", runtime=Runtime("toyvm", "1"), build_after=("toypkg prune", "toypkg check"),
                                build_after_why="only the packages the program loads")
        if artifact.kind in ("bytecode", "packages"):
            return RuntimeNeeds(libc="glibc", runtime=Runtime("toyvm", "1"))
        return RuntimeNeeds(libc="static")

    def cache_mounts(self, cmd):
        return ()

    def accepts_unknown_words(self, cmd):
        return False


ECOSYSTEM = Toy()
'''

TOYVM_BASE = '''
[[base]]
name = "toyvm"
image = "example.com/toyvm:{version}-slim"
release = "bookworm"
family = "debian"
libc = "glibc"
shell = true
certs = true
tzdata = false
users = ["root"]
tools = "coreutils"
package_manager = "apt"
libs = []
approx_mb = 40
provides = "toyvm"
versions = ["1"]
'''


@pytest.fixture
def toy_ecosystem(tmp_path, monkeypatch):
    (tmp_path / "toy_lang.py").write_text(TOY_MODULE)
    monkeypatch.setattr(heuristics, "__path__", [*heuristics.__path__, str(tmp_path)])
    monkeypatch.setattr(heuristics, "ECOSYSTEM_MODULES", (*heuristics.ECOSYSTEM_MODULES, "toy_lang"))
    ecosystems.cache_clear()
    yield
    ecosystems.cache_clear()
    sys.modules.pop("heuristics.toy_lang", None)


def _convert(text: str, files: dict[str, str], options: Options = Options()):
    df = parse(text)
    plan = make_plan(df, in_memory(files), options)
    return plan, render(df, plan)


def test_every_ecosystem_module_is_registered_and_speaks_the_protocol():
    # a module that defines ECOSYSTEM but is missing from ECOSYSTEM_MODULES would never be asked
    found = {type(e).__module__ for e in ecosystems()}
    defining = {f"heuristics.{p.stem}" for p in (ROOT / "heuristics").glob("*.py")
                if "\nECOSYSTEM = " in p.read_text()}
    assert found == defining and "heuristics.golang" in found
    for eco in ecosystems():
        missing = [m for m in PROTOCOL if not hasattr(eco, m)]
        assert not missing, f"{eco.name} lacks {missing}"


def test_a_new_ecosystem_is_one_module(toy_ecosystem):
    plan, out = _convert("FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN toyc -o hello hello.toy\nCMD [\"./hello\"]\n",
                         {"hello.toy": "print 1\n", "greeting.txt": "hi\n"})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert runtime.startswith("FROM alpine:3.22\n")        # a static program: the catalogue's static order
    assert "COPY --from=build /app/hello /app/hello" in runtime
    assert "/app/greeting.txt" in runtime                  # the program's folder is carried ...
    assert "/app/hello.toy" not in runtime                 # ... minus the ecosystem's build inputs


def test_a_server_that_reads_only_what_it_names_gets_no_carried_folder(toy_ecosystem):
    files = {"hello.toy": "print 1\n", "greeting.txt": "hi\n"}
    text = "FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN toyc -o site/index hello.toy\nCMD [\"{}\", \"site/index\"]\n"
    plan, out = _convert(text.replace('["{}", "site/index"]', '["./site/index"]'), files)
    assert "/app/greeting.txt" in runtime_part(out)         # a program may open any file of its folder
    plan, out = _convert(text.format("toystatic"), files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /app/site/index /app/site/index" in runtime
    assert "greeting.txt" not in runtime
    assert any(d.topic == "closure" and "reads only" in d.why for d in plan.decisions)
    # next to a program that may open any file of its folder, the folder is carried again
    mixed = text.replace('["{}", "site/index"]', '["sh", "-c", "./site/index & exec toystatic site/index"]')
    plan, out = _convert(mixed, files)
    assert plan.changed, plan.reason
    assert "/app/greeting.txt" in runtime_part(out)


def test_a_new_runtime_is_catalogue_rows(toy_ecosystem):
    cat = base_images.CATALOGUE.with_overrides(TOYVM_BASE, "toyvm.toml")
    text = "FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN toyc --bytecode -o app.tbc main.toy\nCMD [\"toyvm\", \"app.tbc\"]\n"
    plan, out = _convert(text, {"main.toy": "print 1\n"}, Options(catalogue=cat))
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert runtime.startswith("FROM example.com/toyvm:1-slim\n")
    assert "COPY --from=build /app/app.tbc /app/app.tbc" in runtime
    # without a base that ships the runtime, nothing fits: left unchanged, saying what is missing
    plan, out = _convert(text, {"main.toy": "print 1\n"})
    assert not plan.changed and plan.code == "SS019" and "toyvm 1" in plan.reason


def test_an_interpreter_runs_its_source_and_what_its_ecosystem_installed(toy_ecosystem):
    cat = base_images.CATALOGUE.with_overrides(TOYVM_BASE, "toyvm.toml")
    text = ("FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN toypkg install -r deps.txt\n"
            "CMD [\"toyi\", \"main.toy\"]\n")
    plan, out = _convert(text, {"main.toy": "print 1\n", "deps.txt": "left-pad\n"}, Options(catalogue=cat))
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert runtime.startswith("FROM example.com/toyvm:1-slim\n")
    assert "COPY --from=build /usr/lib/toy /usr/lib/toy" in runtime      # the installed packages
    assert "/app/main.toy" in runtime                                     # the source the interpreter runs


def test_what_the_launched_source_reads_and_runs_reaches_the_runtime_stage(toy_ecosystem):
    cat = base_images.CATALOGUE.with_overrides(TOYVM_BASE, "toyvm.toml")
    text = ("FROM debian:bookworm\nWORKDIR /app\nCOPY conf.yml /etc/toy/conf.yml\nCOPY models/ /srv/models/\n"
            "COPY notes.txt /srv/notes.txt\nRUN mkdir /var/toy\nCOPY . .\nRUN toypkg install -r deps.txt\n"
            "CMD [\"toyi\", \"main.toy\"]\n")
    files = {"deps.txt": "", "conf.yml": "a: 1\n", "models/m.bin": "m", "notes.txt": "n",
             "main.toy": "read /etc/toy/conf.yml\nread /srv/models\nread /var/toy/db.sqlite\n"}
    plan, out = _convert(text, files, Options(catalogue=cat))
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    # files outside the program's folder that the source names are copied; the rest is not
    assert "COPY --from=build /etc/toy/conf.yml /etc/toy/conf.yml" in runtime
    assert "COPY --from=build /srv/models /srv/models" in runtime
    assert "read at run time: read('/etc/toy/conf.yml')" in runtime
    # what the sources do not name: COPY brought it from the context, so it is carried by
    # convention; with --closure precise only what the analysis names
    assert "copied from the context to /srv/notes.txt" in runtime
    plan, out = _convert(text, files, Options(catalogue=cat, closure="precise"))
    assert "COPY --from=build /etc/toy/conf.yml /etc/toy/conf.yml" in runtime_part(out)
    assert "/srv/notes.txt" not in runtime_part(out)
    # a file it creates at run time: the folder the build made for it
    assert "COPY --from=build /var/toy /var/toy" in runtime
    # a program it runs by a path this file does not create: the runtime base may not have it
    files["main.toy"] = "run /opt/tool/bin/convert\n"
    plan, _ = _convert(text, files, Options(catalogue=cat))
    assert not plan.changed and plan.code == "SS011" and "/opt/tool/bin/convert" in plan.reason
    # the scan's own refusal is the file's reason
    files["main.toy"] = "refuse it compiles code at run time\n"
    plan, _ = _convert(text, files, Options(catalogue=cat))
    assert not plan.changed and plan.code == "SS010" and plan.reason == "it compiles code at run time"


def test_an_ecosystem_may_trim_the_build_stage_at_its_end_as_the_user_who_built(toy_ecosystem):
    cat = base_images.CATALOGUE.with_overrides(TOYVM_BASE, "toyvm.toml")
    text = ("FROM debian:bookworm\nWORKDIR /app\nCOPY . .\n{user}RUN toypkg install --trim -r deps.txt\n"
            "USER {last}\nCMD [\"toyi\", \"main.toy\"]\n")
    plan, out = _convert(text.format(user="", last="root"), {"main.toy": "", "deps.txt": ""}, Options(catalogue=cat))
    assert plan.changed, plan.reason
    build, _, runtime = out.partition("\n\n# stagesplit: runtime stage")
    # after every original line of the build stage, before the runtime stage
    assert build.endswith('CMD ["toyi", "main.toy"]\n\n# stagesplit: only the packages the program loads\n'
                          "RUN toypkg prune && toypkg check")
    assert "COPY --from=build /usr/lib/toy /usr/lib/toy" in runtime
    # the stage ends as another user than the one who installed: the RUN would fail, it is not added
    plan, out = _convert(text.format(user="", last="1000"), {"main.toy": "", "deps.txt": ""}, Options(catalogue=cat))
    assert "toypkg prune" not in out
    assert any("toypkg prune" in d.why and "as user 1000" in d.why for d in plan.decisions)
    plan, out = _convert(text.format(user="USER 1000\n", last="1000"), {"main.toy": "", "deps.txt": ""}, Options(catalogue=cat))
    assert "RUN toypkg prune && toypkg check" in out


def test_a_launch_may_trim_the_build_stage_when_every_launch_agrees(toy_ecosystem):
    cat = base_images.CATALOGUE.with_overrides(TOYVM_BASE, "toyvm.toml")
    text = "FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN toypkg install -r deps.txt\n{}CMD [\"toyi\", \"main.toy\"]\n"
    files = {"deps.txt": "", "main.toy": "trim it\n", "health.toy": "print 1\n", "health2.toy": "trim it\n"}
    plan, out = _convert(text.format(""), files, Options(catalogue=cat))
    assert plan.changed, plan.reason
    assert "# stagesplit: the program loads only what it names\nRUN toypkg prune\n" in out
    # another launch of the same ecosystem that does not ask for it: it may load what the trim removes
    plan, out = _convert(text.format('HEALTHCHECK CMD ["toyi", "health.toy"]\n'), files, Options(catalogue=cat))
    assert plan.changed, plan.reason
    assert "toypkg prune" not in out
    plan, out = _convert(text.format('HEALTHCHECK CMD ["toyi", "health2.toy"]\n'), files, Options(catalogue=cat))
    assert out.count("RUN toypkg prune") == 1


def test_a_console_script_must_be_where_the_build_wrote_it(toy_ecosystem):
    cat = base_images.CATALOGUE.with_overrides(TOYVM_BASE, "toyvm.toml")
    text = "FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN toypkg install {}\nCMD [\"toyserve\"]\n"
    plan, out = _convert(text.format("--script=toyserve"), {"main.toy": ""}, Options(catalogue=cat))
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /usr/local/bin/toyserve /usr/local/bin/toyserve" in runtime
    assert "COPY --from=build /usr/lib/toy /usr/lib/toy" in runtime
    # a link to the package's own script (npm's bin links): made again, not copied through
    plan, out = _convert(text.format("--link=toyserve"), {"main.toy": ""}, Options(catalogue=cat))
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "RUN ln -sf ../../lib/toy/bin/toyserve /usr/local/bin/toyserve" in runtime
    assert "COPY --from=build /usr/lib/toy /usr/lib/toy" in runtime
    assert "COPY --from=build /usr/local/bin/toyserve" not in runtime
    # installed by something the analysis cannot name: never assumed to be on the runtime base
    plan, _ = _convert(text.format("-r deps.txt"), {"main.toy": ""}, Options(catalogue=cat))
    assert not plan.changed and plan.code == "SS014" and "toyserve" in plan.reason


def test_a_command_read_but_not_followed_says_why(toy_ecosystem):
    plan, _ = _convert("FROM debian:bookworm\nWORKDIR /app\nCOPY . .\nRUN toyc -o hello hello.toy && toypkg global left-pad\n"
                       "CMD [\"./hello\"]\n", {"hello.toy": ""})
    assert not plan.changed and plan.code == "SS007"
    assert plan.reason == ("line 4: `toypkg global left-pad` is not followed: toypkg global installs into a folder set by "
                           "a file the build wrote, so a file it writes could be missing from the runtime stage")


def test_without_its_module_the_command_is_unknown():
    plan, _ = _convert("FROM debian:bookworm\nCOPY . .\nRUN toyc -o hello hello.toy\nCMD [\"./hello\"]\n", {"hello.toy": ""})
    assert not plan.changed and plan.code == "SS007"


_ECOSYSTEM_WORDS = ("golang", "cargo", "rustc", "javac", "mvn", "gradle", "dotnet", "gopath", "cgo_enabled", "go build",
                    "pip install", "npm", "cmake")


def _code_strings(path: Path) -> list[str]:
    """Identifiers and string constants of a module, without docstrings and comments."""
    tree = ast.parse(path.read_text())
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings:
            out.append(n.value)
        elif isinstance(n, ast.Name):
            out.append(n.id)
        elif isinstance(n, ast.Attribute):
            out.append(n.attr)
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "converter").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_converter_holds_no_ecosystem_facts(path):
    hits = [s for s in _code_strings(path) for w in _ECOSYSTEM_WORDS if w in s.lower()]
    assert not hits, f"{path.name} names an ecosystem in code: {hits[:3]}"
