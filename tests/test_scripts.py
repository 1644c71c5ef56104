"""Entry scripts with `case "$1"`: the arm the CMD word picks is followed; that word is not a
command to find on PATH; with an unknown subject every arm may run."""

from __future__ import annotations

from converter.scripts import split_cases

from .conftest import GO_MOD, HELLO, convert, runtime_part

SCRIPT = '''#!/bin/sh
set -e
case "$1" in
  serve|run)
    exec /usr/local/bin/app -listen :8080
    ;;
  tool)
    exec /usr/local/bin/helper
    ;;
  -*)
    set -- /usr/local/bin/app "$@"
    ;;
esac
exec "$@"
'''
DF = ('FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app .\n'
      'ENTRYPOINT ["/src/entry.sh"]\nCMD ["{cmd}"]\n')


def test_split_cases_keeps_lines_and_reads_arms():
    rest, cases = split_cases(SCRIPT)
    assert rest.count("\n") == SCRIPT.count("\n") and "case" not in rest and 'exec "$@"' in rest
    (case,) = cases
    assert case.on_first_argument
    assert [a.patterns for a in case.arms] == [("serve", "run"), ("tool",), ("-*",)]
    assert "exec /usr/local/bin/app -listen :8080" in case.arms[0].body and ";;" not in case.arms[0].body
    assert case.arm_for("run") is case.arms[0] and case.arm_for("--debug") is case.arms[2] and case.arm_for("x") is None


def test_a_script_without_case_is_unchanged():
    assert split_cases("#!/bin/sh\nexec app\n") == ("#!/bin/sh\nexec app\n", ())


def test_the_cmd_word_the_script_handles_is_not_a_command():
    plan, out = convert(DF.replace("{cmd}", "serve"), {"go.mod": GO_MOD, "main.go": HELLO, "entry.sh": SCRIPT})
    assert plan.changed, plan.reason
    assert "/usr/local/bin/app" in plan.findings.programs and "serve" not in plan.findings.closure.tools
    assert "COPY --from=build /src/entry.sh /src/entry.sh" in runtime_part(out)


def test_an_unknown_word_runs_as_a_command():
    plan, _ = convert(DF.replace("{cmd}", "/usr/local/bin/app"), {"go.mod": GO_MOD, "main.go": HELLO, "entry.sh": SCRIPT})
    assert plan.changed and "/usr/local/bin/app" in plan.findings.programs


def test_an_arm_running_a_program_nothing_built_refuses():
    plan, _ = convert(DF.replace("{cmd}", "tool"), {"go.mod": GO_MOD, "main.go": HELLO, "entry.sh": SCRIPT})
    assert not plan.changed and plan.code == "SS014" and "/usr/local/bin/helper" in plan.reason


def test_a_script_a_shell_is_given_as_a_file_is_followed_without_a_shebang():
    # ENTRYPOINT ["sh", "entrypoint.sh"]: sh reads the file from the working directory; its
    # commands are followed to the program they start (the review found it refused as "nothing built")
    files = {"go.mod": GO_MOD, "main.go": HELLO, "entrypoint.sh": "echo starting\nexec ./server \"$@\"\n"}
    for cmd in ('["sh", "entrypoint.sh"]', '["bash", "./entrypoint.sh", "serve"]'):
        plan, out = convert(f"FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD {cmd}\n", files)
        assert plan.changed, plan.reason
        rt = runtime_part(out)
        assert "COPY --from=build /app/server /app/server" in rt and "/app/entrypoint.sh" in rt
    # a script that runs something nothing built is still refused
    files["entrypoint.sh"] = "exec /opt/vendor/tool\n"
    plan, _ = convert('FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["sh", "entrypoint.sh"]\n', files)
    assert not plan.changed


def test_a_wrapper_in_the_command_is_a_tool_and_the_program_it_runs_is_followed():
    files = {"go.mod": GO_MOD, "main.go": HELLO}
    df = "FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD {}\n"
    for cmd, package in (('["tini", "--", "./server", "-v"]', "tini"), ('["gosu", "nobody", "./server"]', "gosu"),
                         ('["dumb-init", "./server"]', "dumb-init"), ('["env", "MODE=prod", "./server"]', None)):
        plan, out = convert(df.format(cmd), files)
        assert plan.changed, (cmd, plan.reason)
        rt = runtime_part(out)
        assert "COPY --from=build /app/server /app/server" in rt
        assert (f"apk add --no-cache {package}" in rt) if package else "apk add" not in rt
    # sudo needs the build's sudoers, which is not carried: no base has it
    plan, _ = convert(df.format('["sudo", "./server"]'), files)
    assert not plan.changed and "sudo" in plan.reason
