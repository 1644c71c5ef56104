"""What a Python app's own sources read and run at run time, found with libcst (never with
regexes over the source): a library heuristics/python.py calls for its launches.

The scan starts at the module the image's command runs (`python app.py`: its file; `python -m
pkg`, `gunicorn app:app`, `uvicorn main:app`: the dotted module) and follows the app's own
imports: modules found under the entry's folder, PYTHONPATH and the WORKDIR (packages'
__init__.py, relative imports, `importlib.import_module("literal")`, `[sys.executable, "-m",
"worker"]`, the Django settings module and what Django loads by name: ROOT_URLCONF,
WSGI_APPLICATION, the project's INSTALLED_APPS). Installed packages (site-packages) are not the
app's: their files are carried with them. Bounded: at most _MAX_FILES modules and _MAX_TOTAL
characters; a file that does not parse is named in the decisions, never fatal.

What it reports (RuntimeNeeds; libc and runtime are the artifacts' business):
- data_refs: paths the sources read. A path relative to the process' working directory
  (`open("config.json")`, `FileSystemLoader("templates")`, `StaticFiles(directory="static")`)
  stays relative (the planner resolves it against WORKDIR); one built from `__file__`
  (`Path(__file__).parent / "data" / "x.json"`, `os.path.join(os.path.dirname(__file__), "x")`,
  a BASE_DIR of such, `importlib.resources.files("pkg")`) is made absolute from the module's
  folder. Names are followed to their assignment, in this module or an app module it imports
  from (`from .config import DATA_DIR`, `paths.DATA`, django.conf.settings.X).
  Absolute string literals ("/etc/myapp/config.yaml", "/srv/models") are data refs too, as the
  Go scan does, but URL paths (decorators' and route calls' arguments, *_URL names,
  url_prefix=), system folders (/etc, /usr/lib ...) and files the runtime base keeps as its own
  (/etc/passwd, /etc/hosts) are not. Flask(__name__) reads templates/ and static/ next to its
  module (or its template_folder=/static_folder=); Jinja2Templates and StaticFiles their
  directory=, jinja2's PackageLoader a package's folder; Django settings name TEMPLATES DIRS,
  STATIC_ROOT, STATICFILES_DIRS, MEDIA_ROOT, a sqlite database NAME and LOCALE_PATHS.
  os.environ.get("X", "default") is the image's ENV value when given, else the default;
  f-strings with unknown parts become globs ("/srv/models/*.pkl"); a path the scan cannot know
  at all (os.environ["X"], a parameter) is only named in the decisions: the carry rule keeps
  the program's folder, and the planner reads ENV values and the command line itself.
- commands: programs run by a literal name (`subprocess.run(["ffmpeg", ...])`, `os.system("convert
  ...")` read by the converter's shell reader, os.exec*, os.spawn*, asyncio's subprocess calls);
  one the build wrote on PATH (pip's /usr/local/bin/flask, a venv's bin/) by its path; the
  interpreter itself is no command. runs_commands for any of those calls.
- refuse: a compiler or make, `pip install` (also `[sys.executable, "-m", "pip", "install"]`),
  an OS or npm package install, or `git clone/pull/fetch` at run time, with the file and line.
"""

from __future__ import annotations

import dataclasses  # libcst nodes are dataclasses: their fields are read below
import posixpath
import re
import shlex
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import libcst as cst
from cachetools import LRUCache
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider
from msgspec import Struct, field

from converter.shell import read_shell

from . import DataRef, Decision, RuntimeNeeds, SourceView

_MAX_FILES = 120
_GENERIC = ("string literal", "path from __file__")
_MAX_BYTES = 1_000_000
_MAX_TOTAL = 2_000_000
# Parsed modules kept between scans, by their text: a batch meets the same sources again and
# again (an app's file in many repositories, variants of one template), and parsing plus line
# numbers are most of a scan's time. Bounded by the texts' total size: a tree and its
# positions take ~250 bytes per byte of source, so 128 kB of sources keep ~32 MB.
_PARSED_BYTES = 128_000

# Folders that are never one app's data: a literal naming one (or a glob under it) is not copied.
_SYSTEM_DIRS = frozenset("""/ /bin /boot /dev /etc /home /lib /lib32 /lib64 /libx32 /media /mnt /opt /proc /root /run
/sbin /srv /sys /tmp /usr /usr/bin /usr/include /usr/lib /usr/lib64 /usr/libexec /usr/local /usr/local/bin
/usr/local/include /usr/local/lib /usr/local/sbin /usr/local/share /usr/sbin /usr/share /usr/src /var /var/cache
/var/lib /var/local /var/lock /var/log /var/mail /var/opt /var/run /var/spool /var/tmp /etc/ssl /etc/ssl/certs
/usr/share/zoneinfo /etc/default /etc/init.d /etc/alternatives""".split())
# Files and trees of the runtime base itself, or of the kernel: never copied from the build.
_BASE_OWN = ("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow", "/etc/hosts", "/etc/hostname",
             "/etc/resolv.conf", "/etc/os-release", "/etc/mtab", "/etc/nsswitch.conf", "/etc/ld.so.cache",
             "/etc/localtime", "/etc/timezone", "/etc/machine-id")
_NOT_DATA_UNDER = ("/proc/", "/sys/", "/dev/", "/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/",
                   "/lib/", "/usr/lib/", "/usr/local/lib/python", "/lib64/", "/usr/include/", "/tmp/", "/run/",
                   "/var/run/")

# Calls that open the file their first argument names.
_OPEN_CALLS = {"open": "open", "builtins.open": "open", "io.open": "io.open", "codecs.open": "codecs.open",
               "os.open": "os.open", "aiofiles.open": "aiofiles.open", "os.listdir": "os.listdir",
               "os.scandir": "os.scandir", "shutil.copy": "shutil.copy", "shutil.copyfile": "shutil.copyfile",
               "shutil.copytree": "shutil.copytree", "glob.glob": "glob.glob", "dotenv.load_dotenv": "load_dotenv",
               "logging.config.fileConfig": "logging.config.fileConfig", "sqlite3.connect": "sqlite3.connect",
               "np.load": "numpy.load", "numpy.load": "numpy.load",
               "pandas.read_csv": "pandas.read_csv", "pd.read_csv": "pandas.read_csv", "joblib.load": "joblib.load",
               "torch.load": "torch.load"}
# Methods of a path object that read it (or write it: the folder that holds it must be there).
_PATH_METHODS = frozenset("read_text read_bytes open iterdir glob rglob exists is_file is_dir stat write_text write_bytes "
                           "touch".split())
# Calls taking a path as first argument or directory= (templates, static files).
_DIR_CALLS = {"jinja2.FileSystemLoader": "FileSystemLoader", "FileSystemLoader": "FileSystemLoader",
              "fastapi.templating.Jinja2Templates": "Jinja2Templates",
              "starlette.templating.Jinja2Templates": "Jinja2Templates",
              "fastapi.staticfiles.StaticFiles": "StaticFiles", "starlette.staticfiles.StaticFiles": "StaticFiles",
              "flask.send_from_directory": "send_from_directory", "flask.send_file": "send_file"}
_DIR_KWARGS = ("directory", "searchpath", "path", "filename")

# Calls that run a program: the argument holding it.
_RUN_CALLS = frozenset("subprocess.run subprocess.call subprocess.check_call subprocess.check_output "
                       "subprocess.Popen asyncio.create_subprocess_exec".split())
_SHELL_CALLS = frozenset("os.system os.popen subprocess.getoutput subprocess.getstatusoutput "
                         "asyncio.create_subprocess_shell commands.getoutput".split())
_EXEC_PREFIX = ("os.exec", "os.spawn", "os.posix_spawn")

_COMPILERS = frozenset("gcc cc g++ c++ clang clang++ make cmake ninja ld as rustc cargo go javac mvn gradle "
                       "tcc gfortran".split())
_INSTALLERS = {"pip": ("install",), "pip3": ("install",), "npm": ("install", "ci", "i"), "yarn": ("install", "add"),
               "apt-get": ("install",), "apt": ("install",), "apk": ("add",), "poetry": ("install", "add"),
               "pipenv": ("install",), "uv": ("pip", "sync", "add"), "conda": ("install",)}
_GIT_FETCH = frozenset("clone pull fetch submodule".split())
_APP_SERVERS = frozenset("uvicorn.run hypercorn.run waitress.serve".split())
_SHELL_BUILTINS = frozenset("exec cd export set echo printf test [ [[ true false : . source exit shift unset trap wait "
                            "read eval local return ulimit umask alias type command builtin".split())
_WRAPPERS = frozenset("nohup env time nice ionice sudo timeout stdbuf setsid".split())

# Calls whose string arguments are URL paths, not files (decorators' are never files either).
_ROUTE_CALLS = frozenset("add_url_rule add_api_route api_route add_route add_websocket_route path re_path url "
                         "register_blueprint include_router include mount APIRouter Blueprint Router redirect url_for "
                         "Namespace add_resource RedirectResponse HttpResponseRedirect reverse urljoin".split())
# Keyword arguments and assigned names that hold URL paths.
_URL_KEYWORDS = frozenset("url_prefix prefix static_url_path url login_url openapi_url docs_url redoc_url "
                          "root_path endpoint href location redirect_to success_url".split())
_URL_NAME = re.compile(r"(?:^|_)(?:URL|URLS|PREFIX|ROUTE|ROUTES|ENDPOINT|PATH_PREFIX)$", re.I)


class _Val(Struct):
    """A path the scan evaluated: text (absolute, or relative to the process' working
    directory), `glob` when parts of it are unknown ("*"), `fromfile` when built from __file__."""

    text: str
    glob: bool = False
    fromfile: bool = False


class _Module(Struct):
    path: str                         # absolute file path
    name: str                         # dotted module name ("" when unknown)
    package: str                      # dotted package the module lives in (for relative imports)
    tree: cst.Module | None = None
    parsed: _Parsed | None = None     # the tree and its line numbers, shared with other scans of the same text
    aliases: dict[str, str] = field(default_factory=dict)       # local name -> qualified ("pathlib.Path")
    assigns: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)
    imported_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # local -> (module, name)
    star: list[str] = field(default_factory=list)                # modules of `from X import *`
    imports: list[tuple[str, int]] = field(default_factory=list)  # (dotted, relative level)
    settings: str | None = None                                   # the DJANGO_SETTINGS_MODULE it sets by default


class _Parsed:
    """A module's text parsed once per process: its tree (None: `error` says why it could not be
    read) and, when first asked for, its line numbers. libcst trees are immutable, so scans
    may share them."""

    def __init__(self, text: str):
        self.size = len(text)
        self.tree: cst.Module | None = None
        self.error = ""
        self._positions: Mapping[cst.CSTNode, CodeRange] | None = None
        try:
            self.tree = cst.parse_module(text)
        except Exception as e:      # ParserSyntaxError, RecursionError, the native parser's own: never fatal
            self.error = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__

    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        """Line numbers (they cost as much as the parse: computed only for a module with something to report)."""
        if self._positions is None:
            try:
                self._positions = MetadataWrapper(self.tree, unsafe_skip_copy=True).resolve(PositionProvider) \
                    if self.tree is not None else {}
            except RecursionError:      # libcst's code generation recurses: such a module is named without lines
                self._positions = {}
        return self._positions


_PARSED: LRUCache[str, _Parsed] = LRUCache(maxsize=_PARSED_BYTES, getsizeof=lambda p: max(1, p.size))


def _parsed(text: str) -> _Parsed:
    found = _PARSED.get(text)
    if found is None:
        found = _Parsed(text)
        if found.size <= _PARSED_BYTES:
            _PARSED[text] = found
    return found


class _Where:
    """"app.py:12", computed when shown: line numbers cost a walk of the module."""

    def __init__(self, scan: _Scanner, mod: _Module, node: cst.CSTNode | None):
        self.scan, self.mod, self.node = scan, mod, node
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = self.scan._where_text(self.mod, self.node)
        return self._text


class _Result(Struct):
    refs: list[DataRef] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    runs: bool = False
    refuse: str | None = None
    decisions: list[Decision] = field(default_factory=list)
    dynamic: list[tuple[_Where, str]] = field(default_factory=list)   # (app.py:12, "open")
    skipped: list[tuple[str, _Where]] = field(default_factory=list)   # refs left out (system folders)


def launch_needs(entry: str | None, module: str | None, workdir: str, files: SourceView,
                 pythonpath: Sequence[str] = (), env: Mapping[str, str] | None = None,
                 server: bool = False) -> RuntimeNeeds:
    """What the app the image's command starts reads and runs at run time.

    ENTRY: the absolute path of the file python runs (/app/app.py, /app/manage.py); MODULE: a
    dotted module name (`python -m pkg`, gunicorn/uvicorn `app:app` -> "app"); WORKDIR: the
    process' working directory; PYTHONPATH: more import roots; ENV: the image's environment
    (DJANGO_SETTINGS_MODULE, PATH, PYTHONPATH, os.environ.get's values); SERVER: MODULE is
    imported by a server (gunicorn, uvicorn), so its `if __name__ == "__main__":` block does
    not run (with `python -m` it does)."""
    env = env or {}
    if entry and files.read(entry) is None and files.read(posixpath.join(entry, "__main__.py")) is not None:
        entry = posixpath.join(entry, "__main__.py")     # `python src`: a folder runs its __main__.py
    roots = ([posixpath.dirname(entry)] if entry else []) + list(pythonpath) + \
        [p for p in env.get("PYTHONPATH", "").split(":") if p]
    scan = _Scanner(workdir, files, roots, env)
    if entry:
        scan.add_file(entry, "__main__", _package_of_file(entry, scan.roots))
    if module:
        scan.add_module(module, main=not server)
    scan.run()
    return scan.needs()


def django_static_root(manage_py: str, files: SourceView, env: Mapping[str, str]) -> str | None:
    """The absolute STATIC_ROOT that `manage.py collectstatic` fills, None when not known: the
    settings module comes from DJANGO_SETTINGS_MODULE in ENV, else from manage.py's
    `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "...")`."""
    workdir = posixpath.dirname(manage_py)
    scan = _Scanner(workdir, files, (), env)
    name = env.get("DJANGO_SETTINGS_MODULE") or None
    if name is None:
        mod = scan.load(manage_py, "__main__", "")
        if mod is None or mod.tree is None:
            return None
        name = scan.settings_default(mod)
    if not name:
        return None
    settings = scan.module_by_name(name)
    if settings is None:
        return None
    val = scan.setting(settings, "STATIC_ROOT")
    if val is None or val.glob:
        return None
    root = val.text if val.text.startswith("/") else posixpath.join(workdir, val.text)
    return posixpath.normpath(root)


# -- the scan ----------------------------------------------------------------------------

def _installed(path: str) -> bool:
    return "/site-packages" in path or "/dist-packages" in path


def _package_of_file(path: str, roots: Sequence[str]) -> str:
    """The dotted package a file is in, from the first import root above it ("" at a root)."""
    folder = posixpath.dirname(path)
    for root in roots:
        if folder == root:
            return ""
        if folder.startswith(root.rstrip("/") + "/"):
            rel = folder[len(root.rstrip("/")) + 1:]
            return rel.replace("/", ".")
    return ""


class _Scanner:
    def __init__(self, workdir: str, files: SourceView, roots: Sequence[str], env: Mapping[str, str]):
        self.workdir = posixpath.normpath(workdir or "/")
        self.files = files
        self.env = env
        found: list[str] = []
        # The import roots: the entry's folder (sys.path[0] of `python FILE`), PYTHONPATH, the
        # working directory (`python -m`, gunicorn). Installed packages are not the app's.
        for r in (*roots, self.workdir):
            r = posixpath.normpath(posixpath.join(self.workdir, r)) if r else ""
            if r and r not in found and not _installed(r):
                found.append(r)
        self.roots = found
        self.read_bytes = 0
        self.modules: dict[str, _Module] = {}        # by path
        self.todo: list[str] = []
        self.res = _Result()
        self.unparsed: list[str] = []
        self.settings: list[_Module] = []
        self.capped = False
        self.memo: dict[int, _Val | None] = {}       # evaluated expressions, by node (trees live as long as the scan)
        self.busy: set[int] = set()

    # -- module loading ---------------------------------------------------------------
    def where(self, mod: _Module, node: cst.CSTNode | None = None) -> _Where:
        return _Where(self, mod, node)

    def _where_text(self, mod: _Module, node: cst.CSTNode | None) -> str:
        rel = posixpath.relpath(mod.path, self.workdir) if mod.path.startswith(self.workdir.rstrip("/") + "/") else mod.path
        line = self._line(mod, node) if node is not None else 0
        return f"{rel}:{line}" if line else rel

    def _line(self, mod: _Module, node: cst.CSTNode) -> int:
        pos = self._positions_of(mod).get(node)
        return pos.start.line if pos is not None else 0

    def _positions_of(self, mod: _Module) -> Mapping[cst.CSTNode, CodeRange]:
        return mod.parsed.positions() if mod.parsed is not None and mod.tree is not None else {}

    def load(self, path: str, name: str, package: str) -> _Module | None:
        if path in self.modules:
            return self.modules[path]
        if _installed(path):
            return None
        if len(self.modules) >= _MAX_FILES or self.read_bytes > _MAX_TOTAL:
            self.capped = True
            return None
        text = self.files.read(path)
        if text is None:
            return None
        self.read_bytes += len(text)
        mod = _Module(path, name, package)
        self.modules[path] = mod
        if len(text) > _MAX_BYTES:
            self.unparsed.append(f"{path} (larger than {_MAX_BYTES // 1000} kB)")
            return mod
        mod.parsed = _parsed(text)
        mod.tree = mod.parsed.tree
        if mod.tree is None:
            self.unparsed.append(f"{self.where(mod)} ({mod.parsed.error})")
            return mod
        try:
            _Collector(mod).collect()
        except RecursionError:
            mod.tree = None
            self.unparsed.append(f"{self.where(mod)} (nested too deeply to read)")
        return mod

    def add_file(self, path: str, name: str, package: str) -> None:
        mod = self.load(path, name, package)
        if mod is not None and mod.tree is not None and path not in self.todo:
            self.todo.append(path)

    def resolve(self, dotted: str, bases: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
        """(file, module name, package) of a dotted module and its parent packages' __init__.py,
        found under the import roots; [] when it is not the app's."""
        parts = [p for p in dotted.split(".") if p]
        if not parts:
            return []
        for root in bases if bases is not None else self.roots:
            out: list[tuple[str, str, str]] = []
            folder = root
            ok = True
            for i, part in enumerate(parts):
                sub = posixpath.join(folder, part)
                name = ".".join(parts[:i + 1])
                init = posixpath.join(sub, "__init__.py")
                last = i == len(parts) - 1
                if self.files.exists(init) and self.files.read(init) is not None:
                    out.append((init, name, name))
                    folder = sub
                elif last and self.files.read(sub + ".py") is not None:
                    out.append((sub + ".py", name, ".".join(parts[:i])))
                elif not last and self.files.is_dir(sub):
                    folder = sub    # a namespace package
                else:
                    ok = False
                    break
            if ok and out:
                return out
        return []

    def add_module(self, dotted: str, main: bool = False) -> _Module | None:
        found = self.resolve(dotted)
        last = None
        for i, (path, name, package) in enumerate(found):
            run_as_main = main and i == len(found) - 1 and not path.endswith("__init__.py")
            self.add_file(path, "__main__" if run_as_main else name, package)
            last = self.modules.get(path)
        if main and found and found[-1][0].endswith("__init__.py"):
            main_py = posixpath.join(posixpath.dirname(found[-1][0]), "__main__.py")
            if self.files.read(main_py) is not None:
                self.add_file(main_py, dotted + ".__main__", dotted)
        return last

    def module_by_name(self, dotted: str) -> _Module | None:
        found = self.resolve(dotted)
        if not found:
            return None
        for path, name, package in found:
            self.load(path, name, package)
        return self.modules.get(found[-1][0])

    # -- the walk ---------------------------------------------------------------------
    def run(self) -> None:
        done: set[str] = set()
        while self.todo:
            path = self.todo.pop(0)
            if path in done:
                continue
            done.add(path)
            mod = self.modules[path]
            if mod.tree is None:
                continue
            for dotted, relative in mod.imports:
                target = self._absolute(mod, dotted, relative)
                if target:
                    self.add_module(target)
            try:
                self._scan(mod)
            except RecursionError:
                self.unparsed.append(f"{self.where(mod)} (nested too deeply to read)")

    def _absolute(self, mod: _Module, dotted: str, level: int) -> str:
        if level == 0:
            return dotted
        pkg = mod.package.split(".") if mod.package else []
        if level - 1 > len(pkg):
            return ""
        base = pkg[:len(pkg) - (level - 1)]
        return ".".join([*base, *([dotted] if dotted else [])])

    def _scan(self, mod: _Module) -> None:
        _Finder(self, mod).find()
        name = self.settings_default(mod)
        if name:
            settings = self.add_module(self.env.get("DJANGO_SETTINGS_MODULE") or name)
            if settings is not None and settings.tree is not None and settings not in self.settings:
                self.settings.append(settings)
                self._django(settings)

    def settings_default(self, mod: _Module) -> str | None:
        """The settings module a file names: os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x")."""
        return mod.settings

    # -- Django ------------------------------------------------------------------------
    def setting(self, settings: _Module, name: str) -> _Val | None:
        """A setting's value; None when unknown, or assigned differently on two branches
        (`if DEBUG: ... else: ...`: which one runs is not known)."""
        found = self.assigned(settings, name)
        vals = [self.eval(owner, expr) for owner, expr in found]
        last = vals[-1] if vals else None
        if last is None or any(v is None or v.text != last.text for v in vals):
            return None
        return last

    def assigned(self, mod: _Module, name: str, depth: int = 0) -> list[tuple[_Module, cst.BaseExpression]]:
        """The values NAME is assigned in MOD, each with the module it is written in (followed
        through `from x import NAME` and `from x import *` of the app's modules)."""
        if name in mod.assigns:
            return [(mod, e) for e in mod.assigns[name]]
        if depth > 5:
            return []
        if name in mod.imported_names:
            src, orig = mod.imported_names[name]
            other = self.module_by_name(src)
            if other is not None and other.tree is not None:
                return self.assigned(other, orig, depth + 1)
            return []
        for star in mod.star:
            other = self.module_by_name(star)
            if other is not None and other.tree is not None:
                found = self.assigned(other, name, depth + 1)
                if found:
                    return found
        return []

    def module_of(self, mod: _Module, node: cst.BaseExpression) -> _Module | None:
        """The app module an expression names (`paths` of `from . import paths`, `cfg` of
        `import app.config as cfg`), None when it is no module of the app."""
        d = _dotted(node)
        if d is None:
            return None
        head, _, tail = d.partition(".")
        candidates = []
        if head in mod.imported_names:
            src, orig = mod.imported_names[head]
            candidates.append(".".join(x for x in (src, orig, tail) if x))
        elif head in mod.aliases:
            candidates.append(".".join(x for x in (mod.aliases[head], tail) if x))
        for c in candidates:
            if self.resolve(c):
                other = self.module_by_name(c)
                if other is not None and other.tree is not None:
                    return other
        return None

    def _django(self, settings: _Module) -> None:
        # Every assignment counts (`if DEBUG: ... else: ...`): more files copied, none missed.
        for key in ("STATIC_ROOT", "MEDIA_ROOT"):
            for owner, expr in self.assigned(settings, key):
                self.ref_expr(owner, expr, f"settings.{key}", dynamic_ok=True)
        for key in ("STATICFILES_DIRS", "LOCALE_PATHS", "FIXTURE_DIRS"):
            for owner, expr in self.assigned(settings, key):
                for item in _elements(expr):
                    if isinstance(item, cst.Tuple) and len(item.elements) == 2:     # (prefix, path)
                        item = item.elements[1].value
                    self.ref_expr(owner, item, f"settings.{key}", dynamic_ok=True)
        for owner, expr in self.assigned(settings, "TEMPLATES"):
            for tpl in _elements(expr):
                dirs = _dict_get(tpl, "DIRS")
                for item in _elements(dirs) if dirs is not None else ():
                    self.ref_expr(owner, item, "settings.TEMPLATES DIRS", dynamic_ok=True)
        for owner, expr in self.assigned(settings, "DATABASES"):
            for _, db in _dict_items(expr):
                engine = _dict_get(db, "ENGINE")
                name = _dict_get(db, "NAME")
                if engine is not None and "sqlite3" in (_literal(engine) or "") and name is not None:
                    self.ref_expr(owner, name, "settings.DATABASES sqlite NAME", dynamic_ok=True)
        # Modules Django imports by name: the URLconf, the WSGI/ASGI application, the project's apps.
        for key in ("ROOT_URLCONF", "WSGI_APPLICATION", "ASGI_APPLICATION"):
            for _, expr in self.assigned(settings, key):
                value = _literal(expr)
                if value:
                    self.add_module(value.rsplit(".", 1)[0] if key != "ROOT_URLCONF" else value)
        for _, expr in self.assigned(settings, "INSTALLED_APPS"):
            for item in _elements(expr):
                value = _literal(item)
                if not value:
                    continue
                app = value.split(".apps.")[0] if ".apps." in value else value
                found = self.resolve(app)
                if found and found[-1][0].endswith("__init__.py"):
                    folder = posixpath.dirname(found[-1][0])
                    for f in self.files.files_under(folder):
                        if f.endswith(".py") and posixpath.dirname(f) == folder and "/migrations/" not in f:
                            stem = posixpath.basename(f)[:-3]
                            if stem not in ("tests", "test", "__init__", "conftest") and not stem.startswith("test_") \
                                    and not stem.endswith("_test"):
                                self.add_module(f"{app}.{stem}")

    # -- evaluation --------------------------------------------------------------------
    def eval(self, mod: _Module, node: cst.BaseExpression, depth: int = 0) -> _Val | None:
        return _Evaluator(self, mod).eval(node, depth)

    def ref_expr(self, mod: _Module, node: cst.BaseExpression, how: str, dynamic_ok: bool = False,
                 line_node: cst.CSTNode | None = None) -> None:
        val = self.eval(mod, node)
        where = self.where(mod, line_node or node)
        if val is None:
            if not dynamic_ok or not isinstance(node, (cst.Name, cst.SimpleString)):
                self.res.dynamic.append((where, how))
            return
        self.add_ref(val, where, how)

    def add_ref(self, val: _Val, where: _Where, how: str) -> None:
        text = val.text
        if text in ("", ".") or text.startswith("*"):
            self.res.dynamic.append((where, how))
            return
        if text.startswith("/"):
            norm = posixpath.normpath(text)
            fixed = norm.split("*")[0]
            folder = fixed.rstrip("/") if not val.glob else (fixed if fixed.endswith("/") else posixpath.dirname(fixed))
            folder = folder.rstrip("/") or "/"
            if (norm in _SYSTEM_DIRS or norm in _BASE_OWN or (val.glob and folder in _SYSTEM_DIRS)
                    or any((norm + "/").startswith(p) for p in _NOT_DATA_UNDER)):
                self.res.skipped.append((text, where))
                return
            text = norm if not text.endswith("/") else norm + "/"
        ref = DataRef(text, str(where), how)
        for i, r in enumerate(self.res.refs):
            if r.pattern == text:
                # One ref per path: the call that reads it says why better than the literal naming it.
                if r.how in _GENERIC and how not in _GENERIC:
                    self.res.refs[i] = ref
                return
        self.res.refs.append(ref)

    # -- commands ------------------------------------------------------------------------
    def command(self, argv: list[str | None], where: _Where, shell_text: str | None = None) -> None:
        self.res.runs = True
        if shell_text is not None:
            for part in _shell_commands(shell_text):
                self.command(part, where)
            return
        if not argv or argv[0] is None:
            self.res.dynamic.append((where, "runs a program the scan cannot name"))
            return
        prog = argv[0]
        words: list[str] = [w or "" for w in argv]
        base = posixpath.basename(prog)
        rest = words[1:]
        if re.fullmatch(r"python(?:3(?:\.\d+)?)?", base) or prog == "<python>":
            if rest[:2] == ["-m", "pip"] and "install" in rest[2:]:
                self.refuse(where, "runs pip install when the container starts: the runtime stage has no build "
                                   "tools and every start would download packages")
            elif rest[:1] == ["-m"] and len(rest) > 1 and rest[1]:
                if rest[1] in ("venv", "ensurepip", "build", "compileall", "py_compile"):
                    self.refuse(where, f"runs python -m {rest[1]} when the container starts: a build step")
                else:
                    self.add_module(rest[1], main=True)     # the app's own module, run as a program
            elif rest and rest[0].endswith(".py") and not rest[0].startswith("-"):
                self.add_file(posixpath.normpath(posixpath.join(self.workdir, rest[0])), "__main__", "")
            return
        if base in ("sh", "bash", "dash") and rest[:1] == ["-c"] and len(rest) > 1:
            self.command([], where, shell_text=rest[1] or "$X")
            return
        if base in _COMPILERS:
            self.refuse(where, f"runs {base} when the container starts: a compiler or build tool, which the runtime "
                               "stage does not have")
            return
        verbs = _INSTALLERS.get("pip" if re.fullmatch(r"pip3?(?:\.\d+)?", base) else base)
        if verbs and any(v in rest[:2] for v in verbs):
            self.refuse(where, f"runs {base} {' '.join(rest[:1])} when the container starts: it installs "
                               "packages at each start, which needs the build's tools and the network")
            return
        if base == "git" and any(w in _GIT_FETCH for w in rest[:3]):
            verb = next(w for w in rest[:3] if w in _GIT_FETCH)
            self.refuse(where, f"runs git {verb} when the container starts: the app fetches sources from the network "
                               "at run time, so what runs is not what the build made (and it needs git and its credentials)")
            return
        if "/" in prog and not prog.startswith("/"):
            self.res.dynamic.append((where, f"runs {prog} (relative to the working directory)"))
            return
        if prog.startswith("$") or not re.fullmatch(r"[\w./+-]+", prog):
            self.res.dynamic.append((where, "runs a program the scan cannot name"))
            return
        if posixpath.dirname(prog) in ("/bin", "/usr/bin", "/sbin", "/usr/sbin"):
            prog = base      # the system's own folders: the runtime base has it by name, or a package does
        if "/" not in prog:
            prog = self.on_path(prog) or prog
        if prog not in self.res.commands:
            self.res.commands.append(prog)

    def on_path(self, name: str) -> str | None:
        """Where the build wrote a program run by name on PATH (a console script pip wrote:
        /usr/local/bin/flask, a venv's bin/): the runtime stage has it there too, not on the base."""
        dirs = (self.env.get("PATH") or "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":")
        built = self.files.built() if hasattr(self.files, "built") else {}
        venvs = [posixpath.join(a.path, "bin") for a in built.values() if a.kind == "venv"]
        for d in [*dirs, *venvs]:
            if not d.startswith("/") or d in ("/bin", "/usr/bin", "/sbin", "/usr/sbin"):
                continue
            path = posixpath.join(d, name)
            if self.files.exists(path) or (d in venvs and self.files.exists(posixpath.join(posixpath.dirname(d), "pyvenv.cfg"))
                                           and self.files.unlisted_folder(path) is not None):
                return path
        return None

    def refuse(self, where: _Where, why: str) -> None:
        if self.res.refuse is None:
            self.res.refuse = f"{where} {why}"

    # -- the answer ----------------------------------------------------------------------
    def needs(self) -> RuntimeNeeds:
        res = self.res
        scanned = [m.path for m in self.modules.values() if m.tree is not None]
        decisions: list[Decision] = []
        if scanned:
            shown = ", ".join(str(self.where(self.modules[p])) for p in scanned[:8]) + (" ..." if len(scanned) > 8 else "")
            decisions.append(Decision("python sources", f"{len(scanned)} module(s) scanned",
                                      f"the entry module and the app's own modules it imports: {shown}"))
        if self.unparsed:
            decisions.append(Decision("python sources", "not read",
                                      "these files do not parse, so what they open is not known (the program's "
                                      "folder is carried whole): " + "; ".join(self.unparsed[:5])))
        if self.capped:
            decisions.append(Decision("python sources", f"first {_MAX_FILES} modules only",
                                      "the app imports more of its own modules than the scan reads"))
        if res.dynamic:
            decisions.append(Decision("paths not known", f"{len(res.dynamic)} place(s)",
                                      "paths or programs built at run time (os.environ, parameters, f-strings): the "
                                      "program's folder is carried, the rest is not known: "
                                      + "; ".join(f"{w} {what}" for w, what in res.dynamic[:6])))
        if res.skipped:
            decisions.append(Decision("paths not copied", ", ".join(f"{t} ({w})" for t, w in res.skipped[:6]),
                                      "system folders or the runtime base's own files: never copied from the build"))
        if res.refs:
            decisions.append(Decision("files read at run time", ", ".join(r.pattern for r in res.refs[:8]),
                                      "named in the sources: " + "; ".join(f"{r.how} in {r.where}" for r in res.refs[:8])))
        return RuntimeNeeds(libc="glibc", data_refs=tuple(res.refs), commands=tuple(res.commands),
                            runs_commands=res.runs, refuse=res.refuse, decisions=tuple(decisions))


# -- helpers over the syntax tree --------------------------------------------------------

def _dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        left = _dotted(node.value)
        return f"{left}.{node.attr.value}" if left else None
    return None


def qualify(mod: _Module, node: cst.BaseExpression) -> str | None:
    """`sp.run` -> "subprocess.run" through the module's imports (shadowing aside)."""
    d = _dotted(node)
    if d is None:
        return None
    head, _, tail = d.partition(".")
    if head in mod.aliases:
        full = mod.aliases[head]
        return f"{full}.{tail}" if tail else full
    return d


def _literal(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _elements(node: cst.BaseExpression) -> Iterable[cst.BaseExpression]:
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        for el in node.elements:
            if isinstance(el, cst.Element):
                yield el.value
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        yield from _elements(node.left)
        yield from _elements(node.right)


def _dict_items(node: cst.BaseExpression) -> Iterable[tuple[str | None, cst.BaseExpression]]:
    if isinstance(node, cst.Dict):
        for el in node.elements:
            if isinstance(el, cst.DictElement):
                yield _literal(el.key), el.value
    elif isinstance(node, cst.Call) and _dotted(node.func) == "dict":
        for arg in node.args:
            if arg.keyword is not None:
                yield arg.keyword.value, arg.value


def _dict_get(node: cst.BaseExpression, key: str) -> cst.BaseExpression | None:
    for k, v in _dict_items(node):
        if k == key:
            return v
    return None


# -- a walk over libcst's nodes ------------------------------------------------------------
# libcst's own visit() rebuilds every node it passes (a transform's machinery), several times
# slower than the parse; the scan only reads, so it walks the nodes' dataclass fields itself.
_SKIP_FIELDS = frozenset("lpar rpar comma semicolon lbracket rbracket lbrace rbrace header footer leading_lines "
                         "lines_after_decorators newline indent colon equal dot star operator whitespace_before "
                         "whitespace_after".split())
_FIELDS: dict[type, tuple[str, ...]] = {}


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    cls = type(node)
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls)
                      if f.name not in _SKIP_FIELDS and not f.name.startswith("whitespace"))
        _FIELDS[cls] = names
    for name in names:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


class _Walker:
    """visit_<Node>(node) before a node's children (False: skip them), leave_<Node>(node) after."""

    def walk(self, root: cst.CSTNode) -> None:
        # A stack, not recursion: a long chain of `+` nests thousands of nodes deep.
        stack: list[tuple[cst.CSTNode, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            key = (type(self), type(node))
            handlers = _HANDLERS.get(key)
            if handlers is None:
                name = type(node).__name__
                handlers = _HANDLERS[key] = (getattr(type(self), f"visit_{name}", None),
                                             getattr(type(self), f"leave_{name}", None))
            visit, leave = handlers
            if leaving:
                if leave is not None:
                    leave(self, node)
                continue
            if visit is not None and visit(self, node) is False:
                continue
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(_children(node))))


_HANDLERS: dict[tuple[type, type], tuple[Callable[..., object] | None, Callable[..., object] | None]] = {}


class _Collector(_Walker):
    """One walk of a module for its import aliases, simple assignments (NAME = expr, anywhere),
    the modules it imports (functions' too; `from pkg import a` also yields pkg.a, a submodule;
    `importlib.import_module("literal")`) and the Django settings module it names
    (os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x"))."""

    def __init__(self, mod: _Module):
        super().__init__()
        self.mod = mod
        self.calls: list[cst.Call] = []

    def collect(self) -> None:
        mod = self.mod
        if mod.tree is None:
            return
        self.walk(mod.tree)
        for call in self.calls:      # qualified once every alias is known
            q = qualify(mod, call.func)
            first = _literal(call.args[0].value)
            if q in ("importlib.import_module", "__import__") and first:
                level = len(first) - len(first.lstrip("."))
                mod.imports.append((first.lstrip("."), level))
            elif q == "os.environ.setdefault" and first == "DJANGO_SETTINGS_MODULE" and len(call.args) >= 2:
                mod.settings = mod.settings or _literal(call.args[1].value)
        mod.imports = [(d, lvl) for d, lvl in mod.imports if d or lvl]

    def visit_Call(self, node: cst.Call) -> None:
        if node.args and isinstance(node.func, (cst.Name, cst.Attribute)) and \
                (_dotted(node.func) or "").rsplit(".", 1)[-1] in ("import_module", "__import__", "setdefault"):
            self.calls.append(node)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            d = _dotted(alias.name)
            if not d:
                continue
            self.mod.imports.append((d, 0))
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.mod.aliases[alias.asname.name.value] = d
            else:
                head = d.split(".")[0]
                self.mod.aliases.setdefault(head, head)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = _dotted(node.module) if node.module is not None else ""
        level = len(node.relative)
        self.mod.imports.append((base or "", level))
        if isinstance(node.names, cst.ImportStar):
            if base or level:
                self.mod.star.append(_relative(self.mod, base or "", level))
            return
        for alias in node.names:
            d = _dotted(alias.name)
            if not d:
                continue
            self.mod.imports.append((f"{base}.{d}" if base else d, level))
            local = alias.asname.name.value if alias.asname is not None and isinstance(alias.asname.name, cst.Name) else d
            if level == 0 and base:
                self.mod.aliases[local] = f"{base}.{d}"
            self.mod.imported_names[local] = (_relative(self.mod, base or "", level), d)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self.mod.assigns.setdefault(target.target.value, []).append(node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self.mod.assigns.setdefault(node.target.value, []).append(node.value)


def _relative(mod: _Module, dotted: str, level: int) -> str:
    if level == 0:
        return dotted
    pkg = mod.package.split(".") if mod.package else []
    base = pkg[:max(0, len(pkg) - (level - 1))]
    return ".".join([*base, *([dotted] if dotted else [])])


def _shell_commands(text: str) -> list[list[str | None]]:
    """The simple commands of a shell string (read by the converter's shell reader), words None
    where not literal; the shell's builtins are no programs, wrappers (nohup, env ...) are
    skipped to the program they run."""
    try:
        reading = read_shell(text, "/", {})
    except Exception:            # the reader's parser gives up on some shell text: nothing named
        return [[None]]
    out: list[list[str | None]] = [[None] for _ in reading.problems]
    for cmd in reading.commands:
        words = [w.text if w.known and "$" not in w.text else None for w in cmd.argv]
        while words and words[0] in _WRAPPERS:
            words = words[1:]
            while words and words[0] is not None and (words[0].startswith("-") or re.fullmatch(r"\w+=.*|\d+[smhd]?", words[0])):
                words = words[1:]
        if words and words[0] not in _SHELL_BUILTINS:
            out.append(words)
    return out


class _Evaluator:
    """A small static evaluator of path expressions."""

    def __init__(self, scan: _Scanner, mod: _Module):
        self.scan = scan
        self.mod = mod

    def eval(self, node: cst.BaseExpression, depth: int = 0) -> _Val | None:
        """NODE's value, once per node (names assigned from names assigned from f-strings
        would otherwise be evaluated again at every use); a cycle is unknown."""
        key = id(node)
        memo, busy = self.scan.memo, self.scan.busy
        if key in memo:
            return memo[key]
        if key in busy or depth > 12:
            return None
        busy.add(key)
        try:
            value = self._eval(node, depth)
        finally:
            busy.discard(key)
        memo[key] = value
        return value

    def _eval(self, node: cst.BaseExpression, depth: int) -> _Val | None:
        lit = _literal(node)
        if lit is not None:
            return _Val(lit)
        if isinstance(node, cst.FormattedString):
            return self._fstring(node, depth)
        if isinstance(node, cst.Name):
            if node.value == "__file__":
                return _Val(self.mod.path, fromfile=True)
            return self._same([_Evaluator(self.scan, m).eval(e, depth + 1)
                               for m, e in self.scan.assigned(self.mod, node.value)[-3:]])
        if isinstance(node, cst.Attribute):
            attr = node.attr.value
            if attr == "parent":
                return self._dirname(self.eval(node.value, depth + 1))
            other = self.scan.module_of(self.mod, node.value)     # paths.DATA of an app module
            if other is None and qualify(self.mod, node.value) == "django.conf.settings" and self.scan.settings:
                other = self.scan.settings[-1]                    # django.conf.settings.X: the settings module's X
            if other is not None:
                return self._same([_Evaluator(self.scan, m).eval(e, depth + 1)
                                   for m, e in self.scan.assigned(other, attr)[-3:]])
            return None
        if isinstance(node, cst.Subscript):
            # Path(__file__).parents[N]
            if isinstance(node.value, cst.Attribute) and node.value.attr.value == "parents" and len(node.slice) == 1:
                idx = node.slice[0].slice
                if isinstance(idx, cst.Index) and isinstance(idx.value, cst.Integer):
                    inner = self.eval(node.value.value, depth + 1)
                    for _ in range(int(idx.value.value) + 1):
                        inner = self._dirname(inner)
                    return inner
            return None
        if isinstance(node, cst.BinaryOperation):
            if isinstance(node.operator, cst.Divide):
                left, right = self.eval(node.left, depth + 1), self.eval(node.right, depth + 1)
                return self._join(left, right)
            if isinstance(node.operator, cst.Add):
                left, right = self.eval(node.left, depth + 1), self.eval(node.right, depth + 1)
                if left is None or right is None:
                    return _Val(left.text + "*", glob=True, fromfile=left.fromfile) if left is not None else None
                return _Val(left.text + right.text, left.glob or right.glob, left.fromfile)
            return None
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        return None

    def _package_folder(self, node: cst.BaseExpression) -> str | None:
        """The folder of the app package an argument names ("pkg", __name__, __package__)."""
        if isinstance(node, cst.Name) and node.value in ("__name__", "__package__"):
            return posixpath.dirname(self.mod.path)
        name = _literal(node)
        found = self.scan.resolve(name) if name else []
        if not found:
            return None
        path = found[-1][0]
        return posixpath.dirname(path) if path.endswith("/__init__.py") else None

    @staticmethod
    def _same(vals: list[_Val | None]) -> _Val | None:
        """The value of a name assigned several times: known when every assignment agrees."""
        last = vals[-1] if vals else None
        if last is None or any(v is None or v.text != last.text for v in vals):
            return None
        return last

    def _fstring(self, node: cst.FormattedString, depth: int) -> _Val | None:
        text = ""
        glob = False
        fromfile = False
        for i, part in enumerate(node.parts):
            if isinstance(part, cst.FormattedStringText):
                text += part.value
            elif isinstance(part, cst.FormattedStringExpression):
                val = self.eval(part.expression, depth + 1)
                if val is None:
                    text += "*"      # a leading one too: "*.log" joined to a known folder
                    glob = True
                else:
                    text += val.text
                    glob = glob or val.glob
                    fromfile = fromfile or (i == 0 and val.fromfile)
        text = re.sub(r"\*+", "*", text)
        return _Val(text, glob, fromfile)

    def _dirname(self, val: _Val | None) -> _Val | None:
        if val is None or val.glob:
            return None
        if val.text.startswith("/"):
            return _Val(posixpath.dirname(posixpath.normpath(val.text)) or "/", fromfile=val.fromfile)
        norm = posixpath.normpath(val.text)
        d = posixpath.dirname(norm)
        if norm in (".", "") or norm.startswith(".."):
            return None
        return _Val(d, fromfile=val.fromfile)

    def _join(self, left: _Val | None, right: _Val | None) -> _Val | None:
        if left is None:
            return None
        if right is None:
            return _Val(posixpath.join(left.text, "*"), glob=True, fromfile=left.fromfile)
        if right.text.startswith("/"):
            return right
        text = posixpath.join(left.text, right.text) if left.text else right.text
        return _Val(text, left.glob or right.glob, left.fromfile)

    def _call(self, node: cst.Call, depth: int) -> _Val | None:
        q = qualify(self.mod, node.func) or ""
        args = [a for a in node.args if a.keyword is None and a.star == ""]
        if q in ("os.path.join", "posixpath.join"):
            vals = [self.eval(a.value, depth + 1) for a in args]
            if not vals:
                return None
            acc = vals[0]
            for v in vals[1:]:
                acc = self._join(acc, v)
            return acc
        if q in ("os.path.dirname", "posixpath.dirname"):
            return self._dirname(self.eval(args[0].value, depth + 1)) if args else None
        if q in ("os.path.abspath", "os.path.realpath", "os.path.normpath", "str", "os.fspath", "pathlib.Path",
                 "pathlib.PurePath", "pathlib.PosixPath", "Path", "os.path.expandvars"):
            if not args:
                return _Val("") if q in ("pathlib.Path", "Path") else None
            acc = self.eval(args[0].value, depth + 1)
            for a in args[1:]:
                acc = self._join(acc, self.eval(a.value, depth + 1))
            return acc
        if q in ("os.getcwd", "pathlib.Path.cwd", "Path.cwd"):
            return _Val("")
        if q in ("importlib.resources.files", "importlib_resources.files", "pkg_resources.resource_filename"):
            # A package's own folder (its data files): importlib.resources.files("pkg") / "x.json".
            folder = self._package_folder(args[0].value) if args else None
            if folder is None:
                return None
            val = _Val(folder, fromfile=True)
            return self._join(val, self.eval(args[1].value, depth + 1)) if len(args) > 1 else val
        if isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            if method in ("resolve", "absolute", "expanduser") and method != "expanduser":
                return self.eval(node.func.value, depth + 1)
            if method == "joinpath":
                acc = self.eval(node.func.value, depth + 1)
                for a in args:
                    acc = self._join(acc, self.eval(a.value, depth + 1))
                return acc
            if method == "with_name" or method == "with_suffix":
                return None
        if q in ("os.environ.get", "os.getenv") and args:
            # The image's ENV when it sets the variable, else the default the code gives.
            key = _literal(args[0].value)
            if key is not None and key in self.scan.env:
                return _Val(self.scan.env[key])
            return self.eval(args[1].value, depth + 1) if len(args) >= 2 else None
        return None


class _Finder(_Walker):
    """The file reads, commands, templates and literals of one module."""

    def __init__(self, scan: _Scanner, mod: _Module):
        super().__init__()
        self.scan = scan
        self.mod = mod
        self.route_depth = 0
        self._route_calls: set[int] = set()
        self.docstrings: set[int] = set()
        self.handled: set[int] = set()

    def find(self) -> None:
        if self.mod.tree is not None:
            self.walk(self.mod.tree)

    def where(self, node: cst.CSTNode) -> _Where:
        return self.scan.where(self.mod, node)

    # docstrings are not paths
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for stmt in node.body:
            if isinstance(stmt, cst.Expr) and isinstance(stmt.value, (cst.SimpleString, cst.ConcatenatedString)):
                self.docstrings.add(id(stmt.value))

    def visit_If(self, node: cst.If) -> bool:
        # `if __name__ == "__main__":` runs only in the module python starts, not in one imported
        return self.mod.name.endswith("__main__") or not _is_main_guard(node.test)

    def visit_Decorator(self, node: cst.Decorator) -> None:
        self.route_depth += 1

    def leave_Decorator(self, node: cst.Decorator) -> None:
        self.route_depth -= 1

    def visit_Call(self, node: cst.Call) -> None:
        q = qualify(self.mod, node.func) or ""
        if q.rsplit(".", 1)[-1] in _ROUTE_CALLS and not q.startswith(("os.", "pathlib.")):
            self.route_depth += 1
            self._route_calls.add(id(node))
        for a in node.args:
            if a.keyword is not None and a.keyword.value in _URL_KEYWORDS:
                self._mark(a.value)
        self._call(node, q)

    def leave_Call(self, node: cst.Call) -> None:
        if id(node) in self._route_calls:
            self.route_depth -= 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        self._string(node)
        return False

    def _string(self, node: cst.SimpleString | cst.ConcatenatedString) -> None:
        if self.route_depth or id(node) in self.docstrings or id(node) in self.handled:
            return
        value = _literal(node)
        if value and _absolute_path_literal(value):
            self.scan.add_ref(_Val(value), self.where(node), "string literal")

    def _arg(self, node: cst.Call, index: int, *keywords: str) -> cst.BaseExpression | None:
        for a in node.args:
            if a.keyword is not None and a.keyword.value in keywords:
                return a.value
        pos = [a for a in node.args if a.keyword is None and not a.star]
        return pos[index].value if index < len(pos) else None

    def _call(self, node: cst.Call, q: str) -> None:
        where = self.where(node)
        if q in _OPEN_CALLS:
            target = self._arg(node, 0, "file", "filename", "path", "fname", "database", "filepath_or_buffer")
            nested_open = isinstance(target, cst.Call) and (qualify(self.mod, target.func) or "") in _OPEN_CALLS
            if target is not None and not nested_open:      # json.load(open(...)): the inner call says it
                self._path_arg(target, _OPEN_CALLS[q], node)
            return
        if q in _DIR_CALLS or q.rsplit(".", 1)[-1] in ("FileSystemLoader", "Jinja2Templates", "StaticFiles"):
            how = _DIR_CALLS.get(q, q.rsplit(".", 1)[-1])
            target = self._arg(node, 0, *_DIR_KWARGS)
            if target is not None:
                if isinstance(target, (cst.List, cst.Tuple)):
                    for el in _elements(target):
                        self._path_arg(el, how, node)
                else:
                    self._path_arg(target, how, node)
            return
        if q in _APP_SERVERS and node.args:
            # uvicorn.run("api.main:app"): the server imports that module by name
            spec = _literal(node.args[0].value)
            if spec and re.fullmatch(r"[A-Za-z_][\w.]*:[\w.()]+", spec):
                self.scan.add_module(spec.split(":")[0])
            return
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("from_pyfile", "from_file", "from_json") \
                and node.args:
            # Flask's app.config.from_pyfile("settings.cfg"): relative to the app's root (its module's folder)
            val = self.scan.eval(self.mod, node.args[0].value)
            self._mark(node.args[0].value)
            if val is None:
                self.scan.res.dynamic.append((where, f"config.{node.func.attr.value}"))
            else:
                text = val.text if val.text.startswith("/") else posixpath.join(posixpath.dirname(self.mod.path), val.text)
                self.scan.add_ref(_Val(text, val.glob), where, f"config.{node.func.attr.value}")
            return
        if q.rsplit(".", 1)[-1] == "PackageLoader" and node.args:
            # jinja2.PackageLoader("pkg", "templates"): a folder of the app package
            folder = _Evaluator(self.scan, self.mod)._package_folder(node.args[0].value)
            sub = self._arg(node, 1, "package_path")
            rel = _literal(sub) if sub is not None else "templates"
            if folder is not None and rel is not None:
                self.scan.add_ref(_Val(posixpath.join(folder, rel)), where, "PackageLoader")
            return
        if q in ("flask.Flask", "Flask", "flask.Blueprint", "Blueprint", "quart.Quart", "Quart"):
            self._flask(node, q)
            return
        if q in ("flask.render_template", "render_template") :
            return
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _PATH_METHODS:
            inner = node.func.value
            if isinstance(inner, cst.Call) and (qualify(self.mod, inner.func) or "") in _OPEN_CALLS:
                return
            val = self.scan.eval(self.mod, inner)
            if val is not None and (self._pathlike(inner)):
                self._mark(inner)
                self.scan.add_ref(val, where, f"Path.{node.func.attr.value}")
            return
        if q in _RUN_CALLS or q in _SHELL_CALLS or q.startswith(_EXEC_PREFIX):
            self._run(node, q)
            return
        # A path from __file__ handed to any call (joblib.load(MODEL_DIR / "m.pkl")): read by it.
        if q in ("os.path.join", "posixpath.join") or \
                (isinstance(node.func, cst.Attribute) and node.func.attr.value == "joinpath"):
            self._from_file(node)
        for a in node.args:
            if self._from_file_expr(a.value):
                self._from_file(a.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(isinstance(t.target, cst.Name) and _URL_NAME.search(t.target.value) for t in node.targets):
            self._mark(node.value)      # STATIC_URL = "/static/", API_PREFIX = "/api/v1": URLs
            return
        # BASE_DIR / "models" assigned: a path the module names (used later by some reader).
        if self._from_file_expr(node.value):
            self._from_file(node.value)

    def _module_folder(self, val: _Val) -> bool:
        """The module's own file, its folder or one above: the program's tree, not data."""
        if val.glob:
            return False
        p = posixpath.normpath(val.text)
        folder = posixpath.dirname(self.mod.path)
        return p == self.mod.path or p == folder or folder.startswith(p.rstrip("/") + "/") or p == "/"

    def _from_file_expr(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.Integer)):
            return False
        return isinstance(node, (cst.BinaryOperation, cst.Call, cst.Attribute, cst.Subscript, cst.FormattedString))

    def _pathlike(self, node: cst.BaseExpression) -> bool:
        """Path(...) or a / join of one, or a name assigned such."""
        if isinstance(node, cst.Call):
            q = qualify(self.mod, node.func) or ""
            return q in ("pathlib.Path", "Path", "pathlib.PurePath", "pathlib.PosixPath") or \
                (isinstance(node.func, cst.Attribute) and node.func.attr.value in ("joinpath", "resolve", "absolute"))
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            return True
        if isinstance(node, cst.Attribute) and node.attr.value == "parent":
            return True
        if isinstance(node, cst.Name):
            return any(self._pathlike(e) for _, e in self.scan.assigned(self.mod, node.value)[-1:])
        return False

    def _mark(self, node: cst.CSTNode) -> None:
        """NODE and what it holds are reported (or known not to be paths): not again."""
        todo = [node]
        while todo:
            n = todo.pop()
            self.handled.add(id(n))
            todo.extend(_children(n))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Divide):
            self._from_file(node)

    def _from_file(self, node: cst.BaseExpression) -> None:
        """A path built from __file__ (HERE / "data" / "x.json", os.path.join(HERE, "x")),
        wherever it is written: the module names it, some call reads it."""
        if id(node) in self.handled:
            return
        val = self.scan.eval(self.mod, node)
        if val is not None and val.fromfile and not self._module_folder(val):
            self._mark(node)
            self.scan.add_ref(val, self.where(node), "path from __file__")

    def _path_arg(self, target: cst.BaseExpression, how: str, call: cst.Call) -> None:
        self._mark(target)
        self.scan.ref_expr(self.mod, target, how, line_node=call)

    def _flask(self, node: cst.Call, q: str) -> None:
        first = self._arg(node, 0, "import_name")
        is_bp = "Blueprint" in q
        if is_bp:
            first = self._arg(node, 1, "import_name")
        # The root path: the folder of the module named (its package's, for an __init__).
        root = posixpath.dirname(self.mod.path)
        where = self.where(node)
        if not (isinstance(first, cst.Name) and first.value == "__name__"):
            named = _literal(first)
            found = self.scan.resolve(named) if named else []
            if not found:
                self.scan.res.dynamic.append((where, f"{q} of a module the scan cannot name"))
                return
            root = posixpath.dirname(found[-1][0])      # Flask("shop"): the shop module's folder
        root_arg = self._arg(node, 99, "root_path")
        if root_arg is not None:
            val = self.scan.eval(self.mod, root_arg)
            if val is None:
                self.scan.res.dynamic.append((where, f"{q} root_path"))
                return
            root = val.text if val.text.startswith("/") else posixpath.join(self.scan.workdir, val.text)
        for kw, default in (("template_folder", None if is_bp else "templates"),
                            ("static_folder", None if is_bp else "static")):
            arg = self._arg(node, 99, kw)
            if arg is None:
                if default is not None:
                    self.scan.add_ref(_Val(posixpath.join(root, default)), where, f"{q.rsplit('.', 1)[-1]} {kw}")
                continue
            if isinstance(arg, cst.Name) and arg.value == "None":
                continue
            self._mark(arg)
            val = self.scan.eval(self.mod, arg)
            if val is None:
                self.scan.res.dynamic.append((where, f"{q} {kw}"))
                continue
            path = val.text if val.text.startswith("/") else posixpath.join(root, val.text)
            self.scan.add_ref(_Val(path, val.glob), where, f"{q.rsplit('.', 1)[-1]} {kw}")

    def _run(self, node: cst.Call, q: str) -> None:
        where = self.where(node)
        if q.startswith(_EXEC_PREFIX):
            # os.execv(path, args), os.execlp(file, arg0, ...), os.spawnv(mode, path, args)
            idx = 1 if q.startswith("os.spawn") else 0
            prog = self._arg(node, idx, "path", "file")
            value = self._word(prog) if prog is not None else None
            self.scan.command([value], where)
            return
        target = self._arg(node, 0, "args", "cmd", "command", "program")
        if q == "asyncio.create_subprocess_exec":
            words = [self._word(a.value) for a in node.args if a.keyword is None]
            self.scan.command(words, where)
            return
        shell = q in _SHELL_CALLS or any(a.keyword is not None and a.keyword.value == "shell" and
                                         not (isinstance(a.value, cst.Name) and a.value.value == "False")
                                         for a in node.args)
        if target is None:
            self.scan.command([None], where)
            return
        if isinstance(target, (cst.List, cst.Tuple)):
            words = [self._word(e) for e in _elements(target)]
            if shell and words and words[0] is not None:
                self.scan.command([], where, shell_text=" ".join(w or "$X" for w in words))
            else:
                self.scan.command(words, where)
            return
        target = self._resolved(target)
        text = _literal(target) if not isinstance(target, cst.FormattedString) else _shell_template(target)
        if isinstance(target, (cst.List, cst.Tuple)):
            self.scan.command([self._word(e) for e in _elements(target)], where)
            return
        if text is None and isinstance(target, cst.Call) and isinstance(target.func, cst.Attribute) \
                and target.func.attr.value == "split":
            text = _literal(target.func.value)     # "ffmpeg -i x".split()
            if text is not None:
                self.scan.command([w for w in text.split()], where)
                return
        if text is None and isinstance(target, cst.Call) and qualify(self.mod, target.func) == "shlex.split" \
                and target.args:
            text = _literal(target.args[0].value)
            if text is not None:
                self.scan.command(list(shlex.split(text)), where)
                return
        if text is None:
            self.scan.command([None], where)
            return
        if shell:
            self.scan.command([], where, shell_text=text)
        else:
            self.scan.command([text], where)

    def _resolved(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """A name assigned once in the module: its value."""
        if isinstance(node, cst.Name):
            found = self.scan.assigned(self.mod, node.value)
            if len(found) == 1:
                return found[0][1]
        return node

    def _word(self, node: cst.BaseExpression) -> str | None:
        q = qualify(self.mod, node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if q == "sys.executable":
            return "<python>"
        value = _literal(node)
        if value is not None:
            return value
        if isinstance(node, cst.Name):
            found = self.scan.assigned(self.mod, node.value)
            if len(found) == 1:
                return _literal(found[0][1])
        return None


def _is_main_guard(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    sides = [test.left, target.comparator]
    return isinstance(target.operator, cst.Equal) and any(isinstance(x, cst.Name) and x.value == "__name__" for x in sides) \
        and any(_literal(x) == "__main__" for x in sides)


def _shell_template(node: cst.FormattedString) -> str:
    """f"ffmpeg -i {src}" -> "ffmpeg -i $X": the literal words stay, the rest is unknown."""
    return "".join(p.value if isinstance(p, cst.FormattedStringText) else "$X" for p in node.parts)


def _absolute_path_literal(value: str) -> bool:
    """An absolute path written as a string ("/etc/myapp/config.yaml"): not a URL path with
    spaces, formats or query parts, not the root alone."""
    if not value.startswith("/") or value.startswith("//") or value == "/" or len(value) > 200:
        return False
    if any(c in value for c in " \n\t%{}<>|\"'?&=#:;,*$\\()[]^"):
        return False
    return re.fullmatch(r"(/[\w.@+-]+)+/?", value) is not None
