"""Python idioms of real public Dockerfiles (the real-file review): `. venv/bin/activate` in a
RUN, the image's ENV in launches, console scripts in a venv, NLTK data downloaded in the build."""
from __future__ import annotations

from converter.shell import read_shell

from .conftest import convert, runtime_part


def test_activate_sets_path_and_virtual_env_for_what_follows_only():
    r = read_shell(". /opt/venv/bin/activate && pip install flask; echo done", "/app", {"PATH": "/usr/bin"})
    pip = next(c for c in r.commands if c.name == "pip")
    assert pip.env["VIRTUAL_ENV"] == "/opt/venv" and pip.env["PATH"] == "/opt/venv/bin:/usr/bin"
    # relative to the working directory; `source` is the same
    r = read_shell("source .venv/bin/activate && pip install flask", "/app", {"PATH": "/usr/bin"})
    assert next(c for c in r.commands if c.name == "pip").env["VIRTUAL_ENV"] == "/app/.venv"
    # a conditional activation is not assumed
    r = read_shell("if [ -d /v ]; then . /v/bin/activate; fi; pip install flask", "/app", {"PATH": "/usr/bin"})
    assert "VIRTUAL_ENV" not in next(c for c in r.commands if c.name == "pip").env


def test_pip_after_activate_installs_into_the_venv_which_the_runtime_stage_copies():
    # python:3.11, not -slim: a runtime stage on the build image that drops nothing is refused (SS027)
    df = ("FROM python:3.11\nWORKDIR /app\nCOPY . .\n"
          "RUN python -m venv /opt/venv && . /opt/venv/bin/activate && pip install --no-cache-dir -r requirements.txt\n"
          "ENV PATH=/opt/venv/bin:$PATH\nCMD [\"gunicorn\", \"app:app\"]\n")
    plan, out = convert(df, {"requirements.txt": "flask\ngunicorn\n", "app.py": "app = None\n"})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /opt/venv /opt/venv" in runtime
    assert "/usr/local/lib/python3.11/site-packages" not in runtime


def test_the_images_env_reaches_the_python_launch():
    # ENV UV_NO_SYNC=1: `uv run` only runs the program, so it is followed
    df = ("FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir uv && uv sync --frozen --no-dev\n"
          "{env}CMD [\"uv\", \"run\", \"python\", \"main.py\"]\n")
    files = {"pyproject.toml": '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.11"\ndependencies = []\n',
             "uv.lock": "version = 1\n", "main.py": "print('hi')\n"}
    plan, _ = convert(df.format(env=""), files)
    assert not plan.changed and plan.code == "SS023" and "uv run" in plan.reason
    plan, out = convert(df.format(env="ENV UV_NO_SYNC=1\n"), files)
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/.venv /app/.venv" in runtime_part(out)


def test_a_well_known_console_script_in_the_venv_the_build_filled_is_found_there():
    df = ("FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir uv && uv sync --frozen --no-dev\n"
          "ENV PATH=/app/.venv/bin:$PATH\nCMD [\"sh\", \"-c\", \"alembic upgrade head && exec uvicorn main:app\"]\n")
    files = {"pyproject.toml": '[project]\nname = "svc"\nversion = "1"\nrequires-python = ">=3.11"\n'
                              'dependencies = ["alembic", "uvicorn"]\n',
             "uv.lock": "version = 1\n", "main.py": "app = None\n"}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /app/.venv /app/.venv" in runtime


def test_nltk_data_the_build_downloads_reaches_the_runtime_stage():
    df = ("FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
          "RUN python -m nltk.downloader punkt stopwords\nCOPY . .\nCMD [\"python\", \"app.py\"]\n")
    plan, out = convert(df, {"requirements.txt": "nltk\n", "app.py": "import nltk\n"})
    assert plan.changed, plan.reason
    assert "COPY --from=build /root/nltk_data /root/nltk_data" in runtime_part(out)
    plan, out = convert(df.replace("punkt stopwords", "-d /usr/share/nltk_data punkt"), {"requirements.txt": "nltk\n",
                                                                                         "app.py": "import nltk\n"})
    assert "COPY --from=build /usr/share/nltk_data /usr/share/nltk_data" in runtime_part(out)
