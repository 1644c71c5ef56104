"""Python: pip installs into site-packages or a venv, copied onto python:X.Y-slim with the
console scripts and the app; native wheels keep their OS libraries; builds at start refused."""

from __future__ import annotations

import pytest

from heuristics.python import ECOSYSTEM, python_runtime

from .conftest import convert, runtime_part

FLASK = {"requirements.txt": "flask==3.0.3\ngunicorn==22.0.0\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n",
         "templates/index.html": "<h1>hi</h1>\n", "__pycache__/app.cpython-311.pyc": "x", "tests/test_app.py": "def test(): pass\n"}


def test_system_install_copies_site_packages_the_scripts_and_the_app():
    plan, out = convert("FROM python:3.11-bookworm\nWORKDIR /app\nCOPY requirements.txt .\n"
                        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n"
                        "CMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n", FLASK)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM python:3.11-slim-bookworm\n")
    for path in ("/usr/local/lib/python3.11/site-packages", "/usr/local/bin/gunicorn", "/usr/local/bin/flask",
                 "/app/app.py", "/app/templates"):
        assert f"COPY --from=build {path} {path}" in rt
    assert "__pycache__" not in rt and "/usr/local/bin /usr/local/bin" not in rt


def test_an_untagged_release_gets_the_slim_tag_of_the_same_minor():
    plan, out = convert("FROM python:3.12\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n"
                        "CMD [\"python\", \"/app/app.py\"]\n", FLASK)
    assert plan.changed, plan.reason
    assert runtime_part(out).startswith("FROM python:3.12-slim\n")
    assert "/usr/local/lib/python3.12/site-packages" in runtime_part(out)


def test_a_venv_on_path_is_the_artifact_copied_whole():
    plan, out = convert("FROM python:3.11\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nWORKDIR /srv\n"
                        "COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD [\"uvicorn\", \"main:app\"]\n",
                        {"requirements.txt": "fastapi[standard]\n", "main.py": "app = None\n"})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /opt/venv /opt/venv" in rt and "site-packages" not in rt
    assert "ENV PATH=/opt/venv/bin:$PATH" in rt and "/srv/main.py" in rt


def test_psycopg2_from_source_keeps_libpq_on_the_slim_base():
    plan, out = convert("FROM python:3.11-bookworm\nRUN apt-get update && apt-get install -y libpq-dev\nWORKDIR /app\n"
                        "COPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n",
                        {"requirements.txt": "psycopg2==2.9.9\n", "app.py": "import psycopg2\n"})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "libpq5" in rt and "libpq-dev" not in rt


@pytest.mark.parametrize("cmd", ['["sh", "-c", "pip install -r requirements.txt && python app.py"]',
                                 '["python", "-m", "pip", "install", "flask"]', '["python", "setup.py", "develop"]'])
def test_building_at_start_is_refused(cmd):
    plan, _ = convert(f"FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD {cmd}\n", FLASK)
    assert not plan.changed and plan.code == "SS023"


@pytest.mark.parametrize("opt", ["--root=/x", "-e git+https://example.com/lib.git#egg=lib"])
def test_installs_elsewhere_are_not_read(opt):
    # --root, an editable VCS checkout (into ./src)
    plan, _ = convert(f"FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install {opt} -r requirements.txt\n"
                      "CMD [\"python\", \"app.py\"]\n", FLASK)
    assert not plan.changed and plan.code == "SS007"


def test_a_tag_without_a_minor_version_is_refused_not_guessed():
    assert isinstance(python_runtime("python:3"), str) and isinstance(python_runtime("python:latest"), str)
    assert python_runtime("python:3.12.4-alpine3.20").version == "3.12.4-alpine3.20"   # type: ignore[union-attr]
    assert python_runtime("python:3.9.2").version == "3.9.2-slim"   # type: ignore[union-attr]   # never looser than the build
    plan, _ = convert("FROM python:3\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD [\"python\", \"/app/app.py\"]\n",
                      FLASK)
    assert not plan.changed


@pytest.mark.parametrize("argv, paths", [(["python", "app.py"], ("app.py",)), (["python3", "-u", "manage.py", "runserver"],
                                         ("manage.py",)), (["python", "-m", "mypkg"], ()), (["gunicorn", "app:app"], ())])
def test_launches_are_interpreter_launches(argv, paths):
    launch = ECOSYSTEM.launches(argv, "python:3.11")
    assert launch is not None and launch.installed and launch.paths == paths and launch.refuse is None


def test_flask_without_run_and_other_programs_are_not_launches():
    assert ECOSYSTEM.launches(["flask", "routes"], "python:3.11") is None
    assert ECOSYSTEM.launches(["nginx"], "python:3.11") is None


def test_a_console_script_installed_only_as_a_dependency_is_refused_not_assumed():
    # gunicorn comes in through a PyPI package's own requirements, which the analysis cannot
    # read: the runtime stage could not name /usr/local/bin/gunicorn, so the file is left alone.
    files = {"requirements.txt": "acme-web-stack==2.1\n", "app.py": "app = None\n"}
    plan, _ = convert('FROM python:3.11\nCOPY . /app\nWORKDIR /app\nRUN pip install -r /app/requirements.txt\n'
                      'CMD ["gunicorn", "app:app"]\n', files)
    assert not plan.changed and plan.code == "SS014" and "gunicorn" in plan.reason


def test_a_local_package_s_own_requirements_are_read():
    # ./lib/mypkg declares gunicorn in its setup.cfg: pip writes /usr/local/bin/gunicorn
    files = {"requirements.txt": "./lib/mypkg\n", "lib/mypkg/setup.cfg": "[options]\ninstall_requires = gunicorn\n",
             "lib/mypkg/setup.py": "from setuptools import setup\nsetup()\n", "app.py": "app = None\n"}
    plan, out = convert('FROM python:3.11\nCOPY . /app\nWORKDIR /app\nRUN pip install -r /app/requirements.txt\n'
                        'CMD ["gunicorn", "app:app"]\n', files)
    assert plan.changed, plan.reason
    assert "COPY --from=build /usr/local/bin/gunicorn /usr/local/bin/gunicorn" in runtime_part(out)


def test_os_packages_an_interpreted_app_may_use_are_installed_again():
    # lightgbm loads libgomp, pydot runs graphviz's dot: the app may use what the build installed,
    # except compilers and headers
    df = ("FROM python:3.11\nRUN apt-get update && apt-get install -y --no-install-recommends graphviz libgomp1 gcc "
          "libffi-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n"
          'CMD ["python", "app.py"]\n')
    plan, out = convert(df, {"requirements.txt": "lightgbm\npydot\n", "app.py": "import lightgbm\n"})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    install = next(line for line in rt.splitlines() if "apt-get install" in line)
    assert "graphviz" in install and "libgomp1" in install
    assert "gcc" not in install and "libffi-dev" not in install


def test_exact_versions_are_kept():
    plan, out = convert('FROM python:3.9.2\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
                        {"requirements.txt": "requests\n", "app.py": ""})
    assert runtime_part(out).startswith("FROM python:3.9.2-slim\n")


def test_a_buster_build_keeps_buster_in_the_runtime_stage():
    # netcat is a real package on buster and only a virtual one on later releases: a runtime stage
    # of another release could not install again what the build installed (a real file did this).
    plan, out = convert("FROM python:3.8-slim-buster\nRUN apt-get update && apt-get install -y netcat && rm -rf /var/lib/apt/lists/*\n"
                        "WORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n"
                        "CMD gunicorn app:app --bind 0.0.0.0:5000\n", FLASK)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM python:3.8-slim-buster\n")
    assert "apt-get install -y --no-install-recommends netcat" in rt
