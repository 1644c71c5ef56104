"""Files COPY brings from the context to places outside the program's folder are carried:
libraries read them by convention (streamlit's ~/.streamlit/config.toml, fontconfig's fonts),
where no source scan sees them (real-file review: a streamlit config was silently dropped)."""

from __future__ import annotations

from .conftest import GO_MOD, convert, runtime_part

STREAMLIT = ("FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
             "COPY config.toml /root/.streamlit/config.toml\nCOPY fonts/ /usr/share/fonts/brand/\nCOPY . .\n"
             "CMD [\"python\", \"app.py\"]\n")


def test_a_config_copied_outside_the_app_folder_is_carried():
    files = {"requirements.txt": "requests\n", "config.toml": "[server]\nmaxUploadSize = 5\n",
             "fonts/a.ttf": "x", "fonts/b.ttf": "y", "app.py": "print('hi')\n"}
    plan, out = convert(STREAMLIT, files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /root/.streamlit/config.toml /root/.streamlit/config.toml" in runtime
    # a folder a COPY filled is copied as one folder
    assert "COPY --from=build /usr/share/fonts/brand /usr/share/fonts/brand" in runtime
    assert "/usr/share/fonts/brand/a.ttf" not in runtime


def test_build_inputs_copied_elsewhere_stay_in_the_build():
    df = ("FROM golang:1.19\nCOPY go.mod main.go /deps/\nRUN cd /deps && go build -o /usr/local/bin/app .\n"
          "COPY app.yaml /etc/app/app.yaml\nCMD [\"app\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": "package main\nfunc main(){}\n", "app.yaml": "a: 1\n"})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /etc/app/app.yaml /etc/app/app.yaml" in runtime
    assert "main.go" not in runtime and "/deps/go.mod" not in runtime
