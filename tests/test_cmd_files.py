"""What OS package installs, COPY into made folders and deletions leave in the file model
(issue 6: package trees vouch for no file; a folder the walk made is a folder; deleted
sources stay readable for the scan, never for a copy)."""

from __future__ import annotations

from converter.graph import Provenance

from .conftest import GO_MOD, convert, runtime_part
from .test_effects import GO, effects_of, written

STATE = 'package main\nimport "os"\nfunc main(){ os.WriteFile("/var/lib/app/state.db", nil, 0o644) }\n'


def provenance(df: str, files: dict[str, str]) -> Provenance:
    effs, image, _ = effects_of(df, files)
    return Provenance(effs, image)


# -- OS package installs ------------------------------------------------------------------------

def test_a_package_install_does_not_make_a_path_under_var_lib_exist():
    prov = provenance("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN apt-get update && apt-get install -y ffmpeg\n"
                      "RUN go build -o /bin/app .\n", {"go.mod": GO_MOD, "main.go": STATE})
    assert prov.locate("/var/lib/app/state.db") is None
    assert prov.locate("/usr/bin/ffmpeg") is None and prov.locate("/etc/ffmpeg.conf") is None
    assert not prov.is_dir("/var") and prov.glob("/usr/*") == []
    assert prov.locate("/bin/app") is not None


def test_package_trees_are_recorded_as_such():
    effs, image, _ = effects_of("FROM golang:1.19-alpine\nRUN apk add --no-cache ffmpeg\n")
    assert [(p, o.tree, o.package) for p, o in effs[0].writes] == [
        ("/usr", True, True), ("/etc", True, True), ("/var/lib", True, True)]


def test_a_package_install_does_not_hide_what_the_build_wrote_there():
    df = "FROM golang:1.19\nRUN tar -xf /tmp/x.tar -C /etc\nRUN apt-get install -y curl\n"
    prov = provenance(df, {})
    assert prov.locate("/etc/app.conf") is not None      # the tar tree still holds it


def test_the_planner_never_copies_a_path_nothing_wrote():
    df = ("FROM golang:1.19\nRUN apt-get update && apt-get install -y --no-install-recommends tzdata\n"
          "RUN mkdir -p /var/lib/app\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD [\"/bin/app\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": STATE})
    assert plan.changed, plan.reason
    copies = [ln for ln in runtime_part(out).splitlines() if ln.startswith("COPY")]
    assert not any("state.db" in ln for ln in copies), copies


# -- COPY into a folder the walk made ---------------------------------------------------------------

def test_copy_into_a_folder_mkdir_made():
    effs, _, _ = effects_of("FROM golang:1.19\nRUN mkdir /app\nCOPY main.go /app\n", GO)
    assert written(effs[-1]) == ["/app/main.go"]


def test_copy_into_a_folder_workdir_made():
    effs, _, _ = effects_of("FROM golang:1.19\nWORKDIR /app\nWORKDIR /\nCOPY main.go /app\n", GO)
    assert written(effs[-1]) == ["/app/main.go"]


def test_copy_into_a_folder_a_copy_filled():
    effs, _, _ = effects_of("FROM golang:1.19\nCOPY cmd /app\nCOPY main.go /app\n", GO)
    assert written(effs[-1]) == ["/app/main.go"]


def test_copy_into_a_folder_every_base_has():
    effs, _, _ = effects_of("FROM golang:1.19\nCOPY main.go /usr/local/bin\n", GO)
    assert written(effs[-1]) == ["/usr/local/bin/main.go"]


def test_copy_to_a_new_path_is_still_a_file():
    effs, _, _ = effects_of("FROM golang:1.19\nCOPY main.go /app\n", GO)
    assert written(effs[-1]) == ["/app"]
    effs, _, _ = effects_of("FROM golang:1.19\nRUN touch /app\nCOPY main.go /app\n", GO)
    assert written(effs[-1]) == ["/app"]


def test_touch_of_a_file_the_build_has_keeps_where_it_came_from():
    # `touch` only changes the times of a file that exists: it stays the context's file (so a
    # build input stays a build input); a file touch creates is the RUN's.
    effs, image, _ = effects_of("FROM golang:1.19\nWORKDIR /app\nCOPY main.go .\nRUN touch main.go new.log\n", GO)
    assert written(effs[-1]) == ["/app/new.log"]
    assert image.origins["/app/main.go"].context is not None
    assert image.made_by_run("/app/new.log")


def test_a_symbolic_link_to_the_program_is_made_again_not_copied_through():
    # COPY --from would copy the file a link points to: a program that finds its files next
    # to itself (npm's bin links, a versioned release folder) must keep the link.
    df = ("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /opt/app/releases/v1/server . "
          "&& ln -s /opt/app/releases/v1/server /usr/local/bin/server\nCMD [\"server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": 'package main\nfunc main(){}\n'})
    assert plan.changed, plan.reason
    runtime = runtime_part(out)
    assert "COPY --from=build /opt/app/releases/v1/server /opt/app/releases/v1/server" in runtime
    assert "RUN ln -sf /opt/app/releases/v1/server /usr/local/bin/server" in runtime
    assert "COPY --from=build /usr/local/bin/server" not in runtime
    # a link into the build image's own files: copied (through the link) as before
    df2 = df.replace("CMD [\"server\"]", "RUN ln -s /usr/bin/env /usr/local/bin/myenv\nCMD [\"myenv\", \"/opt/app/releases/v1/server\"]")
    plan, out = convert(df2, {"go.mod": GO_MOD, "main.go": 'package main\nfunc main(){}\n'})
    assert "ln -sf" not in out


def test_single_file_copy_into_a_made_folder_converts():
    df = ("FROM golang:1.19-alpine\nRUN mkdir /app\nCOPY go.mod main.go /app/\nCOPY main.go /app\nWORKDIR /app\n"
          "RUN go build -o server .\nCMD [\"./server\"]\n")
    plan, out = convert(df, {"go.mod": GO_MOD, "main.go": 'package main\nfunc main(){}\n'})
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/server /app/server" in runtime_part(out)


# -- deletions ----------------------------------------------------------------------------------

def test_deleted_sources_stay_readable_but_are_not_listed():
    effs, image, _ = effects_of("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app . && rm -rf /src\n", GO)
    assert effs[-1].deletes == ("/src",)
    assert image.files_under("/src") == []
    assert image.read("/src/main.go") == GO["main.go"]
    prov = Provenance(effs, image)
    assert prov.locate("/src/main.go") is None and prov.locate("/bin/app") is not None


def test_sources_for_an_artifact_are_the_files_when_it_was_built():
    effs, image, _ = effects_of("FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\n"
                                "RUN rm -rf /src\n", GO)
    (art,) = effs[-2].artifacts
    view = image.sources_for(art)
    assert "/src/main.go" in view.files_under("/src") and view.read("/src/go.mod") == GO["go.mod"]
    assert image.files_under("/src") == []


def test_a_file_written_again_after_delete_is_live():
    _, image, _ = effects_of("FROM golang:1.19\nWORKDIR /w\nCOPY go.mod .\nRUN rm go.mod\nCOPY go.mod .\n", GO)
    assert "/w/go.mod" in image.origins and "/w/go.mod" not in image.deleted
