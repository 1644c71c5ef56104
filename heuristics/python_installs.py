"""What Python projects declare, read from their manifests: the project's own console scripts,
its dependencies (by group or extra), Pipfile packages, and which interpreter a tool would pick.
Pure functions over a SourceView; heuristics/python.py decides what the installs write.

- Console scripts of the project: `[project.scripts]` (and `gui-scripts`), `[tool.poetry.scripts]`,
  setup.cfg `[options.entry_points] console_scripts`, setup.py `setup(entry_points=...)` (read
  with libcst: a literal dict or a literal `console_scripts` list; anything else is unknown).
  None means "scripts this analysis cannot name" (the caller refuses rather than guesses);
  an empty tuple means the project provably declares none.
- Dependencies: `[project.dependencies]`/`optional-dependencies`, `[dependency-groups]` (uv's
  default `dev` group), `[tool.uv] dev-dependencies`, `[tool.poetry.dependencies]` and poetry's
  groups (`[tool.poetry.group.NAME.dependencies]`, the old `dev-dependencies`), Pipfile
  `[packages]`/`[dev-packages]`, setup.cfg `install_requires`, setup.py `install_requires`.
- `requires_python`: does the image's interpreter satisfy a project's `requires-python` (uv
  would download another interpreter otherwise, which the runtime base would not have).
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

# libcst (~0.2 s) loads when a setup.py is read, not on the CLI's start path; configparser when a setup.cfg is
if TYPE_CHECKING:
    import configparser

    import libcst as cst

from . import SourceView


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def req_name(spec: str) -> str:
    """`Flask[async]>=2.0 ; python_version>'3'` -> "flask[async]" (extras kept)."""
    spec = spec.split(";")[0].split("#")[0].strip()
    m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?", spec)
    if not m:
        return ""
    return norm(m.group(1)) + (m.group(2) or "").lower().replace(" ", "")


def read_toml(path: str, sources: SourceView) -> dict[str, Any] | None:
    text = sources.read(path)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def project_root(cwd: str, sources: SourceView) -> str | None:
    """The folder holding pyproject.toml at CWD or above (how uv and poetry find the project)."""
    d = posixpath.normpath(cwd)
    while True:
        if sources.exists(posixpath.join(d, "pyproject.toml")):
            return d
        if d == "/":
            return None
        d = posixpath.dirname(d)


def _table(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    cur: Any = data
    for k in keys:
        cur = cur.get(k) if isinstance(cur, dict) else None
    return cur if isinstance(cur, dict) else {}


def _names(specs: Iterable[Any]) -> list[str]:
    return [n for n in (req_name(s) for s in specs if isinstance(s, str)) if n]


# -- console scripts of the project itself ---------------------------------------------------

def project_scripts(project_dir: str, sources: SourceView) -> tuple[str, ...] | None:
    """The console scripts installing the project writes; None when it declares some in a way
    this analysis cannot read (or declares nothing it can read at all)."""
    points = project_entry_points(project_dir, sources)
    return None if points is None else tuple(points)


def project_entry_points(project_dir: str, sources: SourceView) -> dict[str, str] | None:
    """Console script name -> "module:function" ("" for a plain script file setup.py copies)."""
    found: dict[str, str] = {}
    known = False
    py = read_toml(posixpath.join(project_dir, "pyproject.toml"), sources)
    if py is not None:
        project = _table(py, "project")
        if "scripts" in project.get("dynamic", []) or "entry-points" in project.get("dynamic", []):
            return None
        for table in (_table(project, "scripts"), _table(project, "gui-scripts"), _table(py, "tool", "poetry", "scripts")):
            for name, ref in table.items():
                ref = ref.get("reference", "") if isinstance(ref, dict) else ref
                found[name] = ref if isinstance(ref, str) else ""
        known = bool(project) or bool(_table(py, "tool", "poetry"))
    cfg = sources.read(posixpath.join(project_dir, "setup.cfg"))
    if cfg is not None:
        scripts = _setup_cfg_points(cfg)
        if scripts is None:
            return None
        found.update(scripts)
        known = True
    setup_py = sources.read(posixpath.join(project_dir, "setup.py"))
    if setup_py is not None:
        points = _setup_py_points(setup_py)
        if points is None:
            return None
        found.update(points)
        known = True
    elif sources.exists(posixpath.join(project_dir, "setup.py")):
        return None          # written by the build: unreadable
    return found if known else None


def _point(spec: str) -> tuple[str, str]:
    name, _, ref = spec.partition("=")
    return name.strip(), ref.split("[")[0].strip()


def _cfg(text: str) -> configparser.ConfigParser | None:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str      # type: ignore[assignment,method-assign]   # script names keep their case
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


def setup_cfg_scripts(text: str) -> tuple[str, ...] | None:
    points = _setup_cfg_points(text)
    return None if points is None else tuple(points)


def _setup_cfg_points(text: str) -> dict[str, str] | None:
    parser = _cfg(text)
    if parser is None:
        return None
    out: dict[str, str] = {}
    for key in ("console_scripts", "gui_scripts"):
        value = parser.get("options.entry_points", key, fallback="")
        for line in value.splitlines():
            name, ref = _point(line)
            if name:
                out[name] = ref
    return out


def setup_cfg_requires(text: str) -> list[str] | None:
    parser = _cfg(text)
    if parser is None:
        return None
    return _names(line.strip() for line in parser.get("options", "install_requires", fallback="").splitlines())


def _setup_call(text: str) -> cst.Call | None | bool:
    """The `setup(...)` call of a setup.py; False when the file does not parse."""
    import libcst as cst
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return False
    found: list[cst.Call] = []

    class Finder(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            f = node.func
            name = f.value if isinstance(f, cst.Name) else f.attr.value if isinstance(f, cst.Attribute) else ""
            if name == "setup":
                found.append(node)

    module.visit(Finder())
    return found[0] if len(found) == 1 else None


def _strings(node: cst.BaseExpression) -> list[str] | None:
    """A literal list/tuple of strings."""
    import libcst as cst
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    out: list[str] = []
    for el in node.elements:
        if not isinstance(el.value, cst.SimpleString):
            return None
        v = el.value.evaluated_value
        if not isinstance(v, str):
            return None
        out.append(v)
    return out


def setup_py_scripts(text: str) -> tuple[str, ...] | None:
    """Console scripts of `setup(entry_points={"console_scripts": [...]}, scripts=[...])`;
    None when setup.py builds them in a way this analysis does not read."""
    points = _setup_py_points(text)
    return None if points is None else tuple(points)


def _setup_py_points(text: str) -> dict[str, str] | None:
    import libcst as cst

    call = _setup_call(text)
    if not isinstance(call, cst.Call):
        return None
    out: dict[str, str] = {}
    for arg in call.args:
        if arg.star:
            return None       # setup(**kwargs): anything may be in there
        key = arg.keyword.value if arg.keyword else ""
        if key == "scripts":
            names = _strings(arg.value)
            if names is None:
                return None
            out.update((posixpath.basename(n), "") for n in names)
        elif key == "entry_points":
            if isinstance(arg.value, cst.SimpleString):
                v = arg.value.evaluated_value
                parser = _cfg(v if isinstance(v, str) else "")
                if parser is None:
                    return None
                for section in ("console_scripts", "gui_scripts"):
                    if parser.has_section(section):
                        out.update((k, parser.get(section, k).split("[")[0].strip()) for k in parser.options(section))
                continue
            if not isinstance(arg.value, cst.Dict):
                return None
            for el in arg.value.elements:
                if not isinstance(el, cst.DictElement) or not isinstance(el.key, cst.SimpleString):
                    return None
                if el.key.evaluated_value not in ("console_scripts", "gui_scripts"):
                    continue
                specs = _strings(el.value)
                if specs is None:
                    return None
                out.update(_point(sp) for sp in specs)
    return out


def setup_py_requires(text: str) -> list[str] | None:
    import libcst as cst

    call = _setup_call(text)
    if not isinstance(call, cst.Call):
        return None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "install_requires":
            specs = _strings(arg.value)
            return None if specs is None else _names(specs)
    return []


# -- dependencies -------------------------------------------------------------------------------

def project_dependencies(project_dir: str, sources: SourceView, extras: Sequence[str] = (),
                         groups: Sequence[str] = ()) -> list[str]:
    """Direct dependencies of the project at PROJECT_DIR ([project], setup.cfg, setup.py), with
    the extras and dependency groups named."""
    names: list[str] = []
    py = read_toml(posixpath.join(project_dir, "pyproject.toml"), sources) or {}
    project = _table(py, "project")
    names.extend(_names(project.get("dependencies", []) or []))
    optional = _table(project, "optional-dependencies")
    for extra in (optional if "*" in extras else extras):
        names.extend(_names(optional.get(extra, []) or []))
    dep_groups = _table(py, "dependency-groups")
    for g in groups:
        names.extend(_names(s for s in dep_groups.get(g, []) or [] if isinstance(s, str)))
        if g == "dev":
            names.extend(_names(_table(py, "tool", "uv").get("dev-dependencies", []) or []))
    cfg = sources.read(posixpath.join(project_dir, "setup.cfg"))
    if cfg is not None:
        names.extend(setup_cfg_requires(cfg) or [])
    setup_py = sources.read(posixpath.join(project_dir, "setup.py"))
    if setup_py is not None:
        names.extend(setup_py_requires(setup_py) or [])
    return list(dict.fromkeys(names))


def poetry_groups(py: dict[str, Any]) -> list[str]:
    """Poetry's dependency groups: "main" and each [tool.poetry.group.NAME] (old dev-dependencies: "dev")."""
    poetry = _table(py, "tool", "poetry")
    groups = ["main", *_table(poetry, "group")]
    if "dev-dependencies" in poetry and "dev" not in groups:
        groups.append("dev")
    return groups


def poetry_optional_groups(py: dict[str, Any]) -> set[str]:
    return {g for g, t in _table(py, "tool", "poetry", "group").items() if isinstance(t, dict) and t.get("optional")}


def poetry_dependencies(py: dict[str, Any], groups: Iterable[str], extras: Sequence[str] = ()) -> list[str]:
    poetry = _table(py, "tool", "poetry")
    names: list[str] = []
    for g in groups:
        if g == "main":
            table = _table(poetry, "dependencies")
            main = [_with_extras(n, spec) for n, spec in table.items()
                    if n != "python" and not (isinstance(spec, dict) and spec.get("optional"))]
            names.extend(main)
            wanted = set(extras)
            for extra, members in _table(poetry, "extras").items():
                if "*" in wanted or extra in wanted:
                    names.extend(norm(m) for m in members if isinstance(m, str))
            names.extend(_names(_table(py, "project").get("dependencies", []) or []))
        else:
            names.extend(_with_extras(n, spec) for n, spec in _table(poetry, "group", g, "dependencies").items()
                         if n != "python")
            if g == "dev":
                names.extend(_with_extras(n, spec) for n, spec in _table(poetry, "dev-dependencies").items())
    return list(dict.fromkeys(names))


def path_dependencies(table: dict[str, Any], base: str, editable_key: str) -> list[tuple[str, bool]]:
    """Local projects a dependency table names (`lib = {path = "libs/lib", develop = true}` in
    poetry, `{path = ".", editable = true}` in a Pipfile): (folder, editable)."""
    out: list[tuple[str, bool]] = []
    for spec in table.values():
        if isinstance(spec, dict) and isinstance(spec.get("path"), str):
            folder = posixpath.normpath(posixpath.join(base, spec["path"]))
            out.append((folder, spec.get(editable_key) is True))
    return out


def poetry_path_dependencies(py: dict[str, Any], groups: Iterable[str], project: str) -> list[tuple[str, bool]]:
    poetry = _table(py, "tool", "poetry")
    out: list[tuple[str, bool]] = []
    for g in groups:
        table = _table(poetry, "dependencies") if g == "main" else _table(poetry, "group", g, "dependencies")
        out.extend(path_dependencies(table, project, "develop"))
    return out


def pipfile_path_dependencies(text: str, dev: bool, base: str) -> list[tuple[str, bool]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    out = path_dependencies(_table(data, "packages"), base, "editable")
    if dev:
        out.extend(path_dependencies(_table(data, "dev-packages"), base, "editable"))
    return out


def pipfile_packages(text: str, dev: bool) -> list[str] | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    names = [_with_extras(n, spec) for n, spec in _table(data, "packages").items()]
    if dev:
        names.extend(_with_extras(n, spec) for n, spec in _table(data, "dev-packages").items())
    return names


def _with_extras(name: str, spec: Any) -> str:
    """`fastapi = {extras = ["standard"], version = "*"}` -> "fastapi[standard]"."""
    extras = spec.get("extras") if isinstance(spec, dict) else None
    if isinstance(extras, list) and extras and all(isinstance(e, str) for e in extras):
        return norm(name) + "[" + ",".join(sorted(e.lower() for e in extras)) + "]"
    return norm(name)


# -- the interpreter ------------------------------------------------------------------------------

def _version_tuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v)[:3])


def requires_python(spec: str, version: str) -> bool | None:
    """Whether interpreter VERSION ("3.11", "3.11.9") satisfies SPEC (">=3.10,<4", "~=3.11",
    "^3.11", "3.11.*"); None when SPEC is not read. A minor version alone stands for its
    lowest and highest patch: both must satisfy a clause."""
    have = _version_tuple(version)
    if len(have) < 2:
        return None
    candidates: list[tuple[int, ...]] = [have] if len(have) >= 3 else [(*have, 0), (*have, 99)]
    upper: tuple[int, ...]
    for clause in (c.strip() for c in spec.replace(" ", "").split(",") if c.strip()):
        m = re.fullmatch(r"(==|!=|>=|<=|>|<|~=|\^|~)?(\d+(?:\.\d+)*)(\.\*)?", clause)
        if not m:
            return None
        op, want_s, star = m.group(1) or "==", m.group(2), m.group(3)
        want = _version_tuple(want_s)
        for cand in candidates:
            c = cand[:len(want)] if star or op in ("==", "!=") and len(want) < 3 else cand
            w = want + (0,) * (len(c) - len(want)) if len(want) < len(c) else want
            if op == "==":
                ok = c == w if star or len(want) < 3 else cand == w
            elif op == "!=":
                ok = c != w
            elif op == ">=":
                ok = cand >= w
            elif op == "<=":
                ok = cand <= w
            elif op == ">":
                ok = cand > w
            elif op == "<":
                ok = cand < w
            elif op == "~=":       # ~=3.11 -> <4; ~=3.11.2 -> <3.12
                upper = (want[0] + 1,) if len(want) <= 2 else (want[0], want[1] + 1)
                ok = cand >= w and cand[:len(upper)] < upper
            elif op == "~":        # poetry: ~3 -> <4; ~3.11 / ~3.11.2 -> <3.12
                upper = (want[0] + 1,) if len(want) == 1 else (want[0], want[1] + 1)
                ok = cand >= w and cand[:len(upper)] < upper
            else:  # ^
                first = next((i for i, x in enumerate(want) if x != 0), len(want) - 1)
                upper = (*want[:first], want[first] + 1)
                ok = cand >= w and cand[:len(upper)] < upper
            if not ok:
                return False
    return True
