"""Programs an app runs by name (found by the source scans) that a known package provides are
installed on the runtime base: the image-processing, PDF and office tools servers shell out to."""

from __future__ import annotations

import pytest

from .conftest import convert, runtime_part

LOCK = ('{"name":"a","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"a",'
        '"dependencies":{"express":"^4"}},"node_modules/express":{"version":"4.18.2"}}}')


@pytest.mark.parametrize("program, package", [("convert", "imagemagick"), ("pdftotext", "poppler-utils"),
                                              ("tesseract", "tesseract-ocr"), ("gs", "ghostscript")])
def test_a_node_server_running_an_os_tool_gets_its_package(program, package):
    df = (f"FROM node:18\nRUN apt-get update && apt-get install -y {package} && rm -rf /var/lib/apt/lists/*\n"
          "WORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"server.js\"]\n")
    files = {"package.json": '{"name":"a","version":"1.0.0","dependencies":{"express":"^4"}}', "package-lock.json": LOCK,
             "server.js": f"const {{ execFile }} = require('child_process');\nexecFile('{program}', ['in', 'out']);\n"}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert f"apt-get install -y --no-install-recommends {package}" in runtime


PY = ("FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
      "COPY . .\nCMD [\"python\", \"app.py\"]\n")


@pytest.mark.parametrize("requirement, package", [("lightgbm", "libgomp1"), ("opencv-python", "libgl1"),
                                                  ("psycopg2", "libpq5"), ("python-magic", "libmagic1")])
def test_a_python_package_that_loads_an_os_library_gets_it_on_slim(requirement, package):
    plan, out = convert(PY, {"requirements.txt": f"{requirement}\n", "app.py": "print(1)\n"})
    assert plan.changed, plan.reason
    assert package in runtime_part(out).split("apt-get install -y --no-install-recommends", 1)[1].splitlines()[0]


@pytest.mark.parametrize("requirement", ["pillow", "lxml", "cffi"])
def test_wheels_that_bundle_their_libraries_need_nothing_more(requirement):
    plan, out = convert(PY, {"requirements.txt": f"{requirement}\n", "app.py": "print(1)\n"})
    assert plan.changed, plan.reason
    assert "apt-get install" not in runtime_part(out)


@pytest.mark.parametrize("tool, package", [("pg_isready -h db", "postgresql-client"), ("mysqladmin ping -h db", "mariadb-client"),
                                           ("redis-cli -h cache ping", "redis-tools")])
def test_a_wait_for_the_database_entry_script_gets_its_client_package(tool, package):
    # the everyday docker-entrypoint.sh: wait for the database, then exec the command
    df = (f"FROM python:3.11\nRUN apt-get update && apt-get install -y {package} && rm -rf /var/lib/apt/lists/*\n"
          "WORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nENTRYPOINT [\"./start.sh\"]\nCMD [\"python\", \"app.py\"]\n")
    files = {"requirements.txt": "flask\n", "app.py": "print(1)\n",
             "start.sh": f"#!/bin/sh\nuntil {tool}; do sleep 1; done\nexec \"$@\"\n"}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    assert f"apt-get install -y --no-install-recommends {package}" in runtime_part(out)
