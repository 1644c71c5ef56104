"""C and C++ (heuristics/cfamily.py, cmake.py, make.py's built-in rules): one test per rule, each
asserting the converted output or the refusal a user would see."""

from __future__ import annotations

import pytest

from converter.context import in_memory
from converter.effects import analyse_stage
from converter.parse import parse
from heuristics import packages
from heuristics.base_images import describe_build_image

from .conftest import convert, runtime_part

C_MAIN = '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n'
CPP_MAIN = '#include <iostream>\nint main() { std::cout << "hi\\n"; }\n'


def built(dockerfile: str, files: dict[str, str]) -> list[str]:
    """The programs the file's RUN lines build, as the analysis reads them."""
    df = parse(dockerfile)
    stage = df.stages[0]
    effects, _, _ = analyse_stage(stage, in_memory(files), df.global_arg_defaults(), describe_build_image(stage.base).env)
    return sorted(a.path for e in effects for a in e.artifacts)


# -- compilers -------------------------------------------------------------------------------------

def test_gcc_output_and_a_debian_library_become_a_slim_runtime_with_its_package():
    df = ("FROM gcc:12\nRUN apt-get update && apt-get install -y libsqlite3-dev\nWORKDIR /src\nCOPY main.c .\n"
          "RUN gcc -O2 -o /usr/local/bin/app main.c -lsqlite3\nCMD [\"app\"]\n")
    plan, out = convert(df, {"main.c": C_MAIN})
    rt = runtime_part(out)
    assert plan.changed, plan.reason
    assert rt.startswith("FROM debian:bookworm-slim\n")
    assert "apt-get install -y --no-install-recommends libsqlite3-0" in rt
    assert "COPY --from=build /usr/local/bin/app /usr/local/bin/app" in rt
    assert "COPY --from=build /src/main.c" not in rt and "COPY --from=build /src " not in rt


def test_several_sources_and_library_search_flags():
    df = ("FROM gcc:12\nWORKDIR /w\nCOPY . .\nRUN gcc -Iinclude -L/usr/lib -o tool a.c b.c -l z -lm\n"
          "CMD [\"./tool\"]\n")
    plan, out = convert(df, {"a.c": C_MAIN, "b.c": "int b;\n", "include/x.h": ""})
    assert plan.changed, plan.reason
    assert plan.findings.closure.shared_libs == ("z",)          # libm is part of glibc
    assert "COPY --from=build /w/include" not in runtime_part(out)     # headers are build inputs


def test_no_output_flag_builds_a_out_and_dash_c_builds_no_program():
    files = {"m.c": C_MAIN}
    assert built("FROM gcc:12\nWORKDIR /w\nCOPY m.c .\nRUN gcc m.c\n", files) == ["/w/a.out"]
    assert built("FROM gcc:12\nWORKDIR /w\nCOPY m.c .\nRUN gcc -c m.c -o m.o\n", files) == []


def test_static_link_runs_on_scratch():
    df = "FROM gcc:12\nWORKDIR /b\nCOPY m.c .\nRUN gcc -static -o hello m.c\nENTRYPOINT [\"/b/hello\"]\n"
    plan, out = convert(df, {"m.c": C_MAIN}, runtime="scratch")
    assert plan.changed, plan.reason
    assert runtime_part(out).startswith("FROM scratch\n")


def test_static_glibc_program_resolving_names_stays_on_glibc():
    src = '#include <netdb.h>\nint main(void) { struct addrinfo *r; return getaddrinfo("x", 0, 0, &r); }\n'
    df = "FROM gcc:12\nWORKDIR /b\nCOPY m.c .\nRUN gcc -static -o probe m.c\nENTRYPOINT [\"/b/probe\"]\n"
    plan, out = convert(df, {"m.c": src})
    assert plan.changed and plan.findings.closure.libc == "glibc"
    assert runtime_part(out).startswith("FROM gcr.io/distroless/base-debian12\n")
    refused, _ = convert(df, {"m.c": src}, runtime="scratch")
    assert not refused.changed and "SS018" == refused.code


def test_cxx_needs_libstdcxx_and_runs_on_distroless_cc():
    df = "FROM gcc:12\nWORKDIR /b\nCOPY m.cpp .\nRUN g++ -pthread -o app m.cpp\nCMD [\"./app\"]\n"
    plan, out = convert(df, {"m.cpp": CPP_MAIN})
    assert plan.findings.closure.shared_libs == ("gcc_s", "stdc++")
    assert runtime_part(out).startswith("FROM gcr.io/distroless/cc-debian12\n")


def test_static_libstdcxx_needs_no_libstdcxx():
    df = "FROM gcc:12\nWORKDIR /b\nCOPY m.cpp .\nRUN g++ -static-libstdc++ -static-libgcc -o app m.cpp\nCMD [\"./app\"]\n"
    plan, out = convert(df, {"m.cpp": CPP_MAIN})
    assert plan.findings.closure.shared_libs == ()
    assert runtime_part(out).startswith("FROM gcr.io/distroless/base-debian12\n")


def test_cxx_on_a_gcc_newer_than_its_release_is_refused():
    df = "FROM gcc:14\nWORKDIR /b\nCOPY m.cpp .\nRUN g++ -o app m.cpp\nCMD [\"./app\"]\n"
    plan, out = convert(df, {"m.cpp": CPP_MAIN})
    assert not plan.changed
    assert "GCC 14 of gcc:14" in plan.reason and "-static-libstdc++" in plan.reason


def test_alpine_build_base_is_musl_with_apk_packages():
    df = ("FROM alpine:3.22\nRUN apk add --no-cache build-base openssl-dev\nWORKDIR /a\nCOPY m.c .\n"
          "RUN cc -o app m.c -lssl -lcrypto\nCMD [\"./app\"]\n")
    plan, out = convert(df, {"m.c": C_MAIN})
    rt = runtime_part(out)
    assert rt.startswith("FROM alpine:3.22\n") and plan.findings.closure.libc == "musl"
    assert "apk add --no-cache libcrypto3 libssl3" in rt


def test_pkg_config_substitution_names_the_libraries():
    df = ("FROM gcc:12\nWORKDIR /w\nCOPY m.c .\nRUN gcc -o app m.c $(pkg-config --cflags --libs libcurl)\n"
          "CMD [\"./app\"]\n")
    plan, out = convert(df, {"m.c": C_MAIN})
    assert plan.changed, plan.reason
    assert "libcurl4" in runtime_part(out)


def test_unknown_output_path_is_refused():
    df = "FROM gcc:12\nWORKDIR /w\nCOPY m.c .\nRUN gcc -o $(cat name) m.c\nCMD [\"./app\"]\n"
    plan, _ = convert(df, {"m.c": C_MAIN})
    assert not plan.changed and plan.code == "SS007"


def test_copied_program_is_the_same_program():
    df = ("FROM gcc:12\nWORKDIR /w\nCOPY m.c .\nRUN gcc -o app m.c && strip app && cp app /usr/local/bin/\n"
          "CMD [\"app\"]\n")
    plan, out = convert(df, {"m.c": C_MAIN})
    assert plan.changed, plan.reason
    assert "COPY --from=build /usr/local/bin/app /usr/local/bin/app" in runtime_part(out)


def test_data_file_named_in_fopen_is_copied():
    src = '#include <stdio.h>\nint main(void) { return fopen("/etc/app/app.conf", "r") == 0; }\n'
    df = ("FROM gcc:12\nWORKDIR /w\nCOPY . .\nRUN mkdir -p /etc/app && cp app.conf /etc/app/app.conf\n"
          "RUN gcc -o /usr/local/bin/app m.c\nCMD [\"app\"]\n")
    plan, out = convert(df, {"m.c": src, "app.conf": "x=1\n"})
    assert "COPY --from=build /etc/app/app.conf /etc/app/app.conf" in runtime_part(out)
    assert "fopen('/etc/app/app.conf')" in out


def test_gcc_image_no_longer_says_no_rules_yet():
    plan, _ = convert("FROM gcc:12\nCOPY m.c .\nRUN gcc -o m m.c\nCMD [\"/m\"]\n", {"m.c": C_MAIN})
    assert plan.changed and "no rules for C/C++" not in plan.reason


# -- make ----------------------------------------------------------------------------------------

def test_makefile_with_builtin_rules_and_substitution_reference():
    mk = ("LDLIBS = -lz\nSRCS = main.c util.c\nOBJS = $(SRCS:.c=.o)\nall: app\n"
          "app: $(OBJS)\n\t$(CC) -o $@ $^ $(LDLIBS)\n")
    df = "FROM gcc:12\nWORKDIR /s\nCOPY . .\nRUN make -j$(nproc)\nCMD [\"./app\"]\n"
    plan, out = convert(df, {"Makefile": mk, "main.c": C_MAIN, "util.c": "int u;\n"})
    assert plan.changed, plan.reason
    assert "# stagesplit: the program (cc -o app main.o util.o -lz)" in out
    copies = [ln for ln in runtime_part(out).splitlines() if ln.startswith("COPY")]
    assert copies == ["COPY --from=build /s/app /s/app"]     # no Makefile, sources or objects


def test_explicit_pattern_rule_and_wildcard():
    mk = ("SRC := $(wildcard src/*.c)\nOBJ := $(patsubst src/%.c,build/%.o,$(SRC))\n"
          "bin/tool: $(OBJ)\n\tgcc -o $@ $^\nbuild/%.o: src/%.c\n\tgcc -c $< -o $@\n")
    df = "FROM gcc:12\nWORKDIR /s\nCOPY . .\nRUN make\nCMD [\"./bin/tool\"]\n"
    assert built(df, {"Makefile": mk, "src/a.c": C_MAIN, "src/b.c": "int b;\n"}) == ["/s/bin/tool"]


def test_make_install_with_prefix_follows_the_installed_copy():
    mk = ("PREFIX ?= /usr/local\napp: app.c\n\t$(CC) -o $@ $<\n"
          "install: app\n\tinstall -m 0755 app $(DESTDIR)$(PREFIX)/bin/app\n.PHONY: install\n")
    df = "FROM gcc:12\nWORKDIR /s\nCOPY . .\nRUN make && make install PREFIX=/opt/app\nCMD [\"/opt/app/bin/app\"]\n"
    plan, out = convert(df, {"Makefile": mk, "app.c": C_MAIN})
    assert plan.changed, plan.reason
    assert "COPY --from=build /opt/app/bin/app /opt/app/bin/app" in runtime_part(out)


# -- CMake ---------------------------------------------------------------------------------------

CML = ("cmake_minimum_required(VERSION 3.16)\nproject(demo LANGUAGES CXX)\nfind_package(ZLIB REQUIRED)\n"
       "add_executable(demo main.cpp)\ntarget_link_libraries(demo PRIVATE ZLIB::ZLIB)\n"
       "set_target_properties(demo PROPERTIES OUTPUT_NAME demo-bin)\ninstall(TARGETS demo DESTINATION bin)\n")


@pytest.mark.parametrize("run, program", [
    ("cmake -S . -B build && cmake --build build", "/src/build/demo-bin"),
    ("mkdir build && cd build && cmake .. -DCMAKE_BUILD_TYPE=Release && make -j$(nproc)", "/src/build/demo-bin"),
    ("cmake -B out -DCMAKE_BUILD_TYPE=Release . && cmake --build out --config Release --target demo", "/src/out/demo-bin"),
    ("cmake -S . -B build -DCMAKE_INSTALL_PREFIX=/opt/demo && cmake --build build && cmake --install build",
     "/opt/demo/bin/demo-bin"),
    ("cmake -S . -B build && cmake --build build && cmake --install build --prefix /srv", "/srv/bin/demo-bin"),
    ("mkdir build && cd build && cmake .. && make && make install", "/usr/local/bin/demo-bin"),
    ("mkdir build && cd build && cmake .. && make install DESTDIR=/pkg", "/pkg/usr/local/bin/demo-bin"),
])
def test_cmake_builds_and_installs_land_where_cmake_puts_them(run, program):
    df = f"FROM gcc:12\nRUN apt-get update && apt-get install -y cmake zlib1g-dev\nWORKDIR /src\nCOPY . .\nRUN {run}\nCMD [\"{program}\"]\n"
    plan, out = convert(df, {"CMakeLists.txt": CML, "main.cpp": CPP_MAIN})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert f"COPY --from=build {program} {program}" in rt
    assert plan.findings.closure.shared_libs == ("gcc_s", "stdc++", "z")
    assert "CMakeFiles" not in rt and "CMakeCache" not in rt and "CMakeLists" not in rt


def test_cmake_runtime_output_directory_and_subdirectory():
    top = ("project(p C)\nset(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)\nadd_subdirectory(tools)\n")
    sub = "add_executable(cli cli.c)\ntarget_link_libraries(cli sqlite3 m)\n"
    df = "FROM gcc:12\nWORKDIR /p\nCOPY . .\nRUN cmake -B b && cmake --build b\nCMD [\"./b/bin/cli\"]\n"
    plan, out = convert(df, {"CMakeLists.txt": top, "tools/CMakeLists.txt": sub, "tools/cli.c": C_MAIN})
    assert plan.changed, plan.reason
    assert plan.findings.closure.shared_libs == ("sqlite3",)
    assert "libsqlite3-0" in runtime_part(out)


def test_cmake_boost_components_map_to_the_release_package():
    cml = ("project(b CXX)\nfind_package(Boost REQUIRED COMPONENTS system program_options)\nadd_executable(b m.cpp)\n"
           "target_link_libraries(b ${Boost_LIBRARIES})\n")
    df = "FROM gcc:12\nWORKDIR /p\nCOPY . .\nRUN cmake -B build && cmake --build build\nCMD [\"./build/b\"]\n"
    plan, out = convert(df, {"CMakeLists.txt": cml, "m.cpp": CPP_MAIN})
    assert "libboost-program-options1.74.0 libboost-system1.74.0" in runtime_part(out)


def test_cmake_static_linker_flags():
    cml = "project(s C)\nadd_executable(s m.c)\ntarget_link_options(s PRIVATE -static)\n"
    df = "FROM gcc:12\nWORKDIR /p\nCOPY . .\nRUN cmake -B build && cmake --build build\nCMD [\"./build/s\"]\n"
    plan, _ = convert(df, {"CMakeLists.txt": cml, "m.c": C_MAIN})
    assert plan.findings.closure.libc == "static"


def test_cmake_unknown_imported_target_is_refused_with_its_name():
    cml = "project(u CXX)\nfind_package(Foo REQUIRED)\nadd_executable(u m.cpp)\ntarget_link_libraries(u Foo::Bar)\n"
    df = "FROM gcc:12\nWORKDIR /p\nCOPY . .\nRUN cmake -B build && cmake --build build\nCMD [\"./build/u\"]\n"
    plan, _ = convert(df, {"CMakeLists.txt": cml, "m.cpp": CPP_MAIN})
    assert not plan.changed and "Foo::Bar" in plan.reason


def test_cmake_without_a_readable_cmakelists_is_an_unknown_effect():
    df = "FROM gcc:12\nWORKDIR /p\nRUN cmake -B build . && cmake --build build\nCMD [\"./build/x\"]\n"
    plan, _ = convert(df, {})
    assert not plan.changed and plan.code == "SS007"


def test_multi_config_generator_is_not_read():
    df = ("FROM gcc:12\nWORKDIR /p\nCOPY . .\nRUN cmake -G 'Ninja Multi-Config' -B build && cmake --build build\n"
          "CMD [\"./build/Release/demo-bin\"]\n")
    plan, _ = convert(df, {"CMakeLists.txt": CML, "main.cpp": CPP_MAIN})
    assert not plan.changed


# -- packages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lib, manager, release, package", [
    ("ssl", "apt", "bookworm", "libssl3"), ("ssl", "apt", "trixie", "libssl3t64"), ("pq", "apt", "bookworm", "libpq5"),
    ("z", "apt", "noble", "zlib1g"), ("sqlite3", "apt", "bookworm", "libsqlite3-0"), ("curl", "apt", "bookworm", "libcurl4"),
    ("curl", "apt", "noble", "libcurl4t64"), ("boost_filesystem", "apt", "bookworm", "libboost-filesystem1.74.0"),
    ("boost_program_options", "apt", "trixie", "libboost-program-options1.83.0"), ("sqlite3", "apk", "3.22", "sqlite-libs"),
    ("stdc++", "apk", "3.22", "libstdc++"), ("pthread", "apt", "bookworm", ""), ("boost_system", "apk", "3.22", None),
])
def test_runtime_package_names(lib, manager, release, package):
    assert packages.runtime_package(lib, manager, release) == package
