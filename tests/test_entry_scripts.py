"""Entry and HEALTHCHECK scripts as everyday files write them: retry loops with a counter
(`$((n + 1))`, `break`), and shell the analysis cannot read, which must not pass for a script
that runs nothing."""

from __future__ import annotations

import pytest

from .conftest import convert, runtime_part

APP = ("FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
       "COPY . .\n")
FILES = {"requirements.txt": "waitress\n", "app.py": "def app(environ, start_response):\n    return []\n"}
SERVE = 'CMD ["waitress-serve", "--port=8080", "app:app"]\n'


def test_a_wait_loop_with_a_counter_and_break_gets_the_client_package():
    # the counter is arithmetic expansion, which bashlex cannot parse; `break` is the shell's own
    script = ('#!/bin/sh\nn=0\nuntil pg_isready -h db -t 1; do\n    n=$((n + 1))\n    [ "$n" -ge 5 ] && break\n'
              '    sleep 1\ndone\nexec "$@"\n')
    plan, out = convert(APP + 'ENTRYPOINT ["./wait.sh"]\n' + SERVE, {**FILES, "wait.sh": script})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "apt-get install -y --no-install-recommends postgresql-client" in runtime
    assert "COPY --from=build /app/wait.sh /app/wait.sh" in runtime


def test_a_healthcheck_script_with_arithmetic_keeps_its_curl():
    # read as running nothing, the script's curl was dropped and the converted image turned unhealthy
    script = '#!/bin/sh\nlimit=$((2 + 1))\ncurl -fsS --max-time "$limit" http://127.0.0.1:8080/ >/dev/null || exit 1\n'
    plan, out = convert(APP + 'HEALTHCHECK CMD ["./health.sh"]\n' + SERVE, {**FILES, "health.sh": script})
    assert plan.changed, plan.reason
    assert "apt-get install -y --no-install-recommends curl" in runtime_part(out)


@pytest.mark.parametrize("script, what", [
    ('#!/bin/sh\nlimit=$(( $(nproc) + 1 ))\ncurl -fsS --max-time "$limit" http://127.0.0.1:8080/ || exit 1\n',
     "cannot parse"),
    ("#!/bin/sh\nprobe() { curl -fsS http://127.0.0.1:8080/; }\nprobe || exit 1\n", "a shell function definition"),
])
def test_a_script_the_analysis_cannot_read_leaves_the_file_unchanged(script, what):
    dockerfile = APP + 'HEALTHCHECK CMD ["./health.sh"]\n' + SERVE
    plan, out = convert(dockerfile, {**FILES, "health.sh": script})
    assert not plan.changed and out == dockerfile
    assert plan.code == "SS015" and what in plan.reason and "missing from the runtime base" in plan.reason


@pytest.mark.parametrize("script,names", [
    ("n=0; while ! pg_isready -q; do n=$((n + 1)); [ $n -gt 5 ] && break; sleep 1; done; exec gunicorn app:app",
     ["pg_isready", "[", "break", "sleep", "exec"]),
    ('echo "v=$(git describe --tags || echo dev)" > /v', ["echo", "git", "echo"]),
    ("echo $(printf '%d' $((1 + 2)))", ["printf", "echo"]),
    ("echo '$(not run)' \"$((2 * 3))\"", ["echo"]),
])
def test_arithmetic_and_substitutions_are_read_around(script, names):
    """bashlex reads neither `$((…))` nor lists inside `$(…)`: both are cut out and read apart
    (arithmetic runs no command; a substitution's commands may run), quotes respected."""
    from converter.shell import read_shell

    reading = read_shell(script, "/app", {})
    assert reading.problems == ()
    assert [c.name for c in reading.commands] == names     # (`break` is the shell's: entry.py's _BUILTINS)


def test_arithmetic_that_runs_a_command_is_not_read():
    from converter.shell import read_shell

    assert read_shell("x=$(( $(id -u) + 1 )); echo $x", "/", {}).problems != ()
