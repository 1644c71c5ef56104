"""A built program copied elsewhere (`cp`, `install`, `mv`, also inside a Makefile recipe) is the
same program at its new path, whichever ecosystem built it; `strip` changes it in place. The copy
left behind stays too: the runtime stage carries what the image had in the program's folder."""

from __future__ import annotations

from .conftest import GO_MOD, HELLO, convert, runtime_part

GO = {"go.mod": GO_MOD, "main.go": HELLO}


def test_a_go_program_copied_onto_path_is_the_program_and_its_build_keeps_the_safe_env():
    text = ("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o hello .\n"
            "RUN cp hello /usr/local/bin/\nCMD [\"hello\"]\n")
    plan, out = convert(text, GO)
    assert plan.changed, plan.reason
    build, runtime = out.split("\n\n# stagesplit: runtime stage")[0], runtime_part(out)
    # CGO_ENABLED=0 goes before the build, not before the copy
    assert "ENV CGO_ENABLED=0\nRUN go build -o hello .\n" in build
    assert "COPY --from=build /usr/local/bin/hello /usr/local/bin/hello" in runtime
    # the copy left behind is still in the image's program folder, where the original had it
    assert "COPY --from=build /src/hello /src/hello" in runtime


def test_install_with_a_mode_and_a_file_name():
    text = ("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o out/app . && install -m 0755 out/app /usr/bin/greeter\n"
            "CMD [\"greeter\"]\n")
    plan, out = convert(text, GO)
    assert plan.changed, plan.reason
    assert "COPY --from=build /usr/bin/greeter /usr/bin/greeter" in runtime_part(out)


def test_mv_moves_the_program():
    text = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o app . && mv app /app\nCMD [\"/app\"]\n"
    plan, out = convert(text, GO)
    assert plan.changed, plan.reason
    assert [c.path for c in plan.runtime.copies if c.path.endswith("app")] == ["/app"]


def test_strip_changes_the_program_in_place():
    text = "FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app . && strip /usr/local/bin/app\nCMD [\"app\"]\n"
    plan, out = convert(text, GO)
    assert plan.changed, plan.reason
    assert "COPY --from=build /usr/local/bin/app /usr/local/bin/app" in runtime_part(out)


def test_a_copy_of_something_not_built_is_not_the_program():
    text = ("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o app . && cp run.sh /usr/local/bin/app\n"
            "CMD [\"app\"]\n")
    plan, _ = convert(text, {**GO, "run.sh": "#!/bin/sh\nexec /src/app\n"})
    # /usr/local/bin/app holds the script, not the program built at /src/app
    assert not plan.changed and plan.code == "SS015" and "/usr/local/bin/app" in plan.reason
