"""Python installers beyond `pip install -r`: poetry, pipenv, uv, pip's --user/--target/--prefix/-e,
local projects and setup.py with their own console scripts, `poetry run`/`pipenv run`/`uv run`
as the image's command, and Django's collectstatic. Each test reads the converted file's runtime
stage, or the refusal's code and reason, as a user would."""

from __future__ import annotations

import pytest

from heuristics import python_installs as manifests

from .conftest import convert, runtime_part

POETRY_PYPROJECT = """[tool.poetry]
name = "shop"
version = "0.1.0"
description = ""
authors = ["A <a@example.com>"]
packages = [{include = "shop"}]

[tool.poetry.dependencies]
python = "^3.11"
flask = "^3.0"
gunicorn = "^22.0"

[tool.poetry.group.dev.dependencies]
pytest = "^8.0"
uvicorn = "*"

[tool.poetry.scripts]
shop-admin = "shop.cli:main"
"""
POETRY = {"pyproject.toml": POETRY_PYPROJECT, "poetry.lock": "# lock\n", "shop/__init__.py": "", "shop/cli.py": "def main(): pass\n",
          "app.py": "from shop import *\n", "tests/test_shop.py": "def test(): pass\n"}


def _copies(out: str) -> list[str]:
    return [line.split()[-1] for line in runtime_part(out).splitlines() if line.startswith("COPY --from=build")]


def _ok(df: str, files: dict[str, str]) -> str:
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    return out


def _refused(df: str, files: dict[str, str]) -> tuple[str, str]:
    plan, out = convert(df, files)
    assert not plan.changed and out == df
    return plan.code or "", plan.reason


# -- poetry --------------------------------------------------------------------------------------

def test_poetry_config_create_false_installs_into_site_packages_with_the_project_script():
    out = _ok("FROM python:3.11\nRUN pip install poetry==1.8.3\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\n"
              "RUN poetry config virtualenvs.create false\nCOPY . .\nRUN poetry install --only main --no-interaction --no-ansi\n"
              'CMD ["shop-admin"]\n', POETRY)
    copies = _copies(out)
    assert runtime_part(out).startswith("FROM python:3.11-slim\n")
    for path in ("/usr/local/lib/python3.11/site-packages", "/usr/local/bin/shop-admin", "/usr/local/bin/gunicorn",
                 "/usr/local/bin/flask", "/app/shop"):
        assert path in copies
    # dev group left out by --only main; poetry itself is not the app's
    assert "/usr/local/bin/uvicorn" not in copies and "/usr/local/bin/poetry" not in copies


def test_poetry_without_only_main_installs_the_dev_group_too():
    out = _ok("FROM python:3.11\nENV POETRY_VIRTUALENVS_CREATE=false\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\n"
              'RUN poetry install --no-root\nCMD ["gunicorn", "app:app"]\n', POETRY)
    copies = _copies(out)
    assert "/usr/local/bin/uvicorn" in copies and "/usr/local/bin/gunicorn" in copies
    assert "/usr/local/bin/shop-admin" not in copies          # --no-root: the project is not installed


@pytest.mark.parametrize("without", ["--without dev", "--no-dev", "--only=main"])
def test_poetry_group_options_leave_dev_scripts_out(without):
    out = _ok(f"FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN poetry config virtualenvs.create false "
              f'&& poetry install {without} --no-root\nCMD ["gunicorn", "app:app"]\n', POETRY)
    assert "/usr/local/bin/uvicorn" not in _copies(out)


def test_poetry_in_project_venv_is_copied_whole_with_the_project():
    out = _ok("FROM python:3.12-slim\nENV POETRY_VIRTUALENVS_IN_PROJECT=true\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\n"
              'RUN poetry install --without dev\nENV PATH=/app/.venv/bin:$PATH\nCMD ["shop-admin"]\n', POETRY)
    rt = runtime_part(out)
    assert rt.startswith("FROM python:3.12-slim\n")
    assert "COPY --from=build /app/.venv /app/.venv" in rt and "/app/shop" in _copies(out)
    assert "site-packages" not in rt        # poetry's own packages stay in the build
    assert "ENV PATH=/app/.venv/bin:$PATH" in rt


def test_poetry_run_carries_poetry_and_its_venv_folder():
    out = _ok('FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main\n'
              'CMD ["poetry", "run", "gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n', POETRY)
    copies = _copies(out)
    for path in ("/root/.cache/pypoetry/virtualenvs", "/usr/local/bin/poetry", "/usr/local/lib/python3.11/site-packages",
                 "/app/pyproject.toml"):
        assert path in copies
    assert "/root/.cache/pypoetry/cache" not in " ".join(copies)


def test_poetry_config_in_project_true_is_read_back():
    out = _ok('FROM python:3.11\nRUN pip install poetry\nRUN poetry config virtualenvs.in-project true\nWORKDIR /srv\nCOPY . .\n'
              'RUN poetry install --no-root\nCMD ["/srv/.venv/bin/python", "app.py"]\n', POETRY)
    assert "/srv/.venv" in _copies(out)


def test_poetry_from_pipx_with_create_false_is_not_followed():
    # pipx's poetry runs in its own venv: with virtualenvs.create false it installs there
    code, reason = _refused("FROM python:3.11\nRUN pip install pipx && pipx install poetry\nENV PATH=/root/.local/bin:$PATH\n"
                            "WORKDIR /app\nCOPY . .\nRUN poetry config virtualenvs.create false && poetry install\n"
                            'CMD ["gunicorn", "app:app"]\n', POETRY)
    assert code == "SS007" and "installs into the environment poetry itself runs in" in reason


def test_poetry_export_then_pip_install_reads_the_groups_exported():
    out = _ok("FROM python:3.11\nRUN pip install poetry poetry-plugin-export\nWORKDIR /app\nCOPY . .\n"
              "RUN poetry export -f requirements.txt --output requirements.txt --without-hashes\n"
              'RUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "app:app"]\n', POETRY)
    copies = _copies(out)
    assert "/usr/local/bin/gunicorn" in copies and "/usr/local/bin/uvicorn" not in copies


def test_poetry_always_copy_venvs_are_refused():
    code, reason = _refused("FROM python:3.11\nRUN pip install poetry\nENV POETRY_VIRTUALENVS_IN_PROJECT=true "
                            "POETRY_VIRTUALENVS_OPTIONS_ALWAYS_COPY=true\nWORKDIR /app\nCOPY . .\nRUN poetry install\n"
                            'CMD [".venv/bin/python", "app.py"]\n', POETRY)
    assert code == "SS010" and "always-copy" in reason


# -- pipenv --------------------------------------------------------------------------------------

PIPFILE = {"Pipfile": '[packages]\nflask = "*"\ngunicorn = "==22.0.0"\n\n[dev-packages]\nuvicorn = "*"\n',
           "Pipfile.lock": "{}\n", "app.py": "app = None\n"}


def test_pipenv_system_deploy_installs_the_pipfile_packages_into_site_packages():
    out = _ok("FROM python:3.11-bookworm\nRUN pip install --no-cache-dir pipenv\nWORKDIR /app\nCOPY Pipfile Pipfile.lock ./\n"
              "RUN pipenv install --system --deploy --ignore-pipfile\nCOPY . .\nCMD [\"gunicorn\", \"app:app\"]\n", PIPFILE)
    copies = _copies(out)
    assert runtime_part(out).startswith("FROM python:3.11-slim-bookworm\n")
    assert {"/usr/local/lib/python3.11/site-packages", "/usr/local/bin/gunicorn", "/usr/local/bin/flask"} <= set(copies)
    assert "/usr/local/bin/uvicorn" not in copies and "/usr/local/bin/pipenv" not in copies


def test_pipenv_in_project_venv_with_pipenv_run():
    out = _ok("FROM python:3.11\nRUN pip install pipenv\nENV PIPENV_VENV_IN_PROJECT=1\nWORKDIR /app\nCOPY . .\n"
              'RUN pipenv install --deploy\nCMD ["pipenv", "run", "gunicorn", "app:app"]\n', PIPFILE)
    copies = _copies(out)
    assert {"/app/.venv", "/usr/local/bin/pipenv", "/usr/local/lib/python3.11/site-packages", "/app/Pipfile"} <= set(copies)


def test_pipenv_install_of_a_new_package_is_not_followed():
    code, _ = _refused("FROM python:3.11\nRUN pip install pipenv\nWORKDIR /app\nCOPY . .\n"
                       'RUN pipenv install --system gunicorn\nCMD ["gunicorn", "app:app"]\n', PIPFILE)
    assert code == "SS007"


# -- uv ------------------------------------------------------------------------------------------

UV_PROJECT = {"pyproject.toml": '[project]\nname = "svc"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
                                'dependencies = ["fastapi>=0.110", "uvicorn"]\n\n[project.scripts]\nsvc = "svc.main:run"\n\n'
                                '[dependency-groups]\ndev = ["pytest"]\n\n[build-system]\nrequires = ["hatchling"]\n'
                                'build-backend = "hatchling.build"\n',
              "uv.lock": "version = 1\n", "src/svc/__init__.py": "", "src/svc/main.py": "def run(): pass\n", "README.md": "svc\n"}


def test_uv_sync_fills_the_project_venv_and_the_command_runs_the_project_script():
    out = _ok("FROM python:3.12-slim\nRUN pip install uv\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\n"
              "RUN uv sync --frozen --no-dev --no-install-project\nCOPY . .\nRUN uv sync --frozen --no-dev\n"
              'ENV PATH="/app/.venv/bin:$PATH"\nCMD ["svc"]\n', UV_PROJECT)
    rt = runtime_part(out)
    assert "COPY --from=build /app/.venv /app/.venv" in rt and "/app/src" in _copies(out)
    assert "/usr/local/bin/uv" not in rt and "site-packages" not in rt


def test_uv_project_environment_names_the_venv():
    out = _ok("FROM python:3.12-slim\nRUN pip install uv\nENV UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH\n"
              'WORKDIR /app\nCOPY . .\nRUN uv sync --locked\nCMD ["uvicorn", "svc.main:app"]\n', UV_PROJECT)
    assert "/opt/venv" in _copies(out)


def test_uv_sync_needing_another_python_is_refused_with_the_reason():
    code, reason = _refused("FROM python:3.10-slim\nRUN pip install uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"
                            'ENV PATH="/app/.venv/bin:$PATH"\nCMD ["svc"]\n', UV_PROJECT)
    assert code == "SS010" and "requires-python '>=3.11'" in reason and "3.10" in reason
    code, reason = _refused("FROM python:3.12-slim\nRUN pip install uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen\n"
                            'ENV PATH="/app/.venv/bin:$PATH"\nCMD ["svc"]\n', {**UV_PROJECT, ".python-version": "3.13\n"})
    assert code == "SS010" and ".python-version asks for Python 3.13" in reason


def test_uv_pip_install_system_and_into_a_uv_venv():
    files = {"requirements.txt": "fastapi\nuvicorn\n", "main.py": "app = None\n"}
    out = _ok("FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /uvx /bin/\nWORKDIR /app\nCOPY . .\n"
              'RUN uv pip install --system --no-cache -r requirements.txt\nCMD ["uvicorn", "main:app"]\n', files)
    assert {"/usr/local/lib/python3.12/site-packages", "/usr/local/bin/uvicorn"} <= set(_copies(out))
    out = _ok("FROM python:3.12-slim\nRUN pip install uv\nRUN uv venv /opt/venv\nENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH\n"
              'WORKDIR /app\nCOPY . .\nRUN uv pip install -r requirements.txt\nCMD ["uvicorn", "main:app"]\n', files)
    assert "/opt/venv" in _copies(out) and "site-packages" not in runtime_part(out)


def test_uv_pip_install_without_a_venv_or_system_is_not_followed():
    code, _ = _refused("FROM python:3.12-slim\nRUN pip install uv\nWORKDIR /app\nCOPY . .\n"
                       'RUN uv pip install -r requirements.txt\nCMD ["uvicorn", "main:app"]\n',
                       {"requirements.txt": "uvicorn\n", "main.py": ""})
    assert code == "SS007"


def test_uv_run_syncs_at_start_and_is_refused_unless_no_sync():
    df = "FROM python:3.12-slim\nRUN pip install uv\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked\nCMD {}\n"
    code, reason = _refused(df.format('["uv", "run", "uvicorn", "svc.main:app"]'), UV_PROJECT)
    assert code == "SS023" and "--no-sync" in reason
    out = _ok(df.format('["uv", "run", "--no-sync", "uvicorn", "svc.main:app"]'), UV_PROJECT)
    assert {"/app/.venv", "/usr/local/bin/uv"} <= set(_copies(out))


# -- pip options and local projects ------------------------------------------------------------------

FLASK = {"requirements.txt": "flask\ngunicorn\n", "app.py": "app = None\n"}


def test_pip_user_installs_go_to_the_home_of_the_run():
    out = _ok("FROM python:3.11\nRUN useradd -m app\nUSER app\nENV HOME=/home/app\nWORKDIR /home/app\nCOPY . .\n"
              "RUN pip install --user --no-cache-dir -r requirements.txt\nENV PATH=/home/app/.local/bin:$PATH\n"
              'CMD ["gunicorn", "app:app"]\n', FLASK)
    copies = _copies(out)
    assert {"/home/app/.local/lib/python3.11/site-packages", "/home/app/.local/bin/gunicorn"} <= set(copies)
    assert "/usr/local/lib/python3.11/site-packages" not in copies


@pytest.mark.parametrize("opt, path", [("--target=/deps", "/deps"), ("--prefix /install", "/install"),
                                       ("-t vendor", "/app/vendor")])
def test_pip_target_and_prefix_folders_are_the_artifact(opt, path):
    out = _ok(f"FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install {opt} -r requirements.txt\n"
              f'ENV PYTHONPATH={path}\nCMD ["python", "app.py"]\n', FLASK)
    assert path in _copies(out) and "/usr/local/lib/python3.11/site-packages" not in _copies(out)


def test_a_prefix_of_a_system_folder_is_refused():
    code, _ = _refused('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --prefix=/usr -r requirements.txt\n'
                       'CMD ["python", "app.py"]\n', FLASK)
    assert code == "SS007"


PROJECT = {"pyproject.toml": '[project]\nname = "tool"\nversion = "1.0"\ndependencies = ["click", "gunicorn"]\n'
                             '[project.scripts]\nmytool = "tool.cli:main"\n[build-system]\nrequires = ["setuptools"]\n'
                             'build-backend = "setuptools.build_meta"\n',
           "tool/__init__.py": "", "tool/cli.py": "def main(): pass\n"}


def test_pip_install_dot_writes_the_project_s_console_script():
    out = _ok('FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN pip install --no-cache-dir .\nCMD ["mytool", "--help"]\n', PROJECT)
    assert {"/usr/local/bin/mytool", "/usr/local/bin/gunicorn", "/usr/local/lib/python3.11/site-packages"} <= set(_copies(out))


def test_an_editable_install_keeps_the_whole_source_folder():
    out = _ok('FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN pip install -e .\nWORKDIR /\nCMD ["mytool"]\n', PROJECT)
    assert "COPY --from=build /src /src" in runtime_part(out)


@pytest.mark.parametrize("setup_py, script", [
    ('from setuptools import setup\nsetup(name="tool", entry_points={"console_scripts": ["mytool = tool.cli:main"]})\n', True),
    ('from setuptools import setup\nsetup(name="tool", entry_points="""\n[console_scripts]\nmytool=tool.cli:main\n""")\n', True),
    ('from setuptools import setup\nkw = dict(entry_points={"console_scripts": ["mytool=tool.cli:main"]})\nsetup(**kw)\n', False),
])
def test_setup_py_console_scripts_are_read_with_libcst(setup_py, script):
    files = {"setup.py": setup_py, "tool/__init__.py": "", "tool/cli.py": "def main(): pass\n"}
    df = 'FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN python setup.py install\nCMD ["mytool"]\n'
    plan, out = convert(df, files)
    if script:
        assert plan.changed, plan.reason
        assert "/usr/local/bin/mytool" in _copies(out)
    else:
        assert not plan.changed      # which scripts setup(**kw) writes is not read: never assumed


def test_setup_cfg_console_scripts():
    files = {"setup.cfg": "[metadata]\nname = tool\n[options.entry_points]\nconsole_scripts =\n    mytool = tool.cli:main\n",
             "setup.py": "from setuptools import setup\nsetup()\n", "tool/__init__.py": "", "tool/cli.py": ""}
    out = _ok('FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN pip install .\nCMD ["mytool"]\n', files)
    assert "/usr/local/bin/mytool" in _copies(out)


# -- Django --------------------------------------------------------------------------------------

DJANGO = {"requirements.txt": "django\ngunicorn\n",
          "manage.py": "import os, sys\nif __name__ == '__main__':\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_/settings')\n",
          "site_/__init__.py": "", "site_/wsgi.py": "application = None\n",
          "site_/settings.py": "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                               "STATIC_URL = '/static/'\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\n"}


def test_collectstatic_writes_static_root_which_the_runtime_stage_gets():
    files = dict(DJANGO, **{"manage.py": DJANGO["manage.py"].replace("site_/settings", "site_.settings")})
    out = _ok('FROM python:3.11\nWORKDIR /code\nCOPY . .\nRUN pip install -r requirements.txt\n'
              'RUN python manage.py collectstatic --noinput\nCMD ["gunicorn", "site_.wsgi:application"]\n', files)
    assert "/code/staticfiles" in _copies(out)


def test_collectstatic_with_an_unknown_static_root_is_an_unknown_command():
    files = dict(DJANGO, **{"site_/settings.py": "import os\nSTATIC_ROOT = os.environ['STATIC_DIR']\n",
                            "manage.py": DJANGO["manage.py"].replace("site_/settings", "site_.settings")})
    code, reason = _refused('FROM python:3.11\nWORKDIR /code\nCOPY . .\nRUN pip install -r requirements.txt\n'
                            'RUN python manage.py collectstatic --noinput\nCMD ["gunicorn", "site_.wsgi:application"]\n', files)
    assert code == "SS007" and "STATIC_ROOT, which the settings do not name" in reason


# -- manifests -------------------------------------------------------------------------------------

@pytest.mark.parametrize("spec, version, ok", [
    (">=3.10", "3.11", True), (">=3.12", "3.11", False), (">=3.10,<3.12", "3.11", True), ("~=3.11", "3.12", True),
    ("~=3.11.2", "3.12", False), ("^3.11", "3.12", True), ("==3.11.*", "3.12", False), (">=3.11.4", "3.11", False),
    (">=3.11.4", "3.11.9", True), ("~3.11", "3.12", False),
])
def test_requires_python(spec, version, ok):
    assert manifests.requires_python(spec, version) is ok


def test_project_scripts_are_unknown_when_declared_dynamically():
    class Files:
        def __init__(self, files):
            self.files = files

        def read(self, path):
            return self.files.get(path)

        def exists(self, path):
            return path in self.files

    dynamic = Files({"/p/pyproject.toml": '[project]\nname = "x"\ndynamic = ["scripts"]\n'})
    assert manifests.project_scripts("/p", dynamic) is None  # type: ignore[arg-type]
    none = Files({"/p/pyproject.toml": '[project]\nname = "x"\n'})
    assert manifests.project_scripts("/p", none) == ()  # type: ignore[arg-type]


def test_extras_of_a_local_project_are_read():
    files = dict(PROJECT, **{"pyproject.toml": PROJECT["pyproject.toml"].replace(
        "[project.scripts]", '[project.optional-dependencies]\nserver = ["uvicorn"]\n[project.scripts]')})
    out = _ok('FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN pip install ".[server]"\nCMD ["uvicorn", "tool.app:app"]\n', files)
    assert {"/usr/local/bin/uvicorn", "/usr/local/bin/mytool"} <= set(_copies(out))


# -- pip's own settings --------------------------------------------------------------------------

def test_pip_user_from_the_environment_with_a_user_base():
    out = _ok("FROM python:3.11\nENV PYTHONUSERBASE=/pyroot PATH=/pyroot/bin:$PATH\nWORKDIR /app\nCOPY . .\n"
              'RUN PIP_USER=1 pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n', FLASK)
    copies = _copies(out)
    assert "/pyroot" in copies and "/usr/local/lib/python3.11/site-packages" not in copies


def test_a_pip_conf_target_from_the_context_is_followed():
    out = _ok("FROM python:3.11\nCOPY pip.conf /etc/pip.conf\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
              'ENV PYTHONPATH=/deps\nCMD ["python", "app.py"]\n', dict(FLASK, **{"pip.conf": "[global]\ntarget = /deps\n"}))
    assert "/deps" in _copies(out) and "/usr/local/lib/python3.11/site-packages" not in _copies(out)


def test_pip_config_set_is_not_print_only():
    code, reason = _refused("FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip config set global.target /deps && "
                            'pip install -r requirements.txt\nCMD ["python", "app.py"]\n', FLASK)
    assert code == "SS007" and "pip config set" in reason


def test_hashed_requirements_with_continuation_lines_are_read():
    reqs = ("# generated by pip-compile --generate-hashes\nflask==3.0.3 \\\n    --hash=sha256:aaaa \\\n    --hash=sha256:bbbb\n"
            "gunicorn==22.0.0 \\\n    --hash=sha256:cccc\n    # via -r requirements.in\n")
    out = _ok('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --require-hashes --no-deps -r requirements.txt\n'
              'CMD ["gunicorn", "app:app"]\n', {"requirements.txt": reqs, "app.py": ""})
    assert {"/usr/local/bin/gunicorn", "/usr/local/bin/flask"} <= set(_copies(out))


def test_a_project_script_s_module_is_scanned_for_the_files_it_reads():
    files = dict(PROJECT, **{"tool/cli.py": "CONF = open('/etc/mytool/config.toml').read()\ndef main(): pass\n",
                             "config.toml": "a = 1\n"})
    out = _ok('FROM python:3.11\nCOPY config.toml /etc/mytool/config.toml\nWORKDIR /src\nCOPY . .\n'
              'RUN pip install --no-cache-dir .\nWORKDIR /\nCMD ["mytool"]\n', files)
    assert "/etc/mytool/config.toml" in _copies(out)


def test_compilemessages_writes_each_mo_beside_its_po():
    files = dict(DJANGO, **{"manage.py": DJANGO["manage.py"].replace("site_/settings", "site_.settings"),
                            "board/locale/de/LC_MESSAGES/django.po": 'msgid "Hi"\nmsgstr "Hallo"\n',
                            "locale/fr/LC_MESSAGES/django.po": 'msgid "Hi"\nmsgstr "Salut"\n'})
    df = ('FROM python:3.11\nRUN apt-get update && apt-get install -y gettext\nWORKDIR /code\nCOPY . .\n'
          'RUN pip install -r requirements.txt\nRUN python manage.py compilemessages\n'
          'CMD ["gunicorn", "site_.wsgi:application"]\n')
    out = _ok(df, files)
    rt = runtime_part(out)
    assert "COPY --from=build /code/board /code/board" in rt and "COPY --from=build /code/locale /code/locale" in rt
    # a .po file outside the working folder (LOCALE_PATHS may name it): not followed
    code, _ = _refused(df.replace("COPY . .", "COPY . .\nCOPY locale /srv/locale"), files)
    assert code == "SS007"


def test_offline_installs_from_a_wheel_folder_are_read():
    out = _ok('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-index --find-links=/app/wheels '
              '--cache-dir /tmp/pipcache -r requirements.txt\nCMD ["gunicorn", "app:app"]\n', FLASK)
    assert {"/usr/local/bin/gunicorn", "/usr/local/lib/python3.11/site-packages"} <= set(_copies(out))


def test_uv_export_then_uv_pip_install_reads_the_project_and_its_dependencies():
    out = _ok("FROM python:3.12-slim\nRUN pip install uv\nWORKDIR /app\nCOPY . .\n"
              "RUN uv export --frozen --format requirements-txt --no-dev -o /tmp/requirements.txt "
              "&& uv pip install --system --no-cache -r /tmp/requirements.txt && rm -f /tmp/requirements.txt\n"
              'CMD ["svc"]\n', UV_PROJECT)
    copies = _copies(out)
    # the project is exported as `-e .`: its script, its dependencies' scripts, its folder
    assert {"/usr/local/bin/svc", "/usr/local/bin/uvicorn", "/usr/local/lib/python3.12/site-packages", "/app/src"} <= set(copies)


def test_uv_pip_install_r_pyproject_installs_its_dependencies_only():
    files = dict(PROJECT, **{"pyproject.toml": PROJECT["pyproject.toml"].replace(
        "[project.scripts]", '[project.optional-dependencies]\nserver = ["uvicorn"]\n[project.scripts]')})
    out = _ok('FROM python:3.11\nRUN pip install uv\nWORKDIR /src\nCOPY . .\n'
              'RUN uv pip install --system -r pyproject.toml --extra server\nCMD ["uvicorn", "tool.app:app"]\n', files)
    copies = _copies(out)
    assert {"/usr/local/bin/uvicorn", "/usr/local/bin/gunicorn"} <= set(copies) and "/usr/local/bin/mytool" not in copies


@pytest.mark.parametrize("cmd, why", [
    ('["poetry", "install"]', "installs packages at each start"),
    ('["sh", "-c", "poetry install --no-root && poetry run python app.py"]', "installs packages at each start"),
    ('["uv", "sync"]', "installs packages at each start"),
])
def test_installers_at_start_are_refused(cmd, why):
    code, reason = _refused(f"FROM python:3.11\nRUN pip install poetry uv\nWORKDIR /app\nCOPY . .\nRUN poetry install\nCMD {cmd}\n",
                            POETRY)
    assert code == "SS023" and why in reason


def test_poetry_run_of_a_pipx_poetry_is_refused_with_the_reason():
    code, reason = _refused("FROM python:3.11\nRUN pip install pipx && pipx install poetry\nENV PATH=/root/.local/bin:$PATH\n"
                            'WORKDIR /app\nCOPY . .\nRUN poetry install --only main\nCMD ["poetry", "run", "python", "app.py"]\n',
                            POETRY)
    assert code == "SS023" and "not a script pip wrote to /usr/local/bin" in reason


def test_buildkit_cache_mounts_leave_poetry_s_venvs_in_the_image():
    plan, out = convert("FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main\n"
                        'CMD ["poetry", "run", "python", "app.py"]\n', POETRY, buildkit=True)
    assert plan.changed, plan.reason
    run = next(line for line in out.splitlines() if "poetry install" in line)
    assert "target=/root/.cache/pypoetry/cache" in run and "target=/root/.cache/pypoetry/artifacts" in run
    assert "target=/root/.cache/pypoetry," not in run and "target=/root/.cache/pypoetry " not in run


def test_extras_in_poetry_and_pipfile_tables_bring_their_scripts():
    pyproject = POETRY_PYPROJECT.replace('flask = "^3.0"', 'fastapi = {version = "*", extras = ["standard"]}')
    out = _ok("FROM python:3.11\nENV POETRY_VIRTUALENVS_CREATE=false\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\n"
              'RUN poetry install --only main --no-root\nCMD ["uvicorn", "app:app"]\n', dict(POETRY, **{"pyproject.toml": pyproject}))
    assert "/usr/local/bin/uvicorn" in _copies(out)
    pipfile = {"Pipfile": '[packages]\nfastapi = {extras = ["standard"], version = "*"}\n', "Pipfile.lock": "{}", "app.py": ""}
    out = _ok("FROM python:3.11\nRUN pip install pipenv\nWORKDIR /app\nCOPY . .\nRUN pipenv install --system --deploy\n"
              'CMD ["uvicorn", "app:app"]\n', pipfile)
    assert "/usr/local/bin/uvicorn" in _copies(out)


@pytest.mark.parametrize("cmd", ['["fastapi", "run", "app/main.py", "--port", "80"]', '["uvicorn", "--app-dir", "app", "main:app"]',
                                 '["celery", "-A", "app.main", "worker"]', '["python", "-m", "uvicorn", "app.main:app"]'])
def test_the_app_a_server_loads_is_scanned(cmd):
    files = {"requirements.txt": "fastapi[standard]\ncelery\n", "app/__init__.py": "",
             "app/main.py": "CONF = open('/etc/svc/conf.json').read()\napp = None\n", "conf.json": "{}\n"}
    out = _ok("FROM python:3.11\nWORKDIR /code\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
              f"COPY conf.json /etc/svc/conf.json\nCOPY app ./app\nCMD {cmd}\n", files)
    assert "/etc/svc/conf.json" in _copies(out)


@pytest.mark.parametrize("req, cmd, script", [("jupyterlab==4.2.5", '["jupyter", "lab", "--ip=0.0.0.0"]', "jupyter"),
                                              ("mlflow", '["mlflow", "server", "--host", "0.0.0.0"]', "mlflow")])
def test_well_known_console_scripts_carry_the_packages_with_them(req, cmd, script):
    out = _ok(f"FROM python:3.11\nWORKDIR /srv\nCOPY . .\nRUN pip install -r requirements.txt\nCMD {cmd}\n",
              {"requirements.txt": req + "\n"})
    assert {f"/usr/local/bin/{script}", "/usr/local/lib/python3.11/site-packages"} <= set(_copies(out))


def test_local_path_dependencies_of_poetry_and_pipenv_are_projects_too():
    lib = {"libs/core/pyproject.toml": '[project]\nname = "core"\nversion = "1"\ndependencies = ["gunicorn"]\n'
                                       '[project.scripts]\ncore-admin = "core.admin:main"\n',
           "libs/core/core/__init__.py": "", "app.py": "app = None\n"}
    pyproject = POETRY_PYPROJECT.replace('flask = "^3.0"', 'core = {path = "libs/core", develop = true}').replace(
        'gunicorn = "^22.0"\n', "")
    out = _ok("FROM python:3.11\nENV POETRY_VIRTUALENVS_CREATE=false\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\n"
              'RUN poetry install --only main --no-root\nCMD ["core-admin"]\n', dict(lib, **{"pyproject.toml": pyproject}))
    assert {"/usr/local/bin/core-admin", "/usr/local/bin/gunicorn", "/app/libs/core/core"} <= set(_copies(out))
    pipfile = '[packages]\ncore = {path = "./libs/core", editable = true}\n'
    out = _ok("FROM python:3.11\nRUN pip install pipenv\nWORKDIR /app\nCOPY . .\nRUN pipenv install --system --deploy\n"
              'CMD ["gunicorn", "app:app"]\n', dict(lib, **{"Pipfile": pipfile, "Pipfile.lock": "{}"}))
    assert {"/usr/local/bin/core-admin", "/usr/local/bin/gunicorn"} <= set(_copies(out))


def test_pip_user_as_root_goes_to_root_s_home_and_an_unknown_home_is_refused_with_the_reason():
    out = _ok("FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --user -r requirements.txt\n"
              'ENV PATH=/root/.local/bin:$PATH\nCMD ["gunicorn", "app:app"]\n', FLASK)
    assert {"/root/.local/lib/python3.11/site-packages", "/root/.local/bin/gunicorn"} <= set(_copies(out))
    code, reason = _refused("FROM python:3.11\nWORKDIR /app\nCOPY . .\nUSER 1000\nRUN pip install --user -r requirements.txt\n"
                            'CMD ["python", "app.py"]\n', FLASK)
    assert code == "SS007" and "home folder of the user the RUN runs as" in reason


@pytest.mark.parametrize("df, why", [
    ("FROM python:3.12-slim\nRUN pip install uv\nWORKDIR /app\nCOPY . .\nRUN uv pip install -r requirements.txt\n"
     'CMD ["python", "app.py"]\n', "finds no virtual environment"),
    ("FROM python:3.11\nRUN pip install pipenv\nWORKDIR /app\nCOPY . .\nRUN pipenv install --system gunicorn\n"
     'CMD ["gunicorn", "app:app"]\n', "adds packages to the Pipfile"),
])
def test_installs_read_but_not_followed_say_why(df, why):
    code, reason = _refused(df, dict(FLASK, **{"Pipfile": '[packages]\nflask = "*"\n'}))
    assert code == "SS007" and why in reason


def test_native_libraries_of_packages_poetry_and_uv_install_are_installed_again():
    pyproject = POETRY_PYPROJECT.replace('flask = "^3.0"', 'psycopg2 = "^2.9"')
    df = ("FROM python:3.11-bookworm\nRUN apt-get update && apt-get install -y libpq-dev gcc\nENV POETRY_VIRTUALENVS_CREATE=false\n"
          'RUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main --no-root\nCMD ["gunicorn", "app:app"]\n')
    rt = runtime_part(_ok(df, dict(POETRY, **{"pyproject.toml": pyproject})))
    assert "libpq5" in rt and "libpq-dev" not in rt
    uv = dict(UV_PROJECT, **{"pyproject.toml": UV_PROJECT["pyproject.toml"].replace('"uvicorn"]', '"uvicorn", "psycopg2>=2.9"]')})
    df = ("FROM python:3.12-bookworm\nRUN apt-get update && apt-get install -y libpq-dev\nRUN pip install uv\nWORKDIR /app\n"
          'COPY . .\nRUN uv sync --frozen --no-dev\nENV PATH="/app/.venv/bin:$PATH"\nCMD ["svc"]\n')
    rt = runtime_part(_ok(df, uv))
    assert "libpq5" in rt and "/app/.venv" in rt


def test_poetry_run_carries_the_settings_poetry_config_wrote():
    out = _ok("FROM python:3.11\nRUN pip install poetry\nRUN poetry config virtualenvs.create false\nWORKDIR /app\nCOPY . .\n"
              'RUN poetry install --only main\nCMD ["poetry", "run", "python", "app.py"]\n', POETRY)
    copies = _copies(out)
    assert {"/root/.config/pypoetry/config.toml", "/usr/local/bin/poetry", "/usr/local/lib/python3.11/site-packages"} <= set(copies)


def test_an_empty_requirements_file_installs_nothing_and_a_missing_one_is_named():
    empty = "FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n"
    plan, _ = convert(empty, {"requirements.txt": "# nothing yet\n", "app.py": "print(1)\n"})
    assert not plan.changed and plan.code == "SS009", plan.reason     # nothing built: not "no rule says what pip writes"
    plan, _ = convert(empty, {"app.py": "print(1)\n"})
    assert not plan.changed and "reads requirements.txt, which is not in the image" in plan.reason
