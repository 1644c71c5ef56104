"""The HOME a RUN sees without an ENV HOME: the one Docker reads from the user's /etc/passwd
entry (root's /root, a user the file created as its useradd/adduser line says)."""

from __future__ import annotations

import pytest

from converter.shell import read_shell
from heuristics.coreutils import user_home

from .test_effects import GO, effects_of


@pytest.mark.parametrize("line, made", [
    ("useradd -m app", ("app", "/home/app")),
    ("useradd --create-home --uid 1001 -s /bin/bash app", ("app", "/home/app")),
    ("useradd -r -d /srv/app -s /usr/sbin/nologin app", ("app", "/srv/app")),
    ("useradd --home-dir=/opt/w w", ("w", "/opt/w")),
    ("adduser --disabled-password --gecos '' worker", ("worker", "/home/worker")),
    ("adduser --system --group svc", ("svc", "/nonexistent")),
    ("adduser --system --home /var/lib/svc svc", ("svc", "/var/lib/svc")),
    ("adduser -D -h /app -s /bin/sh app", ("app", "/app")),       # busybox
    ("adduser -S -D -G web web", ("web", "/home/web")),
    ("adduser app sudo", None),                                   # adds a user to a group
    ("useradd $NAME", None),
])
def test_the_home_folder_a_user_line_gives(line, made):
    cmd = read_shell(line, "/", {}).commands[0]
    assert user_home(cmd) == made


def _home_seen(df: str) -> str | None:
    effs, _, _ = effects_of(df, GO)
    return effs[-1].commands[-1].env.get("HOME")


def test_a_run_sees_the_home_of_its_user():
    assert _home_seen("FROM golang:1.19\nRUN true\n") == "/root"
    assert _home_seen("FROM golang:1.19\nRUN useradd -m app\nUSER app\nRUN true\n") == "/home/app"
    assert _home_seen("FROM golang:1.19\nRUN useradd -m -d /srv/app app\nUSER app:app\nRUN true\n") == "/srv/app"
    assert _home_seen("FROM golang:1.19\nRUN useradd -m app\nUSER app\nENV HOME=/data\nRUN true\n") == "/data"
    # a user the analysis did not see created: unknown, not guessed
    assert _home_seen("FROM golang:1.19\nUSER nobody\nRUN true\n") is None


def test_a_run_knows_the_user_it_runs_as():
    # pip as a user other than root installs into ~/.local: the ecosystems are told the user
    effs, _, _ = effects_of("FROM golang:1.19\nRUN useradd -m app\nUSER app\nRUN go version\nUSER root\nRUN go version\n", GO)
    runs = [e for e in effs if e.instruction.keyword == "RUN"]
    assert [c.user for e in runs for c in e.commands] == [None, "app", None]


def test_the_home_folder_the_build_made_is_made_again_for_its_user():
    from .conftest import GO_MOD, convert, runtime_part
    df = ("FROM golang:1.19\nRUN useradd {flags} app\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\n"
          "USER app\nCMD [\"app\"]\n")
    files = {"go.mod": GO_MOD, "main.go": "package main\nfunc main(){}\n"}
    plan, out = convert(df.format(flags="-m"), files)
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /etc/passwd /etc/passwd" in runtime
    assert runtime.index("RUN mkdir -p /home/app && chown app: /home/app") < runtime.index("USER app")
    # useradd without -m makes no folder: none is made
    plan, out = convert(df.format(flags=""), files)
    assert plan.changed, plan.reason
    assert "mkdir -p /home/app" not in out


def test_pip_as_a_user_other_than_root_installs_into_its_home():
    # the Hugging Face Spaces template shape: pip cannot write root's site-packages, so it
    # installs into ~/.local (pip: "Defaulting to user installation")
    from .conftest import convert, runtime_part
    df = ("FROM python:3.11-slim\nRUN useradd -m -u 1000 user\nUSER user\nENV PATH=/home/user/.local/bin:$PATH\n"
          "WORKDIR /home/user/app\nCOPY --chown=user:user . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
          "CMD [\"uvicorn\", \"main:app\", \"--port\", \"7860\"]\n")
    plan, out = convert(df, {"requirements.txt": "fastapi\nuvicorn\n", "main.py": "app = None\n"})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert ("COPY --from=build --chown=user /home/user/.local/lib/python3.11/site-packages "
            "/home/user/.local/lib/python3.11/site-packages") in runtime
    assert "COPY --from=build --chown=user /home/user/.local/bin/uvicorn /home/user/.local/bin/uvicorn" in runtime
    assert "/usr/local/lib/python3.11/site-packages" not in runtime and "/usr/local/bin/uvicorn" not in runtime
