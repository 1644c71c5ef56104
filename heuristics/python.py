"""Python: which installs fill site-packages or a virtual environment, and what they need at run
time (the interpreter of the same minor version, OS libraries of native wheels).

- pip (`pip`, `pip3`, `pythonX.Y -m pip`, a venv's `bin/pip`): requirement files (`-r`, nested
  `-r`, `-e PATH` lines), names, local projects (`.`, `./lib/pkg`, `.[extra]`: their own
  dependencies and console scripts are read from the manifests, heuristics/python_installs),
  `-e PATH` (editable: the project's folder must stay, so it joins the program's folders; pip's
  setuptools may write *.egg-info there, so it is a folder with unlisted contents), `-c FILE`.
  Where: `--user` (PYTHONUSERBASE, else $HOME/.local when ENV HOME is set: the RUN's user is not
  visible here), `--target DIR` and `--prefix DIR` (DIR whole; never /, /usr, /opt ...), a venv
  (the pip's own folder, or the first venv on PATH), else the system's /usr/local (the official
  images' layout). pip's own settings count: PIP_USER/PIP_TARGET/PIP_PREFIX/PIP_ROOT and the
  pip.conf files the build wrote (an unreadable one, `--root`, `--src` or `pip config set`: unknown).
- `python setup.py install|develop`; `python -m venv DIR`.
- poetry: `poetry install|sync` with `--only/--with/--without/--no-dev/--no-root/--only-root/
  -E/--all-extras/--sync`; where from its settings (POETRY_* variables, the project's poetry.toml,
  `poetry config` run earlier, kept as a marker path the walk records): an active VIRTUAL_ENV;
  virtualenvs.create false -> the interpreter poetry runs in (pip's /usr/local/bin/poetry: the
  system; pipx's: unknown); in-project (or an existing .venv) -> PROJECT/.venv; else poetry's
  folder of venvs (cache-dir/virtualenvs, one NAME-HASH-pyX.Y venv per project: the folder goes
  whole, at the same path, and `poetry run` finds it again). The root project is installed
  editable (its folder stays) with its [tool.poetry.scripts]/[project.scripts]. `poetry export
  -o FILE` (or `> FILE`): a later `pip install -r FILE` reads the groups exported. always-copy
  venvs are refused (a copy of the build image's interpreter).
- pipenv: `pipenv install|sync` (no package names) with --system (the python on PATH), an
  active VIRTUAL_ENV, PIPENV_VENV_IN_PROJECT / an existing .venv, else its folder of venvs
  (WORKON_HOME): Pipfile [packages] (and [dev-packages] with --dev) name the console scripts.
- uv: `uv pip install|sync` (--system / UV_SYSTEM_PYTHON, --python PATH, VIRTUAL_ENV, a .venv
  at or above the working folder), `uv venv`, `uv sync` (UV_PROJECT_ENVIRONMENT relative to the
  project, /usr/local: the system; the project editable unless --no-install-project, the dev
  group unless --no-dev). uv picks the image's interpreter only if requires-python and
  .python-version allow it; otherwise it would download one the runtime base lacks (refused).
- Installs of installers only (`pip install poetry`, `pip install -U pip`) are no program's
  packages: their scripts are written, the runtime stage copies them only for `poetry run`.
- Console scripts: pip writes them for the packages named, by a table of well-known ones
  (gunicorn, uvicorn, flask, celery, django-admin ...) and for the projects installed (read from
  their manifests); a system or user install copies each by name (/usr/local/bin is never copied
  whole: it holds the build image's interpreter). A venv, --target or --prefix folder goes whole.
- Runtime: Runtime("python", "X.Y-slim[-RELEASE]") (or "X.Y-alpine[RELEASE]"): the slim image of
  the same version and Debian release the tag names. A tag without a minor version is refused.
- Native wheels built from source that link OS libraries (psycopg2, lxml, mysqlclient ...): their
  libraries by a package table, installed again on the slim base.
- Launches: `python FILE|-m MODULE`, gunicorn/uvicorn/... and a project's own console scripts
  (Launch.installed: the installed packages run too; on_path: the script must be where the build
  wrote it); `poetry run X` / `pipenv run X` follow X and carry the tool (its script and its
  packages); `uv run X` syncs first and is refused unless --no-sync. The sources the launch
  starts are scanned by heuristics/python_sources (Launch.needs). pip/poetry/uv installs at
  start and setup.py are refused (SS023). `manage.py collectstatic` writes STATIC_ROOT, read
  from the settings by python_sources (unknown: the command stays unknown).
- Build inputs (not carried): __pycache__, *.pyc, .venv (a developer's, from the context), .tox,
  .pytest_cache, .mypy_cache, .ruff_cache. Manifests and lock files are kept (tiny; poetry run
  and importlib.metadata read them).

Example: `FROM python:3.11`, `ENV POETRY_VIRTUALENVS_CREATE=false`, `RUN pip install poetry`,
`RUN poetry install --only main` of a project whose [tool.poetry.scripts] names `shop`, `CMD
["shop"]` -> python:3.11-slim with /usr/local/lib/python3.11/site-packages, /usr/local/bin/shop,
the scripts of its well-known dependencies and the project folder.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping, Sequence

from msgspec import Struct, field

from converter.shell import SimpleCommand, Word

from . import BuiltArtifact, CommandEffect, DataRef, Decision, Launch, Runtime, RuntimeNeeds, SourceView, base_images
from . import python_installs as manifests
from .python_installs import norm as _norm
from .python_installs import req_name as _req_name

# Console scripts pip writes for well-known distributions (normalised names).
CONSOLE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "gunicorn": ("gunicorn",),
    "uvicorn": ("uvicorn",),
    "flask": ("flask",),
    "celery": ("celery",),
    "django": ("django-admin",),
    "hypercorn": ("hypercorn",),
    "daphne": ("daphne",),
    "waitress": ("waitress-serve",),
    "fastapi-cli": ("fastapi",),
    "streamlit": ("streamlit",),
    "alembic": ("alembic",),
    "huey": ("huey_consumer",),
    "rq": ("rq", "rqworker", "rqinfo"),
    "dramatiq": ("dramatiq",),
    "mlflow": ("mlflow",),
    "gradio": ("gradio",),
    "locust": ("locust",),
    "prefect": ("prefect",),
    "datasette": ("datasette",),
    "mkdocs": ("mkdocs",),
    "jupyter-core": ("jupyter",),
    "jupyterlab": ("jupyter-lab",),
    "notebook": ("jupyter-notebook",),
    "sanic": ("sanic",),
    "granian": ("granian",),
    "panel": ("panel",),
    "bokeh": ("bokeh",),
    "chainlit": ("chainlit",),
    "scrapy": ("scrapy",),
    "arq": ("arq",),
}
# Installers' own scripts: written where pip puts scripts, but no artifact (the app does not run them;
# `poetry run X` carries its tool by name).
TOOL_SCRIPTS: dict[str, tuple[str, ...]] = {"poetry": ("poetry",), "pipenv": ("pipenv",), "uv": ("uv", "uvx"),
                                            "pipx": ("pipx",)}
# Installs of only these (pip install --upgrade pip poetry) fill no program's packages.
_INSTALLERS = frozenset({*TOOL_SCRIPTS, "pip", "setuptools", "wheel", "virtualenv", "poetry-plugin-export"})
# Extras and meta-packages that bring another one's scripts.
_BRINGS: dict[str, tuple[str, ...]] = {"fastapi[standard]": ("uvicorn", "fastapi-cli"), "fastapi[all]": ("uvicorn",),
                                       "jupyterlab": ("jupyter-core",), "notebook": ("jupyter-core",)}

# OS libraries an installed distribution loads that the slim images lack (short names, as in
# -lNAME). Distributions PyPI has only as sources are built here against the build's -dev
# packages and link their libraries; wheels of others load a system library they do not
# bundle (LightGBM's libgomp, OpenCV's libGL). Pillow, lxml, cffi and pycurl are not here: their
# manylinux and musllinux wheels bundle what they link (real-file review: Pillow was refused).
NATIVE_LIBS: dict[str, tuple[str, ...]] = {
    "psycopg2": ("pq",),
    "mysqlclient": ("mariadb",),
    "python-ldap": ("ldap",),
    "lightgbm": ("gomp",),
    "opencv-python": ("GL", "glib-2.0"),
    "opencv-contrib-python": ("GL", "glib-2.0"),
    "python-magic": ("magic",),
    "pyzbar": ("zbar",),
}
_PIP_FLAGS = frozenset("--no-cache-dir -U --upgrade -q --quiet -v --verbose --disable-pip-version-check --no-compile "
                       "--compile --prefer-binary --no-deps --no-input --no-warn-script-location --upgrade-strategy "
                       "--force-reinstall --ignore-installed -I --require-hashes --no-build-isolation --progress-bar "
                       "--root-user-action --break-system-packages --only-binary --no-binary --pre "
                       "--no-warn-conflicts --use-pep517 --no-index --isolated --no-clean --ignore-requires-python "
                       "--no-python-version-warning --check-build-dependencies --no-use-pep517 -qq -qqq -vv -vvv "
                       "--disable-pip-version-check".split())
_PIP_VALUE_OPTS = frozenset("-r --requirement -c --constraint -i --index-url --extra-index-url --trusted-host "
                            "--upgrade-strategy --progress-bar --root-user-action --only-binary --no-binary "
                            "-f --find-links --timeout --retries --exists-action --log --cache-dir --use-feature "
                            "--config-settings -C --global-option --proxy --cert --client-cert --keyring-provider".split())

_BUILD_INPUTS = ("__pycache__", "*.pyc", ".venv", ".tox", ".pytest_cache", ".mypy_cache", ".ruff_cache")
_SERVERS = ("gunicorn", "uvicorn", "hypercorn", "daphne", "waitress-serve", "celery", "flask", "streamlit", "fastapi")
_PY = re.compile(r"^python(?:3(?:\.\d+)?)?$")



_UV_FLAGS = frozenset("--system --break-system-packages --no-cache -n --compile-bytecode --compile --strict --reinstall "
                      "--refresh --no-progress --no-build-isolation --all-extras --no-build --no-binary --only-binary "
                      "--offline --no-sources --exact --no-config --native-tls --link-mode --index-strategy "
                      "--keyring-provider --prerelease --resolution --override --extra --python -p --reinstall-package "
                      "--refresh-package --index --default-index".split())
_UV_VALUE_OPTS = frozenset("--python -p --link-mode --index-strategy --keyring-provider --prerelease --resolution "
                           "--override --extra --reinstall-package --refresh-package --index --default-index "
                           "--only-binary --no-binary".split())
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


def _local(spec: str) -> bool:
    return spec.startswith((".", "/")) and "://" not in spec


def _split_extras(spec: str) -> tuple[str, list[str]]:
    """`.[dev,api]` -> (".", ["dev", "api"])."""
    m = re.fullmatch(r"(.*?)\[([^\]]*)\]", spec)
    if not m:
        return spec, []
    return m.group(1), [e.strip() for e in m.group(2).split(",") if e.strip()]


def _read_requirements(path: str, sources: SourceView, depth: int = 0) -> list[str] | None:
    """The entries of a requirements file (nested -r followed): requirement names, local paths
    and URLs as written, editable local paths as "-e PATH"; None when unreadable."""
    text = sources.read(path)
    if text is None or depth > 4:
        return _exported(path, sources) if depth == 0 else None
    names: list[str] = []
    # Lines continued with a backslash (pip-compile --generate-hashes, poetry export) are one;
    # per-requirement options (--hash=...) do not change what is installed where.
    joined = re.sub(r"\\\n", " ", text)
    for raw in joined.splitlines():
        line = re.sub(r"\s--hash[= ]\S+", "", " " + raw.split(" #")[0]).strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r", "--requirement")):
            ref = line.split(None, 1)[1] if " " in line else line[2:]
            nested = _read_requirements(_abs(posixpath.dirname(path), ref.strip()), sources, depth + 1)
            if nested is None:
                return None
            names.extend(nested)
        elif line.startswith(("-c", "--constraint", "-i", "--index-url", "--extra-index-url", "--trusted-host",
                              "-f", "--find-links", "--prefer-binary", "--only-binary", "--no-binary", "--pre")):
            continue
        elif line.startswith(("-e ", "--editable ", "--editable=")):
            target = re.split(r"[ =]", line, maxsplit=1)[1].strip()
            if not _local(target):
                return None        # an editable VCS checkout: pip clones it into ./src
            names.append(f"-e {target}")
        elif line.startswith("-"):
            return None            # other options: not followed
        elif "://" in line or line.startswith((".", "/")):
            names.append(line)     # a URL or a path: read as a project where it is a local folder
        else:
            names.append(_req_name(line))
    return names


def _exported(path: str, sources: SourceView) -> list[str] | None:
    """The packages of a requirements file `poetry export` wrote (its marker names the project
    and the groups chosen): the project's direct dependencies of those groups."""
    uv_prefix = path + "#uv-export="
    exported = [p for p in sources.files_under(posixpath.dirname(path)) if p.startswith(uv_prefix)]
    if exported:
        return _uv_exported(exported[-1][len(uv_prefix):], sources)
    prefix = path + "#poetry-export="
    found = [p for p in sources.files_under(posixpath.dirname(path)) if p.startswith(prefix)]
    if not found:
        return None
    project, *opts = found[-1][len(prefix):].split("|")
    py = manifests.read_toml(posixpath.join(project, "pyproject.toml"), sources)
    if py is None:
        return None
    groups = ["main"]
    extras: list[str] = []
    i = 0
    while i < len(opts):
        opt = opts[i]
        value = opts[i + 1] if opt in ("--only", "--with", "--without", "-E", "--extras") and i + 1 < len(opts) else ""
        i += 2 if value else 1
        chosen = [v for v in re.split(r"[ ,]", value) if v]
        if opt == "--only":
            groups = chosen
        elif opt == "--with":
            groups.extend(chosen)
        elif opt == "--without":
            groups = [g for g in groups if g not in chosen]
        elif opt in ("-E", "--extras"):
            extras.extend(chosen)
    flags = [o for o in opts if o in ("--dev", "--all-extras")]
    if "--dev" in flags:
        groups.append("dev")
    if "--all-extras" in flags:
        extras.append("*")
    return manifests.poetry_dependencies(py, groups, extras)


def _uv_exported(marker: str, sources: SourceView) -> list[str] | None:
    """The entries of a requirements file `uv export` wrote: the locked project's dependencies
    (the dev group unless --no-dev, the extras and groups named) and the project itself
    (`-e ROOT` unless --no-emit-project; ROOT with --no-editable) when it is a package."""
    root, *opts = marker.split("|")
    py = manifests.read_toml(posixpath.join(root, "pyproject.toml"), sources)
    if py is None:
        return None
    extras = [v for o, v in zip(opts, [*opts[1:], ""], strict=False) if o == "--extra"] + (["*"] if "--all-extras" in opts else [])
    only = [v for o, v in zip(opts, [*opts[1:], ""], strict=False) if o == "--only-group"]
    groups = only or ([] if "--no-dev" in opts else ["dev"]) + [v for o, v in zip(opts, [*opts[1:], ""], strict=False)
                                                                 if o == "--group"]
    names = [] if only else manifests.project_dependencies(root, sources, extras)
    names.extend(manifests.project_dependencies(root, sources, (), groups) if groups else [])
    packaged = isinstance(py.get("build-system"), dict) or _table_get(py, "tool", "uv", "package") is True
    if packaged and not only and "--no-emit-project" not in opts:
        names.append(root if "--no-editable" in opts else f"-e {root}")
    return list(dict.fromkeys(names))


def _scripts_for(names: Sequence[str], table: dict[str, tuple[str, ...]] = CONSOLE_SCRIPTS) -> list[str]:
    out: list[str] = []
    for n in names:
        for dist in (n.split("[")[0], *_BRINGS.get(n, ())):
            for s in table.get(dist, ()):
                if s not in out:
                    out.append(s)
    return out


def python_runtime(build_image: str) -> Runtime | str:
    """The runtime a build image's packages need (python:3.11-bookworm -> 3.11-slim-bookworm), or
    why none is chosen."""
    b = base_images.describe_build_image(build_image)
    version = dict(b.env).get("PYTHON_VERSION", "")
    m = re.match(r"3\.\d+", version)
    if not m:
        return (f"the build image {build_image} names no Python minor version (python:3.11): the runtime image "
                "of the same interpreter is not guessed")
    tag = build_image.partition(":")[2].split("@")[0]
    # The runtime tag keeps all the version the build's names (python:3.9.2 -> 3.9.2-slim): a
    # looser one could be a newer patch release than the interpreter the packages were built for.
    exact = re.match(r"3\.\d+(?:\.\d+)?(?=-|$)", tag)
    minor = exact.group(0) if exact else m.group(0)
    if b.family == "alpine":
        am = re.search(r"alpine(\d+\.\d+)", tag)
        return Runtime("python", f"{minor}-alpine{am.group(1) if am else ''}")
    if b.family != "debian":
        return f"the build image {build_image} is not one of the official python images' Debian or Alpine variants"
    named = next((r for r in ("stretch", "buster", "bullseye", "bookworm", "trixie") if r in tag), "")
    return Runtime("python", f"{minor}-slim-{named}" if named else f"{minor}-slim")



# -- where an install goes ---------------------------------------------------------------------

class _Target(Struct, frozen=True, gc=False):
    kind: str          # "system" | "user" | "prefix" | "target" | "venv" | "venvs" (a folder of venvs)
    path: str          # the artifact: a site-packages folder, a venv, the --target/--prefix folder
    bindir: str = ""   # where console scripts go, outside the artifact (/usr/local/bin, ~/.local/bin)


class _Install(Struct):
    tool: str                                   # "pip install", "poetry install", ...
    target: _Target
    names: list[str] = field(default_factory=list)             # distributions (normalised, extras kept)
    projects: list[tuple[str, bool]] = field(default_factory=list)   # (project folder, editable)
    writes: list[str] = field(default_factory=list)            # beyond the install (config files)
    caches: list[str] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)             # requirement files and manifests read (what it builds from)
    problem: str | None = None                  # a reason the runtime stage could not run it
    decisions: list[Decision] = field(default_factory=list)


def _flag(env: dict[str, str], key: str) -> bool | None:
    value = env.get(key, "").strip().lower()
    return True if value in _TRUE else False if value in _FALSE else None


def _minor(env: dict[str, str]) -> str | None:
    m = re.match(r"3\.\d+", env.get("PYTHON_VERSION", ""))
    return m.group(0) if m else None


def _system(env: dict[str, str]) -> _Target | None:
    minor = _minor(env)
    if minor is None:
        return None
    return _Target("system", f"/usr/local/lib/python{minor}/site-packages", "/usr/local/bin")


def _interpreter_env(folder: str, env: dict[str, str], sources: SourceView) -> _Target | None:
    """The environment of a tool or interpreter in FOLDER: a venv's bin/, or the system's
    /usr/local/bin (the official images' layout); None for any other (Debian's /usr/bin)."""
    if folder == "/usr/local/bin":
        return _system(env)
    if posixpath.basename(folder) == "bin" and sources.exists(posixpath.join(posixpath.dirname(folder), "pyvenv.cfg")):
        return _Target("venv", posixpath.dirname(folder))
    return None


def _which(tool: str, env: dict[str, str], sources: SourceView) -> str | None:
    """The folder on PATH a tool the build installed runs from: a script pip wrote there, or a
    venv's bin/ first on PATH (its contents are not listed)."""
    for d in env.get("PATH", "").split(":"):
        if not d:
            continue
        if sources.exists(posixpath.join(d, tool)):
            return d
    return None


def _venv_on_path(env: dict[str, str], sources: SourceView) -> _Target | None:
    """The environment `python` on PATH belongs to: the first venv the build made ahead of
    /usr/local/bin, else the system interpreter."""
    for d in env.get("PATH", "").split(":"):
        if d and posixpath.basename(d) == "bin" and sources.exists(posixpath.join(posixpath.dirname(d), "pyvenv.cfg")):
            return _Target("venv", posixpath.dirname(d))
        if d.startswith("/usr/local/bin"):
            break
    return _system(env)


def _marker(config: str, key: str, value: str) -> str:
    """A setting `poetry config` stored in CONFIG, as a path the walk records (never carried,
    never created): later installs read it back with files_under."""
    return f"{config}#{key}={value}"


def _stored(config: str, key: str, sources: SourceView) -> str | None:
    prefix = f"{config}#{key}="
    found = [p for p in sources.files_under(posixpath.dirname(config)) if p.startswith(prefix)]
    return found[-1][len(prefix):] if found else None


class Python:
    name = "python"
    language = "Python"
    build_inputs: tuple[str, ...] = _BUILD_INPUTS

    # -- commands --------------------------------------------------------------------------
    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        data = self._nltk_data(cmd, line)
        if data is not None:
            return data
        inst = self._install(cmd, sources)
        if isinstance(inst, _Install):
            return self._effect(cmd, line, inst, sources)
        if isinstance(inst, CommandEffect):
            return inst
        return None

    def _install(self, cmd: SimpleCommand, sources: SourceView) -> _Install | CommandEffect | None:
        name = posixpath.basename(cmd.name)
        folder = posixpath.dirname(cmd.name)
        args = list(cmd.args)
        if _PY.match(name) and args:
            if len(args) >= 2 and args[0] == "-m":
                if args[1] == "pip":
                    return self._pip(cmd, sources, args[2:], folder)
                if args[1] == "venv":
                    return self._venv(cmd, args[2:])
                if args[1] in ("poetry", "pipenv", "uv"):
                    return self._tool(args[1], cmd, sources, args[2:])
                return None
            if posixpath.basename(args[0]) == "setup.py" and len(args) >= 2:
                return self._setup_py(cmd, sources, args, folder)
            if posixpath.basename(args[0]) == "manage.py" and len(args) >= 2:
                return self._manage(cmd, sources, args)
            return None
        if re.fullmatch(r"pip(?:3(?:\.\d+)?)?", name):
            return self._pip(cmd, sources, args, folder)
        if name in ("poetry", "pipenv", "uv", "pipx"):
            return self._tool(name, cmd, sources, args)
        return None

    def _nltk_data(self, cmd: SimpleCommand, line: int) -> CommandEffect | None:
        """`python -m nltk.downloader [-d DIR] punkt ...`: NLTK's data, in DIR, else the first
        folder of NLTK_DATA, else ~/nltk_data (one of the folders nltk searches at run time). It
        is data the app loads, so it is an artifact the interpreter launch carries."""
        args = list(cmd.args)
        if not (_PY.match(posixpath.basename(cmd.name)) and args[:2] == ["-m", "nltk.downloader"]):
            return None
        env = cmd.envmap()
        rest, folder, names = args[2:], "", []
        i = 0
        while i < len(rest):
            a = rest[i]
            if a in ("-d", "--dir") and i + 1 < len(rest):
                folder = rest[i + 1]
                i += 1
            elif a.startswith("--dir="):
                folder = a.partition("=")[2]
            elif a in ("-q", "--quiet", "-e", "--exit-on-error", "-f", "--force"):
                pass
            elif a.startswith("-"):
                return CommandEffect(refuse=f"nltk.downloader {a}: an option this analysis does not read")
            else:
                names.append(a)
            i += 1
        if not folder:
            folder = env.get("NLTK_DATA", "").split(":")[0] or (posixpath.join(env["HOME"], "nltk_data") if env.get("HOME") else "")
        if not folder or not names:
            return CommandEffect(refuse="nltk.downloader writes into the home folder of a user this analysis does not know")
        path = _abs(cmd.cwd, folder)
        art = BuiltArtifact(path, "python", "data", cmd.cwd, cmd.env, line, tuple(w.text for w in cmd.argv))
        return CommandEffect(trees=(path,), artifacts=(art,), note=f"NLTK data ({', '.join(names)}) in {path}")

    def _tool(self, name: str, cmd: SimpleCommand, sources: SourceView, args: list[str]) -> _Install | CommandEffect | None:
        if name == "poetry":
            return self._poetry(cmd, sources, args)
        if name == "pipenv":
            return self._pipenv(cmd, sources, args)
        if name == "uv":
            return self._uv(cmd, sources, args)
        return self._pipx(cmd, args)

    def _effect(self, cmd: SimpleCommand, line: int, inst: _Install, sources: SourceView) -> CommandEffect:
        argv = tuple(w.text for w in cmd.argv)
        t = inst.target
        kind = "venv" if t.kind in ("venv", "venvs") else "packages"
        arts = [BuiltArtifact(t.path, "python", kind, cmd.cwd, cmd.env, line, argv)]
        scripts = _scripts_for(inst.names)
        owner: dict[str, str] = {}      # a project's own script -> the project (its sources)
        for project, _ in inst.projects:
            for s in manifests.project_scripts(project, sources) or ():
                owner.setdefault(s, project)
                if s not in scripts:
                    scripts.append(s)
        writes = list(inst.writes)
        trees = [t.path]
        if t.bindir:
            for s in scripts:
                path = posixpath.join(t.bindir, s)
                arts.append(BuiltArtifact(path, "python", "script", owner.get(s, cmd.cwd), cmd.env, line, argv))
                writes.append(path)
            writes.extend(posixpath.join(t.bindir, s) for s in _scripts_for(inst.names, TOOL_SCRIPTS))
        else:
            # Inside the artifact folder (a venv's, --target's or --prefix's bin/): named so that the
            # image's command can start the project's own scripts by name; the folder is copied
            # whole. (Poetry's folder of venvs has them one level deeper: never on PATH.)
            for project, _ in inst.projects if t.kind != "venvs" else ():
                for s in manifests.project_scripts(project, sources) or ():
                    arts.append(BuiltArtifact(posixpath.join(t.path, "bin", s), "python", "script", project, cmd.env, line, argv))
        for project, editable in inst.projects:
            if editable:
                # The install points at the project's folder (a .pth file), which must stay: the
                # project's manifest stands for it, with the folder as its sources (the carry rule
                # keeps that folder, minus build inputs). pip's setuptools may write *.egg-info there.
                manifest = next((posixpath.join(project, f) for f in ("pyproject.toml", "setup.py", "setup.cfg")
                                 if sources.exists(posixpath.join(project, f))), project)
                arts.append(BuiltArtifact(manifest, "python", "editable", project, cmd.env, line, argv))
                if inst.tool.startswith(("pip", "setup.py")):
                    trees.append(project)
        if all(_norm(n.split("[")[0]) in _INSTALLERS for n in inst.names) and not inst.projects and t.kind == "system":
            # Only installers (pip install poetry): their packages are no program's; `poetry run`
            # carries them by name.
            tools = [posixpath.join(t.bindir, s) for s in _scripts_for(inst.names, TOOL_SCRIPTS)]
            return CommandEffect(trees=(t.path,), writes=tuple(tools), caches=tuple(inst.caches),
                                 note=f"{inst.tool} of installers into {t.path}, scripts {', '.join(tools)}")
        where = {"system": f"into {t.path}", "venv": f"into the virtual environment {t.path}",
                 "venvs": f"into a virtual environment under {t.path}", "user": f"into the user site {t.path}",
                 "target": f"into {t.path}", "prefix": f"under the prefix {t.path}"}[t.kind]
        shown = [s for s in writes if s not in inst.writes]
        return CommandEffect(reads=tuple(inst.reads), trees=tuple(dict.fromkeys(trees)), writes=tuple(dict.fromkeys(writes)),
                             caches=tuple(inst.caches), artifacts=tuple(arts),
                             note=f"{inst.tool} {where}" + (f", scripts {', '.join(shown)}" if shown else ""))

    # -- pip (and uv pip) ------------------------------------------------------------------------
    def _pip(self, cmd: SimpleCommand, sources: SourceView, args: list[str], folder: str,
             uv: bool = False) -> _Install | CommandEffect | None:
        env = dict(cmd.envmap())
        home = env.get("HOME") or "/root"
        cache = (env.get("UV_CACHE_DIR") or posixpath.join(home, ".cache/uv")) if uv else posixpath.join(home, ".cache/pip")
        if not args:
            return None
        verb = args[0]
        if verb == "config" and args[1:2] not in ([], ["list"], ["get"], ["debug"]):
            return None            # pip config set/unset/edit: settings later installs would follow
        if verb in ("--version", "-V", "list", "freeze", "show", "check", "--help", "help", "config", "debug", "tree"):
            return CommandEffect(note=f"pip {verb}: prints only")
        if not uv and (verb == "download" or (verb == "cache" and args[1:2] == ["purge"])):
            return CommandEffect(caches=(cache,), note=f"pip {verb}: cache only")
        if verb not in ("install", "sync") or (verb == "sync" and not uv):
            return None
        if "--dry-run" in args:
            return CommandEffect(note="pip install --dry-run: prints only")
        settings = {} if uv else self._pip_settings(env, sources, home, folder)
        if settings is None:
            return None
        flags = _PIP_FLAGS | (_UV_FLAGS if uv else frozenset())
        values = _PIP_VALUE_OPTS | (_UV_VALUE_OPTS if uv else frozenset())
        names: list[str] = []
        projects: list[tuple[str, bool]] = []
        opts: dict[str, str] = dict(settings)
        manifests_read: list[str] = []
        reads: list[str] = []
        requirement_files = 0
        uv_extras: list[str] = []
        i = 1
        while i < len(args):
            a = args[i]
            opt, eq, value = a.partition("=")
            takes = opt in values or opt in ("-e", "--editable", "--target", "-t", "--prefix")
            if a.startswith("-") and takes and not eq:
                value = args[i + 1] if i + 1 < len(args) else ""
                i += 1
            if opt in ("--root", "--src", "--python-version", "--platform") or (uv and opt in ("--user",)):
                return None
            if opt in ("-e", "--editable"):
                if not _local(value):
                    return None    # an editable VCS checkout (into ./src)
                path, extras = _split_extras(value)
                projects.append((_abs(cmd.cwd, path), True))
                names.extend(manifests.project_dependencies(_abs(cmd.cwd, path), sources, extras))
            elif uv and opt in ("--extra", "--all-extras"):
                uv_extras.append(value if opt == "--extra" else "*")
            elif opt in ("--user", "--target", "-t", "--prefix", "--python", "-p", "--system"):
                opts[opt.replace("-t", "--target") if opt == "-t" else opt] = value if takes else "1"
            elif opt in ("-r", "--requirement") or (uv and verb == "sync" and not a.startswith("-")):
                req = value if opt in ("-r", "--requirement") else a
                if uv and posixpath.basename(req) in ("pyproject.toml", "setup.py", "setup.cfg"):
                    manifests_read.append(posixpath.dirname(_abs(cmd.cwd, req)))    # its dependencies, not itself
                    i += 1
                    continue
                read = _read_requirements(_abs(cmd.cwd, req), sources)
                if read is None and not sources.exists(_abs(cmd.cwd, req)):
                    return CommandEffect(refuse=f"`{cmd.name} install` reads {req}, which is not in the image at that point "
                                                "(not copied from the build context?): what it installs is unknown")
                if read is None:
                    return None    # a requirements file the analysis cannot read: its scripts are unknown
                requirement_files += 1
                reads.append(_abs(cmd.cwd, req))
                for entry in read:
                    if entry.startswith("-e "):
                        path, extras = _split_extras(entry[3:])
                        projects.append((_abs(cmd.cwd, path), True))
                        names.extend(manifests.project_dependencies(_abs(cmd.cwd, path), sources, extras))
                    elif _local(entry):
                        self._local_project(_abs(cmd.cwd, entry), sources, names, projects)
                    else:
                        names.append(entry)
            elif a.startswith("-"):
                if not (opt in flags or opt in values):
                    return None
            elif _local(a):
                self._local_project(_abs(cmd.cwd, a), sources, names, projects)
            else:
                names.append(a if "://" in a else _req_name(a))
            i += 1
        for folder_read in manifests_read:
            if not any(sources.exists(posixpath.join(folder_read, f)) for f in ("pyproject.toml", "setup.py", "setup.cfg")):
                return None
            names.extend(manifests.project_dependencies(folder_read, sources, uv_extras))
        if not names and not projects and not manifests_read:
            # requirement files that list nothing (empty, comments only): pip installs nothing
            return CommandEffect(reads=tuple(reads), note="pip install: the requirement files list no package") \
                if requirement_files else None
        target = self._pip_target(cmd, sources, folder, opts, uv)
        if isinstance(target, str):
            return CommandEffect(refuse=target)
        if target is None:
            return None
        tool = "uv pip " + verb if uv else "pip install"
        reads.extend(posixpath.join(folder_read, f) for folder_read in [*manifests_read, *(p for p, _ in projects)]
                     for f in ("pyproject.toml", "setup.py", "setup.cfg") if sources.exists(posixpath.join(folder_read, f)))
        return _Install(tool, target, names, projects, caches=[cache], reads=list(dict.fromkeys(reads)))

    @staticmethod
    def _pip_settings(env: dict[str, str], sources: SourceView, home: str, folder: str) -> dict[str, str] | None:
        """Where-to-install options pip takes from its environment (PIP_USER=1, PIP_TARGET, ...)
        and from configuration files the build wrote; None when such a file cannot be read."""
        out: dict[str, str] = {}
        keys = {"user": "--user", "target": "--target", "prefix": "--prefix", "root": "--root", "src": "--src"}
        files = ["/etc/pip.conf", "/etc/xdg/pip/pip.conf", posixpath.join(home, ".config/pip/pip.conf"),
                 posixpath.join(home, ".pip/pip.conf"), "/usr/local/pip.conf"]
        if folder and folder != "/usr/local/bin":
            files.append(posixpath.join(posixpath.dirname(folder), "pip.conf"))
        if env.get("PIP_CONFIG_FILE"):
            files.append(env["PIP_CONFIG_FILE"])
        for path in files:
            if not sources.exists(path):
                continue
            text = sources.read(path)
            if text is None:
                return None
            import configparser  # here: only a project with a setup.cfg pays for the import

            parser = configparser.ConfigParser(interpolation=None)
            try:
                parser.read_string(text)
            except configparser.Error:
                return None
            for section in ("global", "install"):
                for key, opt in keys.items():
                    value = parser.get(section, key, fallback=None)
                    if value is not None and not (opt == "--user" and value.strip().lower() in _FALSE):
                        out[opt] = value.strip()
        for key, opt in keys.items():
            value = env.get(f"PIP_{key.upper()}")
            if value is not None and not (opt == "--user" and value.strip().lower() in ("", *_FALSE)):
                out[opt] = value
        return out

    @staticmethod
    def _local_project(path: str, sources: SourceView, names: list[str], projects: list[tuple[str, bool]]) -> None:
        folder, extras = _split_extras(path)
        folder = posixpath.normpath(folder)
        if sources.is_dir(folder) or any(sources.exists(posixpath.join(folder, f)) for f in ("pyproject.toml", "setup.py")):
            projects.append((folder, False))
            names.extend(manifests.project_dependencies(folder, sources, extras))
        else:
            names.append(path)     # a wheel or an archive: its scripts are unknown

    def _pip_target(self, cmd: SimpleCommand, sources: SourceView, folder: str, opts: dict[str, str],
                    uv: bool) -> _Target | str | None:
        """Where the install goes; a string: why it is not followed."""
        env = dict(cmd.envmap())
        minor = _minor(env)
        if "--root" in opts or "--src" in opts:
            return None
        if "--user" in opts:
            # PYTHONUSERBASE, else ~/.local of the RUN's user: its HOME must be known (ENV HOME),
            # the user is not otherwise visible to a command.
            base = env.get("PYTHONUSERBASE") or (posixpath.join(env["HOME"], ".local") if env.get("HOME") else "")
            if minor is None:
                return None
            if not base.startswith("/"):
                return ("pip install --user writes into the home folder of the user the RUN runs as, which is not "
                        "known here (a user this file does not create, or a numeric USER): set ENV HOME or PYTHONUSERBASE")
            return _Target("user", f"{base}/lib/python{minor}/site-packages", f"{base}/bin")
        if "--target" in opts:
            t = _abs(cmd.cwd, opts["--target"])
            return None if t in _NOT_OWN_FOLDERS else _Target("target", t)
        if "--prefix" in opts:
            p = _abs(cmd.cwd, opts["--prefix"])
            if p == "/usr/local":
                return _system(env)
            return None if p in _NOT_OWN_FOLDERS else _Target("prefix", p)
        if uv:
            python = opts.get("--python") or env.get("UV_PYTHON", "")
            if python:
                if "/" not in python:
                    return None    # a version request: which interpreter uv finds is not followed
                return _interpreter_env(posixpath.dirname(_abs(cmd.cwd, python)), env, sources)
            if "--system" in opts or _flag(env, "UV_SYSTEM_PYTHON"):
                return _venv_on_path(env, sources)
            active = env.get("VIRTUAL_ENV")
            if active:
                return _Target("venv", active) if sources.exists(posixpath.join(active, "pyvenv.cfg")) else None
            d = cmd.cwd
            while True:         # uv's default: the .venv of the working folder or one above it
                if sources.exists(posixpath.join(d, ".venv", "pyvenv.cfg")):
                    return _Target("venv", posixpath.join(d, ".venv"))
                if d == "/":
                    return ("uv pip install finds no virtual environment here (no VIRTUAL_ENV, no .venv at or above "
                            f"{cmd.cwd}) and is not given --system: uv itself stops there")
                d = posixpath.dirname(d)
        target = _interpreter_env(folder, env, sources) if folder else _venv_on_path(env, sources)
        name = (cmd.user or "root").split(":")[0]
        if isinstance(target, _Target) and target.kind == "system" and not uv and name not in ("root", "0"):
            # pip as another user than root cannot write the system's site-packages (root's): it
            # falls back to a user install ("Defaulting to user installation"), into that user's HOME
            return self._pip_target(cmd, sources, folder, {**opts, "--user": ""}, uv)
        return target

    def _venv(self, cmd: SimpleCommand, args: list[str]) -> CommandEffect | None:
        ops = [a for a in args if not a.startswith("-")]
        if len(ops) != 1 or any(a not in ("--upgrade-deps", "--copies", "--without-pip", "--clear") for a in args
                                if a.startswith("-")):
            return None
        if "--copies" in args:
            return None            # a copy of the build image's interpreter, not a link to the base's
        venv = _abs(cmd.cwd, ops[0])
        return CommandEffect(writes=(posixpath.join(venv, "pyvenv.cfg"),), trees=(venv,),
                             note=f"python -m venv: a virtual environment in {venv}")

    def _setup_py(self, cmd: SimpleCommand, sources: SourceView, args: list[str], folder: str) -> _Install | None:
        """`python setup.py install` (or `develop`: editable) of the project in the setup.py's folder."""
        if args[1] not in ("install", "develop") or any(a.startswith("-") and a not in ("-q", "--quiet") for a in args[2:]):
            return None
        project = posixpath.dirname(_abs(cmd.cwd, args[0]))
        if project != posixpath.normpath(cmd.cwd):
            return None            # setuptools resolves the project's paths from the working folder
        target = _interpreter_env(folder, dict(cmd.envmap()), sources) if folder else _venv_on_path(dict(cmd.envmap()), sources)
        if target is None:
            return None
        names = manifests.project_dependencies(project, sources)
        return _Install("setup.py " + args[1], target, names, [(project, args[1] == "develop")])

    def _manage(self, cmd: SimpleCommand, sources: SourceView, args: list[str]) -> CommandEffect | None:
        """`python manage.py collectstatic --noinput`: Django copies the static files into
        STATIC_ROOT (read from the settings); an unknown STATIC_ROOT leaves the command unknown."""
        if args[1] == "compilemessages":
            return self._compilemessages(cmd, sources, args)
        if args[1] != "collectstatic" or any(a not in ("--noinput", "--no-input", "--clear", "-c", "-v", "0", "1", "2",
                                                       "--verbosity", "--link", "-l")
                                             for a in args[2:] if not a.startswith("--verbosity=")):
            return None
        from . import python_sources  # here, not at the top: libcst loads only when an app is scanned
        root = python_sources.django_static_root(_abs(cmd.cwd, args[0]), sources, dict(cmd.envmap()))
        if not root:
            return CommandEffect(refuse="manage.py collectstatic writes into STATIC_ROOT, which the settings do not name "
                                        "as a path this analysis can read")
        return CommandEffect(trees=(root,), note=f"manage.py collectstatic: the static files in STATIC_ROOT {root}")

    def _compilemessages(self, cmd: SimpleCommand, sources: SourceView, args: list[str]) -> CommandEffect | None:
        """`manage.py compilemessages`: each .po file of a `locale` folder under the working folder
        (and LOCALE_PATHS) gets its .mo beside it. Followed when every .po file the image has lies
        under the working folder: then each .mo it writes is named."""
        if any(a not in ("--ignore-fuzzy", "-f", "--use-fuzzy", "-v", "0", "1", "2") and not a.startswith("--verbosity")
               for a in args[2:]):
            return None            # --locale/--exclude/--ignore: which files it compiles is not followed
        cwd = posixpath.normpath(cmd.cwd)
        every = [p for p in sources.files_under("/") if p.endswith(".po")]
        if not every or any(not p.startswith(cwd.rstrip("/") + "/") for p in every):
            return None
        if any(sources.unlisted_folder(p) for p in every):
            return None
        mo = tuple(p[:-3] + ".mo" for p in every if "/locale/" in p[len(cwd):])
        if len(mo) != len(every):
            return None            # a .po outside a locale folder: LOCALE_PATHS may name any folder
        return CommandEffect(writes=mo, note=f"manage.py compilemessages: {len(mo)} .mo files beside their .po files")

    # -- poetry ---------------------------------------------------------------------------------
    def _poetry_config_file(self, env: dict[str, str]) -> str:
        home = env.get("HOME") or "/root"
        return posixpath.join(env.get("POETRY_CONFIG_DIR") or posixpath.join(home, ".config/pypoetry"), "config.toml")

    def _poetry_setting(self, key: str, env: dict[str, str], project: str, sources: SourceView) -> str | None:
        var = "POETRY_" + re.sub(r"[.-]", "_", key).upper()
        if var in env:
            return env[var].strip().lower() if key.startswith("virtualenvs.") and "path" not in key else env[var]
        local = posixpath.join(project, "poetry.toml")
        data = manifests.read_toml(local, sources)
        if data is not None:
            cur: object = data
            for part in key.split("."):
                cur = cur.get(part) if isinstance(cur, dict) else None
            if cur is not None:
                return str(cur).lower()
        for config in (local, self._poetry_config_file(env)):
            value = _stored(config, key, sources)
            if value is not None:
                return value
        return None

    def _poetry(self, cmd: SimpleCommand, sources: SourceView, args: list[str]) -> _Install | CommandEffect | None:
        env = dict(cmd.envmap())
        home = env.get("HOME") or "/root"
        while args and args[0] in ("-n", "--no-interaction", "--no-ansi", "-q", "--quiet", "-v", "-vv", "-vvv", "--ansi"):
            args = args[1:]
        project_opt = None
        if len(args) >= 2 and args[0] in ("-C", "--directory", "-P", "--project"):
            project_opt, args = args[1], args[2:]
        if not args:
            return None
        verb, rest = args[0], args[1:]
        if verb in ("--version", "-V", "about", "check", "show", "--help", "help"):
            return CommandEffect(note=f"poetry {verb}: prints only")
        cwd = _abs(cmd.cwd, project_opt) if project_opt else cmd.cwd
        project = manifests.project_root(cwd, sources)
        if verb == "config":
            return self._poetry_config(cmd, sources, rest, env)
        cache = (self._poetry_setting("cache-dir", env, project or cwd, sources) or env.get("POETRY_CACHE_DIR")
                 or posixpath.join(home, ".cache/pypoetry"))
        if project is None:
            return None
        if verb == "lock":
            if any(a not in ("--no-update", "--regenerate", "-n", "--no-interaction", "--no-ansi") for a in rest):
                return None
            return CommandEffect(writes=(posixpath.join(project, "poetry.lock"),), caches=(cache,), note="poetry lock")
        if verb == "export":
            return self._poetry_export(cmd, project, rest)
        if verb not in ("install", "sync"):
            return None
        py = manifests.read_toml(posixpath.join(project, "pyproject.toml"), sources)
        if py is None:
            return None
        groups = [g for g in manifests.poetry_groups(py) if g not in manifests.poetry_optional_groups(py)]
        extras: list[str] = []
        root = True
        i = 0
        while i < len(rest):
            a = rest[i]
            opt, eq, value = a.partition("=")
            if opt in ("--only", "--with", "--without", "-E", "--extras") and not eq:
                value = rest[i + 1] if i + 1 < len(rest) else ""
                i += 1
            chosen = [v.strip() for v in re.split(r"[ ,]", value) if v.strip()]
            if opt == "--only":
                groups = chosen
            elif opt == "--with":
                groups.extend(g for g in chosen if g not in groups)
            elif opt == "--without":
                groups = [g for g in groups if g not in chosen]
            elif opt == "--no-dev":
                groups = [g for g in groups if g != "dev"]
            elif opt in ("-E", "--extras"):
                extras.extend(chosen)
            elif opt == "--all-extras":
                extras.append("*")
            elif opt == "--no-root":
                root = False
            elif opt == "--only-root":
                groups, root = [], True
            elif opt not in ("-n", "--no-interaction", "--no-ansi", "--sync", "--compile", "--no-cache", "-q", "--quiet",
                             "-v", "-vv", "-vvv", "--no-directory", "--dry-run", "--ansi", "--remove-untracked",
                             "--no-plugins"):
                return None
            i += 1
        if "--dry-run" in rest:
            return CommandEffect(note="poetry install --dry-run: prints only")
        target = self._poetry_target(env, project, sources, cache)
        if isinstance(target, str):
            return CommandEffect(refuse=target)
        if target is None:
            return None
        names = manifests.poetry_dependencies(py, groups, extras)
        projects = [(project, True)] if root and self._poetry_packages_project(py) else []
        for folder, editable in manifests.poetry_path_dependencies(py, groups, project):
            projects.append((folder, editable))
            names.extend(manifests.project_dependencies(folder, sources))
        inst = _Install(f"poetry {verb}", target, names, projects, caches=[posixpath.join(cache, "cache"),
                                                                           posixpath.join(cache, "artifacts")])
        if self._poetry_setting("virtualenvs.options.always-copy", env, project, sources) in _TRUE:
            inst.problem = "poetry's virtualenvs.options.always-copy copies the build image's interpreter into the venv"
        return inst

    @staticmethod
    def _poetry_packages_project(py: dict[str, object]) -> bool:
        """Whether installing the root installs the project (poetry 2's package-mode = false does not)."""
        return _table_get(py, "tool", "poetry", "package-mode") is not False

    def _poetry_target(self, env: dict[str, str], project: str, sources: SourceView, cache: str) -> _Target | str | None:
        active = env.get("VIRTUAL_ENV")
        if active:
            return _Target("venv", active) if sources.exists(posixpath.join(active, "pyvenv.cfg")) else None
        create = self._poetry_setting("virtualenvs.create", env, project, sources)
        if create in _FALSE:
            # Into the interpreter poetry itself runs in: pip's /usr/local/bin/poetry is the
            # system interpreter's, a venv's bin/poetry that venv's.
            where = _which("poetry", env, sources)
            found = _interpreter_env(where, env, sources) if where else None
            return found or ("poetry config virtualenvs.create false installs into the environment poetry itself runs "
                             f"in, and this poetry ({where + '/poetry' if where else 'not one pip wrote'}) is not pip's "
                             "/usr/local/bin/poetry nor a venv's: where the packages go is not known")
        if create not in (None, *_TRUE):
            return None
        in_project = self._poetry_setting("virtualenvs.in-project", env, project, sources)
        dot_venv = posixpath.join(project, ".venv")
        if in_project in _TRUE or (in_project is None and sources.exists(posixpath.join(dot_venv, "pyvenv.cfg"))):
            return _Target("venv", dot_venv)
        if in_project not in (None, *_FALSE):
            return None
        # Poetry's own folder of venvs, one per project (NAME-HASH-pyX.Y): the name is not
        # known here, so the folder goes whole (`poetry run` finds the venv there again).
        path = self._poetry_setting("virtualenvs.path", env, project, sources) or posixpath.join(cache, "virtualenvs")
        return _Target("venvs", _abs(project, path))

    def _poetry_config(self, cmd: SimpleCommand, sources: SourceView, rest: list[str], env: dict[str, str]) -> CommandEffect | None:
        local = "--local" in rest
        ops = [a for a in rest if a not in ("--local", "-n", "--no-interaction", "--no-ansi")]
        if any(a.startswith("-") for a in ops):
            return None            # --unset, --list ...
        if len(ops) < 2:
            return CommandEffect(note="poetry config: prints only") if not ops or len(ops) == 1 else None
        key, value = ops[0], " ".join(ops[1:])
        config = posixpath.join(cmd.cwd, "poetry.toml") if local else self._poetry_config_file(env)
        old = [p for p in sources.files_under(posixpath.dirname(config)) if p.startswith(f"{config}#{key}=")]
        return CommandEffect(writes=(config,), caches=(_marker(config, key, value.lower()),), deletes=tuple(old),
                             note=f"poetry config {key} {value} (in {config})")

    def _poetry_export(self, cmd: SimpleCommand, project: str, rest: list[str]) -> CommandEffect | None:
        """`poetry export -f requirements.txt -o FILE`: FILE lists the locked packages of the groups
        chosen; a later `pip install -r FILE` reads the names from pyproject.toml."""
        out = None
        kept: list[str] = []
        i = 0
        while i < len(rest):
            a = rest[i]
            opt, eq, value = a.partition("=")
            if opt in ("-o", "--output", "-f", "--format", "--with", "--only", "--without", "-E", "--extras") and not eq:
                value = rest[i + 1] if i + 1 < len(rest) else ""
                i += 1
            if opt in ("-o", "--output"):
                out = _abs(cmd.cwd, value)
            elif opt in ("-f", "--format"):
                if value != "requirements.txt":
                    return None
            elif opt in ("--with", "--only", "--without", "-E", "--extras"):
                kept.extend([opt, value])
            elif opt in ("--dev", "--all-extras", "--without-hashes", "--without-urls", "--with-credentials",
                         "-n", "--no-interaction", "--no-ansi"):
                kept.append(opt)
            else:
                return None
            i += 1
        if out is None and len(cmd.redirect_writes) == 1 and cmd.redirect_writes[0].known:
            out = _abs(cmd.cwd, cmd.redirect_writes[0].text)
        if out is None:
            return CommandEffect(note="poetry export: prints only")
        marker = out + "#poetry-export=" + project + ("|" + "|".join(kept) if kept else "")
        return CommandEffect(writes=(out,), caches=(marker,), note=f"poetry export: the locked requirements in {out}")

    # -- pipenv -----------------------------------------------------------------------------------
    def _pipenv(self, cmd: SimpleCommand, sources: SourceView, args: list[str]) -> _Install | CommandEffect | None:
        env = dict(cmd.envmap())
        home = env.get("HOME") or "/root"
        if not args:
            return None
        verb, rest = args[0], args[1:]
        if verb in ("--version", "--where", "--venv", "--py", "graph", "check", "--help", "verify"):
            return CommandEffect(note=f"pipenv {verb}: prints only")
        pipfile = _abs(cmd.cwd, env["PIPENV_PIPFILE"]) if env.get("PIPENV_PIPFILE") else None
        if pipfile is None:
            d = cmd.cwd
            while pipfile is None:
                if sources.exists(posixpath.join(d, "Pipfile")):
                    pipfile = posixpath.join(d, "Pipfile")
                elif d == "/":
                    return None
                d = posixpath.dirname(d)
        project = posixpath.dirname(pipfile)
        cache = posixpath.join(home, ".cache/pipenv")
        if verb == "lock":
            return CommandEffect(writes=(pipfile + ".lock",), caches=(cache,), note="pipenv lock")
        if verb not in ("install", "sync"):
            return None
        known = {"--system", "--deploy", "--ignore-pipfile", "--dev", "-d", "--clear", "--verbose", "-v", "--quiet",
                 "--skip-lock", "--keep-outdated", "--selective-upgrade", "--categories", "--extra-pip-args",
                 "--no-site-packages"}
        if any(a.startswith("-") and a.partition("=")[0] not in known for a in rest):
            return None
        if any(not a.startswith("-") for a in rest):
            return CommandEffect(refuse=f"`pipenv {verb} {' '.join(rest)}` adds packages to the Pipfile and locks them "
                                        "anew: what it installs is not read from the files")
        text = sources.read(pipfile)
        names = manifests.pipfile_packages(text, "--dev" in rest or "-d" in rest) if text is not None else None
        if names is None:
            return None
        target: _Target | None
        if env.get("VIRTUAL_ENV") and not _flag(env, "PIPENV_IGNORE_VIRTUALENVS"):
            active = env["VIRTUAL_ENV"]
            target = _Target("venv", active) if sources.exists(posixpath.join(active, "pyvenv.cfg")) else None
        elif "--system" in rest or _flag(env, "PIPENV_SYSTEM"):
            target = _venv_on_path(env, sources)
        elif _flag(env, "PIPENV_VENV_IN_PROJECT") or sources.exists(posixpath.join(project, ".venv", "pyvenv.cfg")):
            target = _Target("venv", posixpath.join(project, ".venv"))
        else:
            # pipenv's folder of venvs (NAME-HASH): `pipenv run` finds the venv there again.
            workon = env.get("WORKON_HOME") or posixpath.join(env.get("XDG_DATA_HOME") or posixpath.join(home, ".local/share"),
                                                              "virtualenvs")
            target = _Target("venvs", _abs(cmd.cwd, workon))
        if target is None:
            return None
        projects = manifests.pipfile_path_dependencies(text or "", "--dev" in rest or "-d" in rest, project)
        for folder, _ in projects:
            names.extend(manifests.project_dependencies(folder, sources))
        return _Install(f"pipenv {verb}", target, names, projects, caches=[cache, posixpath.join(home, ".cache/pip")])

    # -- uv ---------------------------------------------------------------------------------------
    def _uv(self, cmd: SimpleCommand, sources: SourceView, args: list[str]) -> _Install | CommandEffect | None:
        env = dict(cmd.envmap())
        home = env.get("HOME") or "/root"
        cache = env.get("UV_CACHE_DIR") or posixpath.join(home, ".cache/uv")
        while args and args[0] in ("--no-cache", "-n", "-q", "--quiet", "-v", "--verbose", "--offline", "--no-progress",
                                   "--native-tls", "--frozen", "--locked"):
            args = args[1:]
        if not args:
            return None
        verb, rest = args[0], args[1:]
        if verb in ("--version", "-V", "version", "help", "--help", "tree"):
            return CommandEffect(note=f"uv {verb}: prints only")
        if verb == "pip":
            return self._pip(cmd, sources, rest, "", uv=True)
        if verb == "cache" and rest[:1] in (["clean"], ["prune"]):
            return CommandEffect(caches=(cache,), note=f"uv cache {rest[0]}")
        if verb == "venv":
            return self._uv_venv(cmd, sources, rest, env)
        if verb == "lock":
            root = manifests.project_root(cmd.cwd, sources)
            return CommandEffect(writes=(posixpath.join(root, "uv.lock"),), caches=(cache,), note="uv lock") if root else None
        if verb == "sync":
            return self._uv_sync(cmd, sources, rest, env, cache)
        if verb == "export":
            return self._uv_export(cmd, sources, rest, cache)
        return None

    def _uv_export(self, cmd: SimpleCommand, sources: SourceView, rest: list[str], cache: str) -> CommandEffect | None:
        """`uv export --format requirements-txt -o FILE` (or `> FILE`): FILE lists the locked packages;
        a later `pip install -r FILE` / `uv pip install -r FILE` reads them from pyproject.toml."""
        out = None
        project_opt = None
        kept: list[str] = []
        i = 0
        while i < len(rest):
            a = rest[i]
            opt, eq, value = a.partition("=")
            if opt in ("-o", "--output-file", "--format", "--extra", "--group", "--only-group", "--project", "--directory",
                       "--no-group") and not eq:
                value = rest[i + 1] if i + 1 < len(rest) else ""
                i += 1
            if opt in ("-o", "--output-file"):
                out = _abs(cmd.cwd, value)
            elif opt == "--format":
                if value not in ("requirements-txt", "requirements.txt"):
                    return None
            elif opt in ("--project", "--directory"):
                project_opt = value
            elif opt in ("--extra", "--group", "--only-group"):
                kept.extend([opt, value])
            elif opt in ("--no-dev", "--all-extras", "--no-emit-project", "--no-editable"):
                kept.append(opt)
            elif opt not in ("--frozen", "--locked", "--no-hashes", "--no-header", "--no-annotate", "-q", "--quiet",
                             "--no-cache", "--no-group"):
                return None
            i += 1
        if out is None and len(cmd.redirect_writes) == 1 and cmd.redirect_writes[0].known:
            out = _abs(cmd.cwd, cmd.redirect_writes[0].text)
        root = manifests.project_root(_abs(cmd.cwd, project_opt) if project_opt else cmd.cwd, sources)
        if root is None:
            return None
        if out is None:
            return CommandEffect(caches=(cache,), note="uv export: prints only")
        marker = out + "#uv-export=" + root + ("|" + "|".join(kept) if kept else "")
        return CommandEffect(writes=(out,), caches=(cache, marker), note=f"uv export: the locked requirements in {out}")

    def _uv_python_problem(self, python: str | None, project: str | None, env: dict[str, str], sources: SourceView) -> str | None:
        """Why uv would not use the image's own interpreter (it would download another, which the
        runtime base does not have), or None."""
        version = env.get("PYTHON_VERSION", "")
        if not _minor(env):
            return "the build image names no Python version: which interpreter uv picks is not known"
        if (env.get("UV_PYTHON_PREFERENCE") or "").lower() == "only-managed":
            return "UV_PYTHON_PREFERENCE=only-managed: uv downloads its own Python, which the runtime base does not have"
        if python:
            if "/" in python:
                if posixpath.dirname(python) != "/usr/local/bin":
                    return f"uv is told to use {python}, not the image's /usr/local/bin interpreter"
            elif not re.fullmatch(r"(?:python|cpython-?)?" + re.escape(_minor(env) or "") + r"(?:\.\d+)?", python):
                return (f"uv is asked for Python {python}, and the build image has {version}: uv would download it, "
                        "and the runtime base does not have it")
        for folder in [project] if project else []:
            pinned = sources.read(posixpath.join(folder, ".python-version"))
            if pinned is not None:
                want = pinned.strip().splitlines()[0].strip() if pinned.strip() else ""
                if want and not (version + ".").startswith(want + ".") and not want.startswith(version + "."):
                    return (f".python-version asks for Python {want} and the build image has {version}: uv would "
                            "download that interpreter, which the runtime base does not have")
            py = manifests.read_toml(posixpath.join(folder, "pyproject.toml"), sources) or {}
            spec = py.get("project", {}).get("requires-python") if isinstance(py.get("project"), dict) else None
            if isinstance(spec, str):
                ok = manifests.requires_python(spec, version)
                if ok is not True:
                    return (f"requires-python {spec!r} " + ("is not met by" if ok is False else "is not read against")
                            + f" the build image's Python {version}: uv may download another interpreter, which the "
                            "runtime base does not have")
        return None

    def _uv_venv(self, cmd: SimpleCommand, sources: SourceView, rest: list[str], env: dict[str, str]) -> CommandEffect | None:
        ops: list[str] = []
        python = env.get("UV_PYTHON")
        i = 0
        while i < len(rest):
            a = rest[i]
            opt, eq, value = a.partition("=")
            if opt in ("--python", "-p", "--prompt") and not eq:
                value = rest[i + 1] if i + 1 < len(rest) else ""
                i += 1
            if opt in ("--python", "-p"):
                python = value
            elif a.startswith("-"):
                if opt not in ("--seed", "--prompt", "--allow-existing", "--clear", "-q", "--quiet", "--no-cache",
                               "--system-site-packages", "--link-mode", "--no-project"):
                    return None
            else:
                ops.append(a)
            i += 1
        if len(ops) > 1:
            return None
        root = manifests.project_root(cmd.cwd, sources)
        if self._uv_python_problem(python, root or cmd.cwd, env, sources):
            return None
        default = env.get("UV_PROJECT_ENVIRONMENT") or ".venv"
        venv = _abs(cmd.cwd, ops[0]) if ops else _abs(root or cmd.cwd, default)
        return CommandEffect(writes=(posixpath.join(venv, "pyvenv.cfg"),), trees=(venv,),
                             note=f"uv venv: a virtual environment in {venv}")

    def _uv_sync(self, cmd: SimpleCommand, sources: SourceView, rest: list[str], env: dict[str, str],
                 cache: str) -> _Install | None:
        project_opt = None
        python = env.get("UV_PYTHON")
        dev = not _flag(env, "UV_NO_DEV")
        extras: list[str] = []
        install_project = not _flag(env, "UV_NO_INSTALL_PROJECT")
        editable = not _flag(env, "UV_NO_EDITABLE")
        groups_extra: list[str] = []
        only_groups: list[str] | None = None
        i = 0
        while i < len(rest):
            a = rest[i]
            opt, eq, value = a.partition("=")
            if opt in ("--project", "--directory", "--python", "-p", "--extra", "--group", "--only-group", "--no-group",
                       "--link-mode", "--package") and not eq:
                value = rest[i + 1] if i + 1 < len(rest) else ""
                i += 1
            if opt in ("--project", "--directory"):
                project_opt = value
            elif opt in ("--python", "-p"):
                python = value
            elif opt == "--extra":
                extras.append(value)
            elif opt == "--all-extras":
                extras.append("*")
            elif opt in ("--no-dev",):
                dev = False
            elif opt == "--group":
                groups_extra.append(value)
            elif opt == "--only-group":
                only_groups = (only_groups or []) + [value]
            elif opt == "--only-dev":
                only_groups = ["dev"]
            elif opt == "--no-install-project":
                install_project = False
            elif opt == "--no-editable":
                editable = False
            elif opt not in ("--frozen", "--locked", "--no-cache", "-q", "--quiet", "-v", "--compile-bytecode",
                             "--no-progress", "--link-mode", "--no-group", "--inexact", "--exact", "--offline",
                             "--all-groups", "--no-install-workspace", "--no-sources", "--native-tls", "--refresh"):
                return None
            i += 1
        root = manifests.project_root(_abs(cmd.cwd, project_opt) if project_opt else cmd.cwd, sources)
        if root is None:
            return None
        py = manifests.read_toml(posixpath.join(root, "pyproject.toml"), sources)
        if py is None:
            return None
        venv = _abs(root, env.get("UV_PROJECT_ENVIRONMENT") or ".venv")    # relative to the project's root
        target = _system(env) if venv == "/usr/local" else None if venv in _NOT_OWN_FOLDERS else _Target("venv", venv)
        if target is None:
            return None
        groups = only_groups if only_groups is not None else (["dev"] if dev else []) + groups_extra
        names = [] if only_groups is not None else manifests.project_dependencies(root, sources, extras, ())
        names.extend(manifests.project_dependencies(root, sources, (), groups) if groups else [])
        names = list(dict.fromkeys(names))
        has_build = isinstance(py.get("build-system"), dict) or _table_get(py, "tool", "uv", "package") is True
        projects = [(root, editable)] if install_project and only_groups is None and has_build else []
        inst = _Install("uv sync", target, names, projects, caches=[cache])
        if not any(a.partition("=")[0] in ("--frozen", "--locked") for a in rest) and not _flag(env, "UV_FROZEN") \
                and not _flag(env, "UV_LOCKED"):
            inst.writes.append(posixpath.join(root, "uv.lock"))     # resolved and locked first
        inst.problem = self._uv_python_problem(python, root, env, sources)
        return inst

    # -- pipx -------------------------------------------------------------------------------------
    def _pipx(self, cmd: SimpleCommand, args: list[str]) -> CommandEffect | None:
        """`pipx install NAME`: a venv of its own under PIPX_HOME and its scripts linked into
        PIPX_BIN_DIR (a build tool such as poetry: the app does not import it)."""
        env = dict(cmd.envmap())
        home = env.get("HOME") or "/root"
        if not args:
            return None
        if args[0] in ("--version", "list", "environment", "ensurepath"):
            return CommandEffect(note=f"pipx {args[0]}")
        if args[0] != "install":
            return None
        ops = [a for a in args[1:] if not a.startswith("-")]
        if len(ops) != 1 or any(a.startswith("-") and a not in ("--force", "-f", "--quiet", "-q") for a in args[1:]):
            return None
        name = _req_name(ops[0]).split("[")[0]
        scripts = TOOL_SCRIPTS.get(name) or CONSOLE_SCRIPTS.get(name)
        if not scripts:
            return None            # which scripts it links is unknown
        pipx_home = env.get("PIPX_HOME") or posixpath.join(home, ".local/share/pipx")
        bindir = env.get("PIPX_BIN_DIR") or posixpath.join(home, ".local/bin")
        return CommandEffect(writes=tuple(posixpath.join(bindir, s) for s in scripts),
                             trees=(posixpath.join(pipx_home, "venvs", name),),
                             caches=(posixpath.join(pipx_home, "shared"), posixpath.join(home, ".cache/pip")),
                             note=f"pipx install {name}")

    # -- the image's command -----------------------------------------------------------------
    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/", env: Mapping[str, str] | None = None) -> Launch | None:
        if not argv:
            return None
        name = posixpath.basename(argv[0])
        if name.startswith("pip") and re.fullmatch(r"pip(?:3(?:\.\d+)?)?", name) or \
                (_PY.match(name) and argv[1:3] == ["-m", "pip"]):
            if "install" in argv:
                return Launch(name, refuse=f"the image runs `{' '.join(argv[:3])}` when the container starts: it installs "
                                           "packages at each start, so the runtime stage would need pip's build tools "
                                           "and the network (install them in the build)")
            return None
        if name in ("poetry", "pipenv", "uv") and "/" not in argv[0]:
            return self._tool_run(name, list(argv[1:]), build_image, files, workdir, env)
        if _PY.match(name):
            return self._python(name, list(argv[1:]), files, workdir, env)
        if name in _SERVERS:
            if name == "flask" and "run" not in argv[1:]:
                return None
            # A console script pip wrote: found where the build put it (the table of well-known
            # packages' scripts, a venv's bin/), else refused; never assumed on the runtime base.
            return Launch(name, installed=True, on_path=True, needs=self._server_needs(name, list(argv[1:]), files, workdir, env))
        script = next((a for p, a in files.built().items() if a.ecosystem == "python" and a.kind == "script"
                       and posixpath.basename(p) == name), None) if files is not None and "/" not in argv[0] else None
        if script is not None:
            # A console script the build installed (a project's `[project.scripts]`, alembic ...):
            # the interpreter runs it with the installed packages; a project's own entry point's
            # module is scanned like an app's.
            points = manifests.project_entry_points(script.source_dir, files) if files is not None else None
            module = (points or {}).get(name, "").partition(":")[0]
            needs = self._scan(None, module, files, workdir, (script.source_dir, posixpath.join(script.source_dir, "src")), env) \
                if module else None
            return Launch(name, installed=True, on_path=True, needs=needs)
        if files is not None and "/" not in argv[0] and any(name in scripts for scripts in CONSOLE_SCRIPTS.values()) \
                and any(a.ecosystem == "python" and a.kind in ("venv", "venvs") for a in files.built().values()):
            # a well-known package's console script in a venv the build filled (alembic in uv's
            # .venv/bin): found there on PATH, else refused (SS014); never assumed on the base
            return Launch(name, installed=True, on_path=True)
        return None

    def _tool_run(self, tool: str, args: list[str], build_image: str, files: SourceView | None,
                  workdir: str, env: Mapping[str, str] | None = None) -> Launch | None:
        """`poetry run X`, `pipenv run X`, `uv run X`: the tool finds the environment it installed
        and runs X in it. Followed when the tool only runs X: poetry and pipenv do; uv syncs the
        environment first unless --no-sync."""
        opts: list[str] = []
        while args and args[0].startswith("-") and args[0] != "--":
            opts.append(args.pop(0))
        if not args or args[0] != "run":
            if tool == "poetry" and args[:1] == ["install"] or tool == "pipenv" and args[:1] in (["install"], ["sync"]) \
                    or tool == "uv" and args[:1] in (["sync"], ["pip"]):
                return Launch(tool, refuse=f"the image runs `{tool} {args[0]}` when the container starts: it installs "
                                           "packages at each start (install them in the build)")
            return None
        args = args[1:]
        while args and args[0].startswith("-") and args[0] != "--":
            opts.append(args.pop(0))
        if args[:1] == ["--"]:
            args = args[1:]
        shown = f"{tool} run {' '.join(args)}".strip()
        if tool == "uv" and "--no-sync" not in opts and (env or {}).get("UV_NO_SYNC", "").lower() not in ("1", "true", "yes"):
            return Launch(tool, refuse=f"the image runs `{shown}`: uv run first syncs the environment with the lock file "
                                       "(a resolver and possibly the network at each start); with --no-sync it would "
                                       "only run the program, and the command could be followed")
        if not args:
            return None
        inner = self.launches(args, build_image, files, workdir, env)
        if inner is None or inner.refuse:
            return inner if inner is not None else Launch(tool, refuse=f"the image runs `{shown}`, which starts "
                                                                       f"{args[0]}: not a Python program this analysis follows")
        script = f"/usr/local/bin/{tool}"
        if files is None or not files.exists(script) or not files.made_by_run(script):
            return Launch(tool, refuse=f"the image runs `{shown}`, and {tool} is not a script pip wrote to /usr/local/bin: "
                                       f"the runtime stage could not carry {tool} itself")
        site = _system(dict(base_images.describe_build_image(build_image).env))
        if site is None:
            return Launch(tool, refuse=f"the image runs `{shown}`, and the build image {build_image} names no Python version: "
                                       f"where {tool}'s own packages are is not known")
        refs = [DataRef(script, "the image's command", f"{tool} run")]
        if tool == "poetry":
            # `poetry config` settings (virtualenvs.create false, in-project ...) tell `poetry run`
            # where the environment is: the config file goes too.
            refs.extend(DataRef(p, "the image's command", "poetry run (its configuration)")
                        for p in files.files_under("/") if p.endswith("/pypoetry/config.toml") and files.exists(p))
        if tool != "uv":      # uv is one native program; poetry and pipenv are Python packages
            refs.append(DataRef(site.path, "the image's command", f"{tool} run (its own packages)"))
        venvs = [a for a in files.built().values() if a.ecosystem == "python" and a.kind == "venv"]
        needs = inner.needs
        extra = RuntimeNeeds(libc="glibc", data_refs=tuple(refs), decisions=(
            Decision(f"{tool} run", f"runs {args[0]}", f"{tool} only finds its environment and runs {args[0]} there: {tool} "
                                                       "itself is carried"),))
        merged = extra if needs is None else RuntimeNeeds(
            libc="glibc", data_refs=needs.data_refs + extra.data_refs, commands=needs.commands, certs=needs.certs,
            tzdata=needs.tzdata, runs_commands=needs.runs_commands, refuse=needs.refuse,
            decisions=needs.decisions + extra.decisions)
        # In a venv the tool puts the venv's bin/ first on PATH: X is found there, not on the image's PATH.
        return Launch(inner.runtime_command, paths=inner.paths, installed=True, on_path=inner.on_path and not venvs,
                      needs=merged)

    def _python(self, name: str, args: list[str], files: SourceView | None = None, workdir: str = "/",
                env: Mapping[str, str] | None = None) -> Launch | None:
        i = 0
        while i < len(args):
            a = args[i]
            if a == "-m" and i + 1 < len(args):
                mod = args[i + 1]
                if mod in ("pip", "venv", "ensurepip", "build"):
                    return Launch(name, refuse=f"the image runs `{name} -m {mod}` when the container starts: a build "
                                               "step, which the runtime stage does not have the tools for")
                if mod in _SERVERS or mod in ("gunicorn", "uvicorn"):
                    return Launch(name, installed=True, needs=self._server_needs(mod, args[i + 2:], files, workdir, env))
                return Launch(name, installed=True, needs=self._scan(None, mod, files, workdir, env=env))
            if a == "-c":
                return Launch(name, installed=True)
            if a in ("-W", "-X"):
                i += 2
                continue
            if a.startswith("-"):
                i += 1
                continue
            if a.startswith("$"):
                return None
            if posixpath.basename(a) == "setup.py":
                return Launch(name, refuse="the image runs setup.py when the container starts: a build step")
            if posixpath.basename(a) == "manage.py" and args[i + 1:i + 2] in (["collectstatic"], ["compilemessages"]):
                pass
            return Launch(name, paths=(a,), installed=True, needs=self._scan(_abs(workdir, a), None, files, workdir, env=env))
        return None                 # the interactive interpreter: nothing of the build runs

    def _server_needs(self, server: str, args: list[str], files: SourceView | None, workdir: str,
                      env: Mapping[str, str] | None = None) -> RuntimeNeeds | None:
        """What the app a server loads needs: gunicorn/uvicorn/hypercorn/daphne `module:app`,
        `celery -A module`, `fastapi run|dev FILE`, `streamlit run FILE` (--chdir/--app-dir: an
        import root)."""
        module = entry = None
        roots: list[str] = []
        ops: list[str] = []
        i = 0
        while i < len(args):
            a = args[i]
            opt, eq, value = a.partition("=")
            if a.startswith("-"):
                if opt in _SERVER_VALUE_OPTS | {"-A", "--app"} and not eq:
                    value = args[i + 1] if i + 1 < len(args) else ""
                    i += 1
                if opt in ("--chdir", "--app-dir", "--pythonpath"):
                    roots.append(_abs(workdir, value))
                elif opt in ("-A", "--app") and server == "celery":
                    module = value.split(":")[0]
            else:
                ops.append(a)
            i += 1
        if server in ("fastapi", "streamlit"):
            path = ops[1] if len(ops) > 1 and ops[0] in ("run", "dev") else None
            if path is None or not path.endswith(".py"):
                return None
            entry = _abs(workdir, path)
        elif server not in ("celery", "flask"):
            module = next((a.split(":")[0] for a in ops if re.fullmatch(r"[A-Za-z_][\w.]*(:[\w.()]+)?", a)), None)
        if module is None and entry is None:
            return None
        return self._scan(entry, module, files, roots[0] if len(roots) == 1 and server == "gunicorn" else workdir, roots, env)

    def _scan(self, entry: str | None, module: str | None, files: SourceView | None, workdir: str,
              pythonpath: Sequence[str] = (), env: Mapping[str, str] | None = None) -> RuntimeNeeds | None:
        if files is None:
            return None
        from . import python_sources  # here, not at the top: libcst loads only when an app is scanned
        # the image's PYTHONPATH is an import root too (relative entries from the working folder)
        roots = tuple(pythonpath) + tuple(_abs(workdir, d) for d in (env or {}).get("PYTHONPATH", "").split(":") if d)
        return python_sources.launch_needs(entry, module, workdir, files, roots, env=dict(env or {}))

    # -- run time ------------------------------------------------------------------------------
    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        rt = python_runtime(build_image)
        libc = "musl" if "alpine" in build_image else "glibc"
        if isinstance(rt, str):
            return RuntimeNeeds(libc=libc, refuse=rt)
        if artifact.kind in ("script", "editable", "data"):   # the packages' artifact explains the rest
            return RuntimeNeeds(libc=libc, runtime=rt)
        inst = self._reinstall(artifact, sources)
        if isinstance(inst, _Install) and inst.problem:
            return RuntimeNeeds(libc=libc, refuse=f"{artifact.command}: {inst.problem}")
        decisions = [Decision("python runtime", f"python {rt.version}",
                              f"the packages were installed by {artifact.command} for the interpreter of {build_image}: "
                              "the slim image of the same minor version has the same /usr/local layout")]
        if isinstance(inst, _Install) and inst.target.kind == "venvs":
            decisions.append(Decision("virtual environment", artifact.path,
                                      f"{inst.tool} made its venv in a folder of {artifact.path} named after the project and "
                                      "a hash of its path: the folder goes whole, at the same path, so the tool finds it again"))
        names = inst.names if isinstance(inst, _Install) else []
        libs: list[str] = []
        for n in names:
            for lib in NATIVE_LIBS.get(n.split("[")[0], ()):
                if lib not in libs:
                    libs.append(lib)
        if libs:
            decisions.append(Decision("native libraries", ", ".join(libs),
                                      "installed packages load them and the slim image lacks them (" +
                                      ", ".join(n for n in names if n.split("[")[0] in NATIVE_LIBS) + ")"))
        # An interpreted app may run any program or load any library the build installed (graphviz's
        # dot, libgomp for lightgbm, ffmpeg): the OS packages it installed are installed again,
        # but compilers and headers (runs_commands: the planner's rule for programs that run others).
        return RuntimeNeeds(libc=libc, runtime=rt, shared_libs=tuple(libs), certs=True, runs_commands=True,
                            decisions=tuple(decisions))

    def _reinstall(self, artifact: BuiltArtifact, sources: SourceView) -> _Install | CommandEffect | None:
        """The install that built ARTIFACT, read again (its names, its problem)."""
        cmd = SimpleCommand(tuple(Word(t) for t in artifact.argv), artifact.source_dir, artifact.build_env)
        return self._install(cmd, sources)

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        name = posixpath.basename(cmd.name)
        home = cmd.envmap().get("HOME") or "/root"
        if re.fullmatch(r"pip(?:3(?:\.\d+)?)?", name) or (_PY.match(name) and list(cmd.args[:2]) == ["-m", "pip"]):
            return (posixpath.join(home, ".cache/pip"),)
        if name == "uv":
            return (cmd.envmap().get("UV_CACHE_DIR") or posixpath.join(home, ".cache/uv"),)
        if name == "poetry" and cmd.args[:1] in (("install",), ("sync",)):
            # its downloads only: poetry's venvs live in the same cache-dir (virtualenvs/)
            cache = cmd.envmap().get("POETRY_CACHE_DIR") or posixpath.join(home, ".cache/pypoetry")
            return (posixpath.join(cache, "cache"), posixpath.join(cache, "artifacts"))
        return ()

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        return False


def _table_get(data: dict[str, object], *keys: str) -> object:
    cur: object = data
    for k in keys:
        cur = cur.get(k) if isinstance(cur, dict) else None
    return cur


# Folders a --target/--prefix may not name: carried whole, they would bring the build image's own files.
_NOT_OWN_FOLDERS = frozenset("/ /usr /usr/local /usr/lib /opt /bin /lib /etc /var /srv /home /root /tmp".split())
_SERVER_VALUE_OPTS = frozenset("-b --bind -w --workers -k --worker-class --host --port --log-level -c --config --threads "
                               "--timeout -t --access-logfile --error-logfile --chdir --app-dir --env-file --root-path "
                               "--forwarded-allow-ips --workers --uds --fd --log-config --graceful-timeout "
                               "--keep-alive --max-requests --worker-connections --user -u --group -g --name -n "
                               "--pythonpath --limit-concurrency --backlog --proxy-headers --ws --loop --http "
                               "--lifespan --interface --h11-max-incomplete-event-size --ssl-keyfile --ssl-certfile "
                               "--preload --reload-dir".split()) - {"--preload", "--proxy-headers"}


ECOSYSTEM = Python()
