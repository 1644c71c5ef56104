"""The libcst scan of a Python app's own sources: the files it reads at run time and the
programs it runs (heuristics/python_sources.py)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from heuristics import DataRef
from heuristics.python_sources import django_static_root, launch_needs

from .conftest import convert, runtime_part


class Files:
    """An image's files as a SourceView: absolute path -> text."""

    def __init__(self, files: Mapping[str, str]):
        self.files = dict(files)

    def files_under(self, directory: str) -> list[str]:
        prefix = directory.rstrip("/") + "/"
        return sorted(p for p in self.files if p.startswith(prefix))

    def read(self, path: str) -> str | None:
        return self.files.get(path)

    def is_dir(self, path: str) -> bool:
        prefix = path.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in self.files)

    def exists(self, path: str) -> bool:
        return path in self.files or self.is_dir(path)

    def made_by_run(self, path: str) -> bool:
        return False

    def unlisted_folder(self, path: str) -> str | None:
        return None

    def built(self):
        return {}


def patterns(needs) -> list[str]:
    return [r.pattern for r in needs.data_refs]


def test_open_of_an_absolute_and_a_relative_path():
    files = Files({"/app/app.py": "import json\n\nwith open('/etc/myapp/config.json') as f:\n    CONF = json.load(f)\n"
                                  "def users():\n    return open('data/users.csv').read()\n"})
    needs = launch_needs("/app/app.py", None, "/app", files)
    assert DataRef("/etc/myapp/config.json", "app.py:3", "open") in needs.data_refs
    # relative to the process' working directory: left relative (the planner resolves it against WORKDIR)
    assert DataRef("data/users.csv", "app.py:6", "open") in needs.data_refs
    assert needs.refuse is None and not needs.commands and not needs.runs_commands


def scan(files: Mapping[str, str], entry: str | None = "/app/app.py", module: str | None = None, workdir: str = "/app",
         **kw):
    return launch_needs(entry, module, workdir, Files(files), **kw)


def test_paths_built_from_file_are_absolute_from_the_module_folder():
    src = ("import os\nfrom pathlib import Path\n"
           "HERE = Path(__file__).resolve().parent\n"
           "MODEL = HERE / 'models' / 'model.pkl'\n"
           "WORDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'words.txt')\n"
           "ROOT = Path(__file__).parents[1]\n"
           "def load():\n"
           "    return (Path(__file__).parent / 'data' / 'x.json').read_text(), ROOT.joinpath('shared', 'y.csv')\n")
    needs = scan({"/app/src/app.py": src}, entry="/app/src/app.py")
    assert patterns(needs) == ["/app/src/models/model.pkl", "/app/src/data/words.txt", "/app/src/data/x.json",
                               "/app/shared/y.csv"]
    assert needs.data_refs[0] == DataRef("/app/src/models/model.pkl", "src/app.py:4", "path from __file__")
    assert needs.data_refs[2].how == "Path.read_text"
    # the module's folder and the folders above it are the program's tree, not data
    assert "/app/src" not in patterns(needs) and "/app" not in patterns(needs)


def test_the_apps_own_imports_are_followed_installed_packages_are_not():
    files = {
        "/app/app.py": "import flask\nfrom helpers import storage\nfrom api import routes\n",
        "/app/helpers/__init__.py": "from .paths import DATA\n",
        "/app/helpers/paths.py": "DATA = '/var/lib/notes'\n",
        "/app/helpers/storage.py": "from . import paths\nimport sqlite3\nDB = sqlite3.connect(paths.DATA + '/notes.db')\n",
        "/app/api/__init__.py": "",
        "/app/api/routes.py": "from ..helpers import paths\nCONF = open('/etc/notes/api.yaml')\n",
        "/app/unused.py": "open('/etc/never/read.conf')\n",
        "/usr/local/lib/python3.11/site-packages/flask/__init__.py": "open('/etc/flask-internal.conf')\n",
    }
    needs = scan(files, pythonpath=("/usr/local/lib/python3.11/site-packages",))
    assert set(patterns(needs)) == {"/var/lib/notes", "/var/lib/notes/notes.db", "/etc/notes/api.yaml"}
    assert DataRef("/var/lib/notes/notes.db", "helpers/storage.py:3", "sqlite3.connect") in needs.data_refs
    scanned = next(d for d in needs.decisions if d.topic == "python sources")
    assert scanned.choice == "6 module(s) scanned" and "unused.py" not in scanned.why


def test_a_module_given_by_name_and_pythonpath():
    files = {"/srv/app/main.py": "from core import settings\n",
             "/srv/lib/core/__init__.py": "", "/srv/lib/core/settings.py": "SECRET = open('/run/secrets/key').read()\n"
                                                                        "CONF = '/etc/svc/settings.ini'\n",
             "/srv/app/pkg/__init__.py": "", "/srv/app/pkg/__main__.py": "open('/etc/pkg/main.toml')\n"}
    needs = scan(files, entry=None, module="main", workdir="/srv/app", pythonpath=("/srv/lib",))
    assert patterns(needs) == ["/etc/svc/settings.ini"]     # /run/secrets: mounted at run time, not the build's
    needs = scan(files, entry=None, module="pkg", workdir="/srv/app")      # python -m pkg runs pkg/__main__.py
    assert patterns(needs) == ["/etc/pkg/main.toml"]


def test_a_file_that_does_not_parse_is_named_not_fatal():
    files = {"/app/app.py": "import legacy\nopen('/etc/app/a.conf')\n", "/app/legacy.py": "print 'python 2'\n"}
    needs = scan(files)
    assert patterns(needs) == ["/etc/app/a.conf"]
    unread = next(d for d in needs.decisions if d.choice == "not read")
    assert "legacy.py" in unread.why
    assert scan({"/app/other.py": ""}).data_refs == ()         # no entry file: nothing known, nothing found


def test_absolute_literals_are_refs_but_urls_routes_and_system_files_are_not():
    src = '''"""Serves /etc/docstring/mentioned.txt."""
from flask import Flask, redirect
import logging.handlers
app = Flask(__name__, static_folder=None, template_folder=None)
STATIC_URL = "/static/"
API_PREFIX = "/api/v1"
MODELS = "/srv/models"
USERS = "/etc/passwd"
HOME = "https://example.com/index.html"
@app.route("/health/live")
def live():
    return redirect("/login/form")
app.register_blueprint(object(), url_prefix="/admin/panel")
handler = logging.handlers.SysLogHandler(address="/dev/log")
TMP = "/tmp"
ETC = "/etc"
'''
    needs = scan({"/app/app.py": src})
    assert patterns(needs) == ["/srv/models"]
    skipped = next(d for d in needs.decisions if d.topic == "paths not copied")
    assert "/etc/passwd" in skipped.choice and "/etc (" in skipped.choice


def test_flask_templates_and_static_next_to_the_module_or_where_its_arguments_say():
    needs = scan({"/app/app.py": "from flask import Flask, render_template\napp = Flask(__name__)\n"})
    assert patterns(needs) == ["/app/templates", "/app/static"]
    assert needs.data_refs[0].how == "Flask template_folder"
    # a package: next to its __init__.py; the arguments win over the conventions
    files = {"/app/wsgi.py": "from web import create_app\napp = create_app()\n",
             "/app/web/__init__.py": "import flask\ndef create_app():\n"
                                     "    return flask.Flask(__name__, template_folder='views', static_folder='/srv/assets')\n",
             "/app/web/admin.py": "",
             "/app/web/bp.py": "from flask import Blueprint\nbp = Blueprint('bp', __name__, template_folder='tpl')\n"}
    files["/app/web/__init__.py"] += "from . import bp\n"
    needs = scan(files, entry=None, module="wsgi")
    assert patterns(needs) == ["/app/web/views", "/srv/assets", "/app/web/tpl"]
    # an import name written out: that module's folder
    needs = scan({"/srv/main.py": "from flask import Flask\napp = Flask('site')\n", "/srv/site/__init__.py": ""},
                 entry="/srv/main.py", workdir="/srv")
    assert patterns(needs) == ["/srv/site/templates", "/srv/site/static"]


def test_jinja_and_fastapi_folders_stay_relative_to_the_working_directory():
    src = ("import jinja2\nfrom fastapi import FastAPI\nfrom fastapi.staticfiles import StaticFiles\n"
           "from fastapi.templating import Jinja2Templates\n"
           "env = jinja2.Environment(loader=jinja2.FileSystemLoader('emails'))\napp = FastAPI()\n"
           "app.mount('/static', StaticFiles(directory='static'), name='static')\n"
           "templates = Jinja2Templates(directory='/srv/web/templates')\n")
    needs = scan({"/code/main.py": src}, entry=None, module="main", workdir="/code")
    assert needs.data_refs == (DataRef("emails", "main.py:5", "FileSystemLoader"),
                               DataRef("static", "main.py:7", "StaticFiles"),
                               DataRef("/srv/web/templates", "main.py:8", "Jinja2Templates"))


def test_format_strings_become_globs_and_unknown_paths_are_named_in_the_decisions():
    src = ("import os, joblib\nMODELS = '/srv/models'\n"
           "def load(name):\n"
           "    a = joblib.load(f'{MODELS}/{name}.joblib')\n"
           "    b = open(os.environ['CONFIG_FILE'])\n"
           "    c = open(os.environ.get('RULES', '/etc/rules/default.yaml'))\n"
           "    return open(f'{name}/x')\n")
    needs = scan({"/app/app.py": src})
    assert patterns(needs) == ["/srv/models", "/srv/models/*.joblib", "/etc/rules/default.yaml"]
    unknown = next(d for d in needs.decisions if d.topic == "paths not known")
    assert "app.py:5 open" in unknown.why and "app.py:7 open" in unknown.why
    assert needs.refuse is None
    # the image's ENV names the file: that one
    needs = scan({"/app/app.py": src}, env={"RULES": "/opt/rules/prod.yaml"})
    assert "/opt/rules/prod.yaml" in patterns(needs) and "/etc/rules/default.yaml" not in patterns(needs)


MANAGE = ('#!/usr/bin/env python\nimport os\nimport sys\n\n\ndef main():\n'
          '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n'
          '    from django.core.management import execute_from_command_line\n'
          '    execute_from_command_line(sys.argv)\n\n\nif __name__ == "__main__":\n    main()\n')
SETTINGS = '''import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.staticfiles", "catalog.apps.CatalogConfig"]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",
              "DIRS": [BASE_DIR / "templates", "/srv/shared-templates"], "APP_DIRS": True, "OPTIONS": {}}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/var/lib/shop/db.sqlite3"}}
STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(BASE_DIR, "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "assets", ("vendor", "/opt/vendor-assets")]
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/srv/media")
LOCALE_PATHS = [BASE_DIR / "locale"]
BANNER = "/etc/shop/banner.txt"
'''
DJANGO = {"/app/manage.py": MANAGE, "/app/shop/__init__.py": "", "/app/shop/settings.py": SETTINGS,
          "/app/shop/urls.py": "from django.urls import path\nfrom catalog import views\n"
                               "urlpatterns = [path('items/', views.items)]\n",
          "/app/shop/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
          "/app/catalog/__init__.py": "", "/app/catalog/apps.py": "",
          "/app/catalog/views.py": "from django.conf import settings\n\n\ndef items(request):\n"
                                   "    return open(settings.BANNER).read()\n",
          "/app/catalog/tests.py": "import subprocess\nsubprocess.run(['gcc', 'x.c'])\n",
          "/app/catalog/migrations/0001_initial.py": "open('/etc/never.txt')\n"}


def test_django_settings_name_the_folders_and_the_database():
    needs = scan(DJANGO, entry="/app/manage.py")
    got = {r.pattern: r.how for r in needs.data_refs}
    assert got == {"/app/templates": "settings.TEMPLATES DIRS", "/srv/shared-templates": "settings.TEMPLATES DIRS",
                   "/var/lib/shop/db.sqlite3": "settings.DATABASES sqlite NAME",
                   "/app/staticfiles": "settings.STATIC_ROOT", "/srv/media": "settings.MEDIA_ROOT",
                   "/app/assets": "settings.STATICFILES_DIRS", "/opt/vendor-assets": "settings.STATICFILES_DIRS",
                   "/app/locale": "settings.LOCALE_PATHS",
                   # the project's apps are loaded by name: their views are scanned, their tests are not
                   "/etc/shop/banner.txt": "open"}       # open(django.conf.settings.BANNER)
    assert needs.refuse is None and not needs.runs_commands
    # gunicorn shop.wsgi: the same settings through wsgi.py's setdefault; the image's ENV wins
    other = dict(DJANGO, **{"/app/shop/prod.py": "from .settings import *\nSTATIC_ROOT = '/var/www/static'\n"})
    needs = scan(other, entry=None, module="shop.wsgi", env={"DJANGO_SETTINGS_MODULE": "shop.prod"})
    roots = [r.pattern for r in needs.data_refs if r.how == "settings.STATIC_ROOT"]
    assert roots == ["/var/www/static"]
    assert "/var/lib/shop/db.sqlite3" in patterns(needs)       # from the settings it star-imports


def test_django_static_root_is_what_collectstatic_fills():
    files = Files(DJANGO)
    assert django_static_root("/app/manage.py", files, {}) == "/app/staticfiles"
    files.files["/app/shop/prod.py"] = "from .settings import *\nSTATIC_ROOT = BASE_DIR / 'public'\n"
    assert django_static_root("/app/manage.py", files, {"DJANGO_SETTINGS_MODULE": "shop.prod"}) == "/app/public"
    files.files["/app/shop/prod.py"] = "STATIC_ROOT = 'collected'\n"     # relative: to the working directory
    assert django_static_root("/app/manage.py", files, {"DJANGO_SETTINGS_MODULE": "shop.prod"}) == "/app/collected"
    files.files["/app/shop/prod.py"] = "import os\nSTATIC_ROOT = os.environ['STATIC_ROOT']\n"
    assert django_static_root("/app/manage.py", files, {"DJANGO_SETTINGS_MODULE": "shop.prod"}) is None
    assert django_static_root("/app/manage.py", files, {"DJANGO_SETTINGS_MODULE": "nowhere.settings"}) is None
    assert django_static_root("/app/manage.py", Files({"/app/manage.py": "import sys\n"}), {}) is None


def test_programs_run_by_a_literal_name_are_commands():
    src = '''import os, shlex, subprocess
from subprocess import check_output as out
FFMPEG = "ffmpeg"
def convert(src, dst):
    subprocess.run([FFMPEG, "-i", src, dst], check=True)
    os.system(f"convert {src} -resize 50% {dst} && optipng {dst}")
    rev = out(["git", "rev-parse", "HEAD"])
    subprocess.Popen("pdftotext report.pdf -", shell=True)
    subprocess.call(shlex.split("/usr/bin/wkhtmltopdf a.html a.pdf"))
    os.execvp("gunicorn", ["gunicorn", "app:app"])
    subprocess.run([os.environ["TOOL"], src])
    subprocess.run(["sh", "-c", "cd /data && timeout 30 nice -n 5 gzip -9 dump.sql"])
    subprocess.run(["/opt/tools/bin/render", src])
'''
    needs = scan({"/app/app.py": src})
    # by name (a system folder's program too: the base has it, or a known package); by path elsewhere
    assert needs.commands == ("ffmpeg", "convert", "optipng", "git", "pdftotext", "wkhtmltopdf", "gunicorn", "gzip",
                              "/opt/tools/bin/render")
    assert needs.runs_commands and needs.refuse is None
    unknown = next(d for d in needs.decisions if d.topic == "paths not known")
    assert "app.py:11 runs a program the scan cannot name" in unknown.why
    # python itself is the runtime's, not a command; the module it runs is the app's and is scanned
    needs = scan({"/app/app.py": "import subprocess, sys\nsubprocess.run([sys.executable, '-m', 'worker'])\n",
                  "/app/worker.py": "open('/etc/worker/jobs.yaml')\n"})
    assert needs.commands == () and needs.runs_commands and patterns(needs) == ["/etc/worker/jobs.yaml"]


def test_build_tools_at_start_are_refused_with_the_place():
    cases = {
        "import subprocess, sys\nsubprocess.check_call([sys.executable, '-m', 'pip', 'install', 'extra'])\n":
            "app.py:2 runs pip install when the container starts",
        "import os\nos.system('pip install -r plugins.txt')\n": "app.py:2 runs pip install when the container starts",
        "import subprocess\nsubprocess.run(['gcc', '-O2', '-o', 'ext', 'ext.c'])\n": "app.py:2 runs gcc",
        "import subprocess\nsubprocess.run('cd native && make', shell=True)\n": "app.py:2 runs make",
        "import subprocess\nsubprocess.run(['git', 'clone', 'https://example.com/x.git'])\n": "app.py:2 runs git clone",
    }
    for src, why in cases.items():
        needs = scan({"/app/app.py": src})
        assert needs.refuse is not None and needs.refuse.startswith(why), (src, needs.refuse)
    # reading the repository's state is no build step: git is a command the runtime base must have
    needs = scan({"/app/app.py": "import subprocess\nsubprocess.run(['git', 'log', '-1'])\n"})
    assert needs.refuse is None and needs.commands == ("git",)
    # a refusal in a module the app never imports is not the app's
    needs = scan({"/app/app.py": "x = 1\n", "/app/setup_tools.py": "import os\nos.system('gcc a.c')\n"})
    assert needs.refuse is None and not needs.runs_commands


# -- through the planner --------------------------------------------------------------------

APP_DOCKERFILE = """FROM python:3.11
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY config.toml /etc/notes/config.toml
COPY models/ /srv/models/
RUN mkdir -p /var/lib/notes
COPY . .
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
"""


def test_files_outside_the_app_folder_reach_the_runtime_stage():
    files = {"requirements.txt": "flask\ngunicorn\n", "config.toml": "title = 'notes'\n", "models/m.bin": "m",
             "app.py": "import tomllib\nfrom flask import Flask\napp = Flask(__name__)\n"
                       "CONF = tomllib.load(open('/etc/notes/config.toml', 'rb'))\n"
                       "DB = '/var/lib/notes/notes.db'\nMODELS = '/srv/models'\n"}
    plan, out = convert(APP_DOCKERFILE, files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /etc/notes/config.toml /etc/notes/config.toml" in rt
    assert "COPY --from=build /srv/models /srv/models" in rt
    assert "COPY --from=build /var/lib/notes /var/lib/notes" in rt        # the folder the app writes its database in
    assert "open('/etc/notes/config.toml') in app.py:4" in out


def test_the_scans_refusal_is_the_files_reason():
    files = {"requirements.txt": "flask\ngunicorn\n", "config.toml": "", "models/m.bin": "m",
             "app.py": "import subprocess, sys\nfrom flask import Flask\napp = Flask(__name__)\n"
                       "subprocess.check_call([sys.executable, '-m', 'pip', 'install', '-r', 'plugins.txt'])\n"}
    plan, out = convert(APP_DOCKERFILE, files)
    assert not plan.changed and plan.code == "SS010"
    assert plan.reason.startswith("app.py:4 runs pip install when the container starts")
    assert out == APP_DOCKERFILE


def test_package_data_and_path_objects():
    files = {"/app/app.py": "from shop import web\n",
             "/app/shop/__init__.py": "",
             "/app/shop/web.py": "import importlib.resources\nfrom pathlib import Path\nimport jinja2\n"
                                 "PRICES = importlib.resources.files('shop') / 'data' / 'prices.json'\n"
                                 "env = jinja2.Environment(loader=jinja2.PackageLoader('shop', 'views'))\n"
                                 "RULES = Path('config/rules.yaml').read_text()\n"
                                 "LOG = Path('/var/log/shop')\n"
                                 "def dump(name):\n    (LOG / f'{name}.log').open('w')\n"}
    needs = scan(files)
    assert needs.data_refs == (DataRef("/app/shop/data/prices.json", "shop/web.py:4", "path from __file__"),
                               DataRef("/app/shop/views", "shop/web.py:5", "PackageLoader"),
                               DataRef("config/rules.yaml", "shop/web.py:6", "Path.read_text"),
                               DataRef("/var/log/shop", "shop/web.py:7", "string literal"),
                               DataRef("/var/log/shop/*.log", "shop/web.py:9", "Path.open"))


@pytest.mark.parametrize("venv", ["", "RUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\n"])
def test_a_console_script_the_app_runs_is_where_pip_wrote_it(venv):
    text = (f"FROM python:3.11\n{venv}WORKDIR /app\nCOPY requirements.txt .\n"
            "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"run.py\"]\n")
    files = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n",
             "run.py": "import subprocess\nsubprocess.Popen(['flask', 'run', '--host=0.0.0.0']).wait()\n"}
    plan, out = convert(text, files)
    assert plan.changed, plan.reason          # not a command the runtime base must have: the build wrote it
    rt = runtime_part(out)
    assert ("COPY --from=build /opt/venv /opt/venv" if venv else
            "COPY --from=build /usr/local/bin/flask /usr/local/bin/flask") in rt
    assert "apt-get" not in rt


def test_odd_sources_never_stop_the_scan():
    long_sum = "TOTAL = " + " + ".join(["1"] * 1200) + "\n"     # deeper than the recursion limit
    files = {"/app/app.py": "import deep, longsum, binary, py2\nopen('/etc/app/main.conf')\n",
             "/app/deep.py": "X = " + "[" * 300 + "]" * 300 + "\n",
             "/app/longsum.py": long_sum + "open('/etc/app/sum.conf')\n",
             "/app/binary.py": "\x00\x01\x02 not python \xff",
             "/app/py2.py": "print 'hello'\nopen('/etc/app/never.conf')\n"}
    needs = scan(files)
    assert {"/etc/app/main.conf", "/etc/app/sum.conf"} <= set(patterns(needs))
    assert "/etc/app/never.conf" not in patterns(needs)
    unread = next(d for d in needs.decisions if d.choice == "not read")
    assert "py2.py" in unread.why and "binary.py" in unread.why


def test_modules_a_server_loads_by_name_and_flask_config_files():
    files = {"/app/run.py": "import uvicorn\n\nif __name__ == '__main__':\n    uvicorn.run('api.main:app', host='0.0.0.0')\n",
             "/app/api/__init__.py": "",
             "/app/api/main.py": "from flask import Flask\napp = Flask(__name__, static_folder=None, template_folder=None)\n"
                                 "app.config.from_pyfile('settings.cfg')\napp.config.from_file('/etc/api/extra.json', load=None)\n"}
    needs = scan(files, entry="/app/run.py")
    assert needs.data_refs == (DataRef("/app/api/settings.cfg", "api/main.py:3", "config.from_pyfile"),
                               DataRef("/etc/api/extra.json", "api/main.py:4", "config.from_file"))
    needs = scan({"/app/app.py": "import os\nos.system('pip3.11 install --user plugins')\n"})
    assert needs.refuse is not None and needs.refuse.startswith("app.py:2 runs pip3.11 install when the container starts")


def test_a_main_block_runs_only_in_the_module_python_starts():
    tool = "import subprocess\n\nif __name__ == '__main__':\n    subprocess.run(['pip', 'install', '-e', '.'])\n"
    files = {"/app/app.py": "import tool\n", "/app/tool.py": tool}
    needs = scan(files, entry=None, module="app")
    assert needs.refuse is None and not needs.runs_commands     # imported: its main block does not run
    for started in (scan(files, entry="/app/tool.py"), scan(files, entry=None, module="tool")):   # python tool.py, -m tool
        assert started.refuse is not None and started.refuse.startswith("tool.py:4 runs pip install")
    # gunicorn tool:app imports it: the block does not run
    assert scan(files, entry=None, module="tool", server=True).refuse is None


def test_a_folder_python_runs_is_its_main_module():
    files = {"/srv/bot/__main__.py": "from config import load\nload()\n",
             "/srv/bot/config.py": "def load():\n    return open('/etc/bot/settings.yaml').read()\n"}
    needs = scan(files, entry="/srv/bot", workdir="/")        # WORKDIR / + CMD ["python", "srv/bot"]
    assert patterns(needs) == ["/etc/bot/settings.yaml"]


def test_django_static_root_of_the_older_os_path_settings():
    files = Files({"/code/manage.py": MANAGE.replace("shop.settings", "proj.settings"), "/code/proj/__init__.py": "",
                   "/code/proj/settings.py": "import os\n"
                   "BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
                   "STATIC_ROOT = os.path.join(BASE_DIR, 'static')\n"})
    assert django_static_root("/code/manage.py", files, {}) == "/code/static"


def test_a_setting_assigned_on_two_branches_is_not_guessed():
    settings = ("import os\nDEBUG = os.environ.get('DEBUG') == '1'\nif DEBUG:\n    STATIC_ROOT = '/tmp/static-dev'\n"
                "else:\n    STATIC_ROOT = '/var/www/site-static/'\n")
    files = Files({"/code/manage.py": MANAGE.replace("shop.settings", "proj.settings"), "/code/proj/__init__.py": "",
                   "/code/proj/settings.py": settings})
    assert django_static_root("/code/manage.py", files, {}) is None
    needs = launch_needs("/code/manage.py", None, "/code", files)
    assert "/var/www/site-static/" in patterns(needs)      # a data ref all the same: copied if the build wrote it


def test_idioms_of_public_apps_give_no_refusal_and_no_system_folder():
    """Shapes seen in public Flask/FastAPI/Django apps (written anew here): uploads written under a
    folder relative to the working directory, a helper binary found at run time, an HTML page
    read from the working directory, metadata URLs, a settings branch per environment."""
    src = '''import os, subprocess, uuid, http.client
from pathlib import Path
from fastapi import FastAPI, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
import imageio_ffmpeg

UPLOADS = Path("uploads").resolve()
app = FastAPI(root_path="/api")
app.mount("/", StaticFiles(directory="/srv/www", html=True), name="site")

@app.on_event("startup")
def prepare() -> None:
    os.makedirs(UPLOADS, exist_ok=True)

@app.get("/")
def home() -> HTMLResponse:
    with open("index.html", encoding="utf-8") as fh:
        return HTMLResponse(fh.read())

@app.post("/convert")
async def convert(file: UploadFile) -> dict:
    src = UPLOADS / f"{uuid.uuid4()}.mp4"
    src.write_bytes(await file.read())
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-i", str(src), str(src.with_suffix(".mp3"))], check=True)
    return {"ok": True}

def local_ip() -> str:
    conn = http.client.HTTPConnection("169.254.169.254", timeout=2)
    conn.request("GET", "/latest/meta-data/local-ipv4")
    return conn.getresponse().read().decode()

LOG_DIR = "/var/log" if os.environ.get("PROD") else "/tmp"
'''
    needs = scan({"/app/main.py": src}, entry=None, module="main")
    assert needs.refuse is None and needs.commands == () and needs.runs_commands
    got = patterns(needs)
    assert "/srv/www" in got and "index.html" in got
    assert not any(p in ("/var/log", "/tmp", "/") for p in got)


def test_a_text_met_again_is_parsed_once_and_read_the_same_under_other_names():
    """A batch meets one module's text in many repositories: it is parsed (and its lines
    numbered) once per process, and every scan finds in it what a first scan finds."""
    from heuristics import python_sources

    text = "import json\n\n\nCONF = json.load(open('/etc/shared/conf.json'))  # cache test\nopen('data/x.csv')\n"
    broken = "print 'python 2'  # cache test\n"
    python_sources._PARSED.clear()
    first = scan({"/app/app.py": text, "/app/old.py": broken, "/app/main.py": "import app, old\n"}, entry="/app/main.py")
    assert python_sources._PARSED.currsize == len(text) + len(broken) + len("import app, old\n")
    parsed = python_sources._parsed(text)
    again = scan({"/srv/x/app.py": "import helpers\n", "/srv/x/helpers.py": text, "/srv/x/old.py": broken},
                 entry="/srv/x/app.py", workdir="/srv/x")
    assert python_sources._parsed(text) is parsed                       # not parsed again
    assert [(r.pattern, r.where) for r in first.data_refs] == [("/etc/shared/conf.json", "app.py:4"), ("data/x.csv", "app.py:5")]
    assert [(r.pattern, r.where) for r in again.data_refs] == [("/etc/shared/conf.json", "helpers.py:4"), ("data/x.csv", "helpers.py:5")]
    assert any("old.py" in d.why for d in first.decisions if d.choice == "not read")   # a text that does not parse: said each time
    # a module larger than the whole cache is parsed for its scan and not kept
    big = "x = 1\n" * (python_sources._PARSED_BYTES // 6 + 1) + "open('/etc/big.conf')\n"
    assert patterns(scan({"/app/app.py": big})) == ["/etc/big.conf"]
    assert big not in python_sources._PARSED
