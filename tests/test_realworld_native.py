"""Idioms of public single-stage Rust and C/C++ Dockerfiles, rewritten with our own minimal
apps: each test asserts what the converted file (or the refusal) would give a user."""

from __future__ import annotations

from heuristics import packages

from .conftest import convert, runtime_part

C_MAIN = '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n'
CPP_MAIN = '#include <iostream>\nint main() { std::cout << "hi\\n"; }\n'


def cargo_toml(name: str, extra: str = "") -> str:
    return f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2021"\n{extra}'


# -- C/C++ -----------------------------------------------------------------------------------------

def test_gcc_driver_on_a_cpp_file_links_no_libstdcxx_so_an_unpinned_gcc_image_converts():
    # `gcc -o app main.cpp`: the C driver compiles C++ but does not link libstdc++, so the newer
    # libstdc++ of gcc:latest is not the program's concern.
    df = "FROM gcc:latest\nCOPY . /usr/src/calc\nWORKDIR /usr/src/calc\nRUN gcc -o calc main.cpp\nCMD [\"./calc\"]\n"
    plan, out = convert(df, {"main.cpp": C_MAIN})
    assert plan.changed, plan.reason
    assert "stdc++" not in plan.findings.closure.shared_libs
    rt = runtime_part(out)
    assert "COPY --from=build /usr/src/calc/calc /usr/src/calc/calc" in rt
    assert "libstdc++" not in rt


def test_gpp_on_an_unpinned_gcc_image_is_still_refused():
    df = "FROM gcc:latest\nCOPY . /app\nWORKDIR /app\nRUN g++ -o calc main.cpp\nCMD [\"./calc\"]\n"
    plan, _ = convert(df, {"main.cpp": CPP_MAIN})
    assert not plan.changed
    assert "libstdc++" in (plan.reason or "")


def test_gcc_with_lstdcxx_needs_libstdcxx():
    df = "FROM gcc:12\nWORKDIR /w\nCOPY app.c .\nRUN gcc -o app app.c -lstdc++\nCMD [\"./app\"]\n"
    plan, _ = convert(df, {"app.c": C_MAIN})
    assert plan.changed, plan.reason
    assert "stdc++" in plan.findings.closure.shared_libs


def test_cmake_in_a_build_folder_then_one_make_target():
    df = ("FROM ubuntu:22.04\nRUN apt-get update && apt-get -y install cmake g++\nWORKDIR /home/dev\nCOPY . .\n"
          "RUN mkdir build && cd build && cmake -DCMAKE_BUILD_TYPE=Debug .. && make tool\n"
          "RUN chmod +x /home/dev/build/tool\nCMD [\"/home/dev/build/tool\"]\n")
    files = {"CMakeLists.txt": "cmake_minimum_required(VERSION 3.10)\nproject(t CXX)\nadd_executable(tool main.cpp)\n"
                               "add_executable(tool_tests tests.cpp)\n",
             "main.cpp": CPP_MAIN, "tests.cpp": CPP_MAIN}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM ubuntu:jammy\n")
    assert "COPY --from=build /home/dev/build/tool /home/dev/build/tool" in rt
    assert "tool_tests" not in rt and "CMakeFiles" not in rt


def test_alpine_make_of_one_target_that_deletes_its_inputs_afterwards():
    df = ("FROM alpine:3.20\nWORKDIR /app\nRUN apk add --no-cache build-base\nCOPY . .\n"
          "RUN make out/srv \\\n    && rm -rf out/obj Makefile src\nENTRYPOINT [\"./out/srv\"]\nCMD [\"-v\"]\n")
    makefile = ("SRC=$(wildcard src/*.c)\nOBJ=$(patsubst src/%.c,out/obj/%.o,$(SRC))\n\nout/srv: $(OBJ)\n"
                "\t$(CC) -o $@ $^\n\nout/obj/%.o: src/%.c\n\tmkdir -p out/obj\n\t$(CC) -c -o $@ $<\n")
    plan, out = convert(df, {"Makefile": makefile, "src/main.c": C_MAIN})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM alpine:3.20\n")
    assert "COPY --from=build /app/out/srv /app/out/srv" in rt
    assert 'ENTRYPOINT ["./out/srv"]' in rt and 'CMD ["-v"]' in rt


def test_make_clean_then_make_with_builtin_object_rules():
    df = ("FROM debian:bookworm\nRUN apt-get update -y && apt-get install -y build-essential\nWORKDIR /usr/src/\n"
          "COPY . /usr/src/\nRUN make clean && make\nCMD [\"./prog\"]\n")
    makefile = "prog: main.o util.o\n\t$(CC) -o prog main.o util.o -lm\n\nclean:\n\trm -f *.o prog\n"
    plan, out = convert(df, {"Makefile": makefile, "main.c": C_MAIN, "util.c": "int u(void) { return 0; }\n"})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /usr/src/prog /usr/src/prog" in rt
    assert "COPY --from=build /usr/src/main.o" not in rt and "/usr/src/Makefile" not in rt


# -- Rust ------------------------------------------------------------------------------------------

def test_cargo_new_skeleton_then_real_sources_then_cargo_install():
    df = ("FROM rust:1.75\nWORKDIR /usr/app\nRUN USER=root cargo new --bin depot\nWORKDIR /usr/app/depot\n"
          "COPY ./Cargo.toml ./Cargo.toml\nRUN cargo build --release\nRUN rm src/*.rs\nCOPY ./src ./src\n"
          "RUN rm ./target/release/deps/depot*\nRUN cargo install --path .\nCMD [ \"depot\" ]\n")
    plan, out = convert(df, {"Cargo.toml": cargo_toml("depot"), "src/main.rs": "fn main() {}\n"})
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /usr/local/cargo/bin/depot /usr/local/cargo/bin/depot" in rt
    assert "ENV PATH=/usr/local/cargo/bin:" in rt
    assert "target/release" not in rt


def test_short_release_flag_and_a_renamed_bin_on_rust_alpine():
    df = "FROM rust:alpine\nworkdir /app\nCOPY . .\nRUN cargo build -r\nCMD [\"./target/release/server\"]\n"
    files = {"Cargo.toml": cargo_toml("chat", '\n[[bin]]\nname = "server"\npath = "src/main.rs"\n'),
             "src/main.rs": "fn main() {}\n"}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert rt.startswith("FROM alpine:")
    assert "COPY --from=build /app/target/release/server /app/target/release/server" in rt


def test_library_first_build_then_full_sources_carries_the_config_folder():
    df = ("FROM rust:1.75\nWORKDIR /app\nCOPY ./Cargo.toml ./Cargo.toml\nCOPY ./src/lib.rs ./src/lib.rs\n"
          "RUN cargo build --release\nCOPY ./ ./\nRUN cargo build --release\nEXPOSE 80\n"
          "CMD [\"./target/release/shop\"]\n")
    files = {"Cargo.toml": cargo_toml("shop"), "src/lib.rs": "pub fn f() {}\n", "src/main.rs": "fn main() {}\n",
             "configuration/base.yaml": "port: 80\n"}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /app/target/release/shop /app/target/release/shop" in rt
    assert "COPY --from=build /app/configuration /app/configuration" in rt
    assert "/app/src" not in rt and "Cargo.toml" not in rt


def test_entry_script_at_the_root_that_execs_the_release_binary():
    df = "FROM rust:1.75\nCOPY ./ ./\nRUN cargo build --release\nRUN chmod +x ./run.sh\nENTRYPOINT [\"./run.sh\"]\n"
    files = {"Cargo.toml": cargo_toml("svc"), "src/main.rs": "fn main() {}\n",
             "run.sh": '#!/bin/sh\nexec ./target/release/svc "$@"\n'}
    plan, out = convert(df, files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /target/release/svc /target/release/svc" in rt
    assert "COPY --from=build /run.sh /run.sh" in rt


def test_cargo_run_as_the_command_is_refused_even_on_alpine_cargo():
    df = ("FROM alpine:3.21\nRUN apk add --no-cache rust cargo\nCOPY . /build\nWORKDIR /build\n"
          "RUN [\"cargo\", \"build\", \"--release\"]\nENTRYPOINT [\"cargo\", \"run\", \"--release\"]\n")
    plan, _ = convert(df, {"Cargo.toml": cargo_toml("page"), "src/main.rs": "fn main() {}\n"})
    assert not plan.changed
    assert plan.code == "SS023"


# -- runtime libraries across releases -------------------------------------------------------------

def test_same_library_across_releases_follows_the_soname():
    assert not packages.same_library("ssl", "bullseye", "bookworm")       # libssl.so.1.1 vs libssl.so.3
    assert packages.same_library("ssl", "bookworm", "trixie")             # the t64 rename keeps libssl.so.3
    assert packages.same_library("z", "bullseye", "bookworm")
    assert not packages.same_library("boost_system", "bookworm", "trixie")
    assert not packages.same_library("not-a-known-lib", "bookworm", "trixie")
