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
