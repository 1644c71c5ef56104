"""Python: which pip installs fill site-packages or a virtual environment, and what they need
at run time (the interpreter of the same minor version, OS libraries of native wheels).

- Installs read: `pip install` (also `pip3`, `pythonX.Y -m pip`, a venv's `bin/pip`) of
  requirement files (`-r FILE`, nested `-r` lines), named requirements and the project itself
  (`.`), with the usual quiet options (`--no-cache-dir`, `-U`, `--upgrade`, `-q`,
  `--disable-pip-version-check`, `--no-compile`, `--prefer-binary`, `--no-deps`, `-i`/index
  options, `-c FILE`). `--user`, `--target`, `--prefix`, `--root`, `-e` and unknown options
  write where this module does not follow: the command stays unknown (a refusal).
  `python -m venv DIR` makes DIR a virtual environment; a later pip of DIR/bin (named, or first
  on PATH) installs into it.
- Where the packages go, and how the runtime stage gets them:
  - system-wide (the official images' /usr/local layout): the folder
    /usr/local/lib/pythonX.Y/site-packages (X.Y from the tag's PYTHON_VERSION: python:3.11),
    copied whole onto python:X.Y-slim, whose interpreter has the same layout; and the console
    scripts pip wrote to /usr/local/bin for the packages named (a table of well-known ones:
    gunicorn, uvicorn, flask, celery, django-admin ...), each copied by name. /usr/local/bin is
    never copied whole: it holds the build image's interpreter, which must not replace the base's.
  - a virtual environment: the venv folder, whole (its bin/ holds the console scripts and its
    python links to /usr/local/bin/pythonX.Y, present on the slim base).
- Runtime: Runtime("python", "X.Y-slim[-RELEASE]") (or "X.Y-alpine[RELEASE]" on alpine): the
  slim image of the same minor version and the same Debian release when the tag names one
  (python:3.11-bookworm -> python:3.11-slim-bookworm, python:3.11 -> python:3.11-slim, both
  published on the same release). A tag without a minor version is refused, never guessed.
- Native wheels built from source that link OS libraries (psycopg2, lxml, mysqlclient, Pillow
  built against the build's -dev packages ...): their libraries by a package table, installed
  again on the slim base (libpq5, libxml2 + libxslt1.1, libmariadb3 ...). A package installed
  with an OS -dev package this module cannot map is refused.
- Launches: `python[3[.X]] FILE|-m MODULE`, `gunicorn`, `uvicorn`, `flask run`, `celery`,
  `hypercorn`, `daphne`, `waitress-serve`, `python manage.py runserver`: interpreter launches
  (Launch.installed): the installed packages run too. `pip install` at container start, or an
  image command that compiles, is refused (SS023).
- Build inputs (not carried): __pycache__ and *.pyc (rebuilt by the interpreter), .venv (a
  developer's environment from the context, for another interpreter), .tox, .pytest_cache,
  .mypy_cache, .ruff_cache. Requirement files, setup.py and pyproject.toml are kept: they are
  tiny, and apps read their own metadata (importlib.metadata of an installed project).

Example: `FROM python:3.11`, `RUN pip install --no-cache-dir -r requirements.txt` naming
gunicorn and flask, `CMD ["gunicorn", "app:app"]` -> the runtime stage is python:3.11-slim
with /usr/local/lib/python3.11/site-packages, /usr/local/bin/gunicorn, /usr/local/bin/flask
and the app folder.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from converter.shell import SimpleCommand

from . import BuiltArtifact, CommandEffect, Decision, Launch, Runtime, RuntimeNeeds, SourceView, base_images

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
}
# Extras and meta-packages that bring another one's scripts.
_BRINGS: dict[str, tuple[str, ...]] = {"fastapi[standard]": ("uvicorn", "fastapi-cli"), "fastapi[all]": ("uvicorn",)}

# Distributions built from source against OS libraries: the libraries (short names, as in -lNAME).
NATIVE_LIBS: dict[str, tuple[str, ...]] = {
    "psycopg2": ("pq",),
    "lxml": ("xml2", "xslt"),
    "mysqlclient": ("mariadb",),
    "pillow": ("jpeg", "z"),
    "python-ldap": ("ldap",),
    "pycurl": ("curl",),
    "cffi": ("ffi",),
}
_PIP_FLAGS = frozenset("--no-cache-dir -U --upgrade -q --quiet -v --verbose --disable-pip-version-check --no-compile "
                       "--compile --prefer-binary --no-deps --no-input --no-warn-script-location --upgrade-strategy "
                       "--force-reinstall --ignore-installed -I --require-hashes --no-build-isolation --progress-bar "
                       "--root-user-action --break-system-packages --only-binary --no-binary --pre "
                       "--no-warn-conflicts --use-pep517".split())
_PIP_VALUE_OPTS = frozenset("-r --requirement -c --constraint -i --index-url --extra-index-url --trusted-host "
                            "--upgrade-strategy --progress-bar --root-user-action --only-binary --no-binary "
                            "-f --find-links --timeout --retries".split())
_PIP_ELSEWHERE = frozenset("--user --target -t --prefix --root -e --editable --src".split())

_BUILD_INPUTS = ("__pycache__", "*.pyc", ".venv", ".tox", ".pytest_cache", ".mypy_cache", ".ruff_cache")
_SERVERS = ("gunicorn", "uvicorn", "hypercorn", "daphne", "waitress-serve", "celery", "flask", "streamlit", "fastapi")
_PY = re.compile(r"^python(?:3(?:\.\d+)?)?$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _req_name(spec: str) -> str:
    """`Flask[async]>=2.0 ; python_version>'3'` -> "flask[async]" (extras kept)."""
    spec = spec.split(";")[0].split("#")[0].strip()
    m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?", spec)
    if not m:
        return ""
    return _norm(m.group(1)) + (m.group(2) or "").lower().replace(" ", "")


def _abs(cwd: str, p: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, p))


def _read_requirements(path: str, sources: SourceView, depth: int = 0) -> list[str] | None:
    """Requirement names of a requirements file (nested -r followed); None when unreadable."""
    text = sources.read(path)
    if text is None or depth > 4:
        return None
    names: list[str] = []
    for raw in text.splitlines():
        line = raw.split(" #")[0].strip()
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
        elif line.startswith("-"):
            return None            # -e / --editable and other options: not followed
        elif "://" in line or line.startswith((".", "/")):
            names.append(line)     # a URL or a path: its scripts are unknown
        else:
            names.append(_req_name(line))
    return names


def _scripts_for(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        for dist in (n.split("[")[0], *_BRINGS.get(n, ())):
            for s in CONSOLE_SCRIPTS.get(dist, ()):
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
    named = next((r for r in ("bullseye", "bookworm", "trixie") if r in tag), "")
    return Runtime("python", f"{minor}-slim-{named}" if named else f"{minor}-slim")


class Python:
    name = "python"
    language = "Python"
    build_inputs: tuple[str, ...] = _BUILD_INPUTS

    # -- commands --------------------------------------------------------------------------
    def command_effect(self, cmd: SimpleCommand, line: int, sources: SourceView) -> CommandEffect | None:
        name = posixpath.basename(cmd.name)
        args = list(cmd.args)
        if _PY.match(name) and len(args) >= 2 and args[0] == "-m":
            if args[1] == "pip":
                return self._pip(cmd, line, sources, args[2:], posixpath.dirname(cmd.name))
            if args[1] == "venv":
                return self._venv(cmd, line, args[2:])
            return None
        if re.fullmatch(r"pip(?:3(?:\.\d+)?)?", name):
            return self._pip(cmd, line, sources, args, posixpath.dirname(cmd.name))
        return None

    def _venv_of(self, cmd: SimpleCommand, folder: str, sources: SourceView) -> str | None:
        """The venv a pip (or python) runs in: its own folder's parent, or the first PATH entry
        holding a venv the build made; None for the system interpreter."""
        dirs = [folder] if folder else cmd.envmap().get("PATH", "").split(":")
        for d in dirs:
            if d and posixpath.basename(d) == "bin" and sources.exists(posixpath.join(posixpath.dirname(d), "pyvenv.cfg")):
                return posixpath.dirname(d)
            if d and folder == "" and d.startswith("/usr/local/bin"):
                return None        # /usr/local/bin comes first: the system interpreter
        return None

    def _venv(self, cmd: SimpleCommand, line: int, args: list[str]) -> CommandEffect | None:
        ops = [a for a in args if not a.startswith("-")]
        if len(ops) != 1 or any(a not in ("--upgrade-deps", "--copies", "--without-pip", "--clear") for a in args
                                if a.startswith("-")):
            return None
        if "--copies" in args:
            return None            # a copy of the build image's interpreter, not a link to the base's
        venv = _abs(cmd.cwd, ops[0])
        return CommandEffect(writes=(posixpath.join(venv, "pyvenv.cfg"),), trees=(venv,),
                             note=f"python -m venv: a virtual environment in {venv}")

    def _pip(self, cmd: SimpleCommand, line: int, sources: SourceView, args: list[str], folder: str) -> CommandEffect | None:
        env = cmd.envmap()
        home = env.get("HOME") or "/root"
        cache = posixpath.join(home, ".cache/pip")
        if not args:
            return None
        verb = args[0]
        if verb in ("--version", "-V", "list", "freeze", "show", "check", "--help", "help", "config", "debug"):
            return CommandEffect(note=f"pip {verb}: prints only")
        if verb == "download" or (verb == "cache" and args[1:2] == ["purge"]):
            return CommandEffect(caches=(cache,), note=f"pip {verb}: cache only")
        if verb != "install":
            return None
        names: list[str] = []
        i = 1
        rest = args[1:]
        while i < len(args):
            a = args[i]
            opt, eq, value = a.partition("=")
            if opt in _PIP_ELSEWHERE:
                return None
            if a.startswith("-") and not (opt in _PIP_FLAGS or opt in _PIP_VALUE_OPTS):
                return None
            if opt in _PIP_VALUE_OPTS and not eq and opt not in _PIP_FLAGS:
                value = args[i + 1] if i + 1 < len(args) else ""
                i += 1
            if opt in ("-r", "--requirement"):
                read = _read_requirements(_abs(cmd.cwd, value), sources)
                if read is None:
                    return None    # a requirements file the analysis cannot read: its scripts are unknown
                names.extend(read)
            elif not a.startswith("-"):
                names.append(a if a.startswith((".", "/")) or "://" in a else _req_name(a))
            i += 1
        del rest
        if not names:
            return None
        venv = self._venv_of(cmd, folder, sources)
        argv = tuple(w.text for w in cmd.argv)
        if venv is not None:
            art = BuiltArtifact(venv, "python", "venv", cmd.cwd, cmd.env, line, argv)
            return CommandEffect(trees=(venv,), caches=(cache,), artifacts=(art,),
                                 note=f"pip install into the virtual environment {venv}")
        if folder and folder not in ("/usr/local/bin",):
            return None            # Debian's /usr/bin/pip3 and the like: another layout
        version = env.get("PYTHON_VERSION", "")
        m = re.match(r"3\.\d+", version)
        if not m:
            return None
        site = f"/usr/local/lib/python{m.group(0)}/site-packages"
        scripts = [f"/usr/local/bin/{s}" for s in _scripts_for(names)]
        arts = [BuiltArtifact(site, "python", "packages", cmd.cwd, cmd.env, line, argv)]
        arts.extend(BuiltArtifact(s, "python", "script", cmd.cwd, cmd.env, line, argv) for s in scripts)
        return CommandEffect(trees=(site,), writes=tuple(scripts), caches=(cache,), artifacts=tuple(arts),
                             note=f"pip install into {site}" + (f", scripts {', '.join(scripts)}" if scripts else ""))

    # -- the image's command -----------------------------------------------------------------
    def launches(self, argv: Sequence[str], build_image: str, files: SourceView | None = None,
                 workdir: str = "/") -> Launch | None:
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
        if _PY.match(name):
            return self._python(name, list(argv[1:]))
        if name in _SERVERS:
            if name == "flask" and "run" not in argv[1:]:
                return None
            # A console script pip wrote: found where the build put it (the table of well-known
            # packages' scripts, a venv's bin/), else refused; never assumed on the runtime base.
            return Launch(name, installed=True, on_path=True)
        return None

    def _python(self, name: str, args: list[str]) -> Launch | None:
        i = 0
        while i < len(args):
            a = args[i]
            if a == "-m" and i + 1 < len(args):
                mod = args[i + 1]
                if mod in ("pip", "venv", "ensurepip", "build"):
                    return Launch(name, refuse=f"the image runs `{name} -m {mod}` when the container starts: a build "
                                               "step, which the runtime stage does not have the tools for")
                return Launch(name, installed=True)
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
            return Launch(name, paths=(a,), installed=True)
        return None                 # the interactive interpreter: nothing of the build runs

    # -- run time ------------------------------------------------------------------------------
    def runtime_needs(self, artifact: BuiltArtifact, sources: SourceView, build_image: str) -> RuntimeNeeds:
        rt = python_runtime(build_image)
        libc = "musl" if "alpine" in build_image else "glibc"
        if isinstance(rt, str):
            return RuntimeNeeds(libc=libc, refuse=rt)
        if artifact.kind == "script":       # a console script: the packages' artifact explains the rest
            return RuntimeNeeds(libc=libc, runtime=rt)
        decisions = [Decision("python runtime", f"python {rt.version}",
                              f"the packages were installed by {artifact.command} for the interpreter of {build_image}: "
                              "the slim image of the same minor version has the same /usr/local layout")]
        names = self._installed_names(artifact, sources)
        libs: list[str] = []
        for n in names:
            for lib in NATIVE_LIBS.get(n.split("[")[0], ()):
                if lib not in libs:
                    libs.append(lib)
        if libs:
            decisions.append(Decision("native libraries", ", ".join(libs),
                                      "packages built from source here link them (" +
                                      ", ".join(n for n in names if n.split("[")[0] in NATIVE_LIBS) + ")"))
        # An interpreted app may run any program or load any library the build installed (graphviz's
        # dot, libgomp for lightgbm, ffmpeg): the OS packages it installed are installed again,
        # but compilers and headers (runs_commands: the planner's rule for programs that run others).
        return RuntimeNeeds(libc=libc, runtime=rt, shared_libs=tuple(libs), certs=True, runs_commands=True,
                            decisions=tuple(decisions))

    def _installed_names(self, artifact: BuiltArtifact, sources: SourceView) -> list[str]:
        args = list(artifact.argv)
        if "install" not in args:
            return []
        args = args[args.index("install") + 1:]
        names: list[str] = []
        for i, a in enumerate(args):
            if a in ("-r", "--requirement") and i + 1 < len(args):
                names.extend(_read_requirements(_abs(artifact.source_dir, args[i + 1]), sources) or [])
            elif a.startswith("--requirement="):
                names.extend(_read_requirements(_abs(artifact.source_dir, a.partition("=")[2]), sources) or [])
            elif not a.startswith("-") and (i == 0 or args[i - 1] not in _PIP_VALUE_OPTS):
                names.append(_req_name(a))
        return names

    def cache_mounts(self, cmd: SimpleCommand) -> tuple[str, ...]:
        name = posixpath.basename(cmd.name)
        if re.fullmatch(r"pip(?:3(?:\.\d+)?)?", name) or (_PY.match(name) and list(cmd.args[:2]) == ["-m", "pip"]):
            return (posixpath.join(cmd.envmap().get("HOME") or "/root", ".cache/pip"),)
        return ()

    def accepts_unknown_words(self, cmd: SimpleCommand) -> bool:
        return False


ECOSYSTEM = Python()
