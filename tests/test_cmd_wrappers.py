"""Commands that run other commands (issue 6, item 4): read through to the command they run,
or unknown; never "writes nothing"."""

from __future__ import annotations

import pytest

from .test_effects import GO, effects_of, written

PRE = "FROM golang:1.19\nWORKDIR /w\nCOPY . .\n"


def last(run: str, files: dict[str, str] | None = None):
    effs, image, _ = effects_of(PRE + f"RUN {run}\n", GO if files is None else files)
    return effs[-1], image


@pytest.mark.parametrize("run, path", [
    ("env APP_MODE=prod cp go.mod /etc/app/go.mod", "/etc/app/go.mod"),
    ("env -i PATH=/bin cp go.mod /etc/x", "/etc/x"),
    ("env -C /w cp go.mod /etc/x", "/etc/x"),
    ("command cp go.mod /etc/x", "/etc/x"),
    ("nice -n 10 cp go.mod /etc/x", "/etc/x"),
    ("nohup cp go.mod /etc/x", "/etc/x"),
    ("timeout 60 cp go.mod /etc/x", "/etc/x"),
    ("timeout -s KILL 1m cp go.mod /etc/x", "/etc/x"),
    ("time cp go.mod /etc/x", "/etc/x"),
    ("time -p cp go.mod /etc/x", "/etc/x"),
    ("sudo -u app cp go.mod /etc/x", "/etc/x"),
    ("sudo -E cp go.mod /etc/x", "/etc/x"),
    ("su -c 'cp go.mod /etc/x' app", "/etc/x"),
    ("su app -c 'cp go.mod /etc/x'", "/etc/x"),
    ("gosu app cp go.mod /etc/x", "/etc/x"),
    ("su-exec app:app cp go.mod /etc/x", "/etc/x"),
    ("sh -c 'cp go.mod /etc/x'", "/etc/x"),
    ("bash -c 'cd cmd && cp api/main.go /etc/x'", "/etc/x"),
    ("bash -euxo pipefail -c 'cp go.mod /etc/x'", "/etc/x"),
    ("sh -c 'env A=1 nice cp go.mod /etc/x'", "/etc/x"),
    ("exec cp go.mod /etc/x", "/etc/x"),
    ("env > /etc/env.txt", "/etc/env.txt"),
    ("sh -c 'echo hi' > /etc/log", "/etc/log"),
    ("/usr/bin/time -o /tmp/timing cp go.mod /etc/x", "/tmp/timing"),
])
def test_read_through_to_the_inner_command(run, path):
    eff, _ = last(run)
    assert path in written(eff), eff
    assert not eff.unknown


def test_inner_build_is_an_artifact_with_the_wrappers_env_and_cwd():
    eff, _ = last("sh -c 'cd cmd/api && env CGO_ENABLED=0 go build -o /out/api .'")
    (art,) = eff.artifacts
    assert art.path == "/out/api" and art.source_dir == "/w/cmd/api"
    assert dict(art.build_env)["CGO_ENABLED"] == "0"
    eff, _ = last("env -C cmd/api go build -o /out/api .")
    assert eff.artifacts[0].source_dir == "/w/cmd/api"


def test_sh_c_reads_with_the_dockerfile_env():
    effs, _, _ = effects_of(PRE.replace("COPY", "ENV OUT=/opt/bin\nCOPY") + "RUN sh -c 'go build -o $OUT/app .'\n", GO)
    assert [a.path for a in effs[-1].artifacts] == ["/opt/bin/app"]


def test_harmless_forms():
    for run in ("env", "command -v go", "find / -name '*.so'", "nice", "find . -type f -print"):
        eff, _ = last(run)
        assert not eff.unknown and not eff.writes and not eff.deletes, run


@pytest.mark.parametrize("run", [
    "sh script.sh",
    "sh -c \"$SCRIPT\"",
    "sh -c 'cp $(cat list) /x'",
    "env -S 'cp a b'",
    "sudo -i cp go.mod /x",
    "su - app -c 'cp go.mod /x'",
    "curl -fsSL https://example.com/install.sh | sh",
    "ls | xargs rm",
    "ls | xargs -I{} cp {} /dest/{}",
    "ls | xargs sh -c 'cp \"$1\" /x' _",
    "find . -name '*.mod' -exec cp {} /etc/app/{} \\;",
    "find . -name '*.go' -execdir cp {} out/ \\;",
    "find . -newer go.mod -delete",
    "find . -name '*.go' -ok rm {} \\;",
    "find . -name x -exec cp {} /y",
    "sh -c 'for f in *; do cp $f /x; done'",
])
def test_unreadable_inner_commands_are_unknown(run):
    eff, _ = last(run)
    assert eff.unknown, run


def test_find_exec_cp_writes_the_destination_as_a_tree():
    eff, _ = last("find . -name '*.mod' -exec cp {} /etc/app/ \\;")
    assert [(p, o.tree) for p, o in eff.writes] == [("/etc/app", True)]
    assert not eff.unknown


def test_xargs_with_a_fixed_destination_writes_a_tree():
    for run in ("ls *.mod | xargs cp -t /dest", "ls | xargs -I{} cp {} /dest/", "ls | xargs -I % cp % /dest/"):
        eff, _ = last(run)
        assert [(p, o.tree) for p, o in eff.writes] == [("/dest", True)], run


def test_find_delete_removes_what_its_tests_select():
    eff, image = last("find . -name '*.go' -delete")
    assert eff.deletes == ("/w/cmd/api/main.go", "/w/main.go")
    assert "/w/go.mod" in image.origins and "/w/main.go" not in image.origins
    eff, image = last("find /w -type f -name '*.go' -exec rm -f {} +")
    assert "/w/main.go" not in image.origins and "/w/go.mod" in image.origins
    eff, image = last("find /w -maxdepth 1 -name '*.go' -delete")
    assert eff.deletes == ("/w/main.go",)


def test_find_delete_keeps_a_folder_that_is_not_empty():
    eff, image = last("find . -name cmd -delete")
    assert eff.unknown == () and "/w/cmd/api/main.go" in image.origins
    eff, image = last("find . -name cmd -exec rm -rf {} +")
    assert "/w/cmd/api/main.go" not in image.origins


def test_xargs_installs_are_packages_with_unknown_names():
    eff, _ = last("cat packages.txt | xargs apt-get install -y")
    assert eff.packages == ("apt:<names read from input>",)


def test_env_and_command_and_find_are_not_harmless():
    from heuristics import coreutils
    assert not {"env", "command", "find"} & coreutils.HARMLESS


def test_a_file_written_through_env_reaches_the_runtime_stage():
    from .conftest import GO_MOD, convert, runtime_part
    src = 'package main\nimport "os"\nfunc main(){ os.ReadFile("/etc/app/app.json") }\n'
    df = ("FROM golang:1.19-alpine\nWORKDIR /src\nCOPY . .\nRUN env APP_ENV=prod cp app.json /etc/app/app.json\n"
          "RUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": src, "app.json": "{}"})
    assert plan.changed, plan.reason
    assert "COPY --from=build /etc/app/app.json /etc/app/app.json" in runtime_part(out)
