"""Rust rules (heuristics/rust.py, rust_cargo.py): which cargo commands build which binaries,
and what those binaries need at run time, asserted on the converted output or the refusal."""

from __future__ import annotations

import pytest

from converter.context import in_memory
from converter.effects import analyse_stage
from converter.parse import parse
from heuristics.base_images import describe_build_image

from .conftest import convert, runtime_part

TOML = '[package]\nname = "web"\nversion = "0.1.0"\nedition = "2021"\n'
LOCK = 'version = 3\n\n[[package]]\nname = "web"\nversion = "0.1.0"\n'
MAIN = 'fn main() { println!("hi"); }\n'
APP = {"Cargo.toml": TOML, "Cargo.lock": LOCK, "src/main.rs": MAIN}
REG = 'source = "registry+https://github.com/rust-lang/crates.io-index"'


def df(run: str, cmd: str = '["./target/release/web"]', image: str = "rust:1.75", workdir: str = "/app") -> str:
    return f"FROM {image}\nWORKDIR {workdir}\nCOPY . .\nRUN {run}\nCMD {cmd}\n"


def built(dockerfile: str, files: dict[str, str]) -> list[str]:
    """The programs the file's RUN lines build, as the analysis reads them."""
    d = parse(dockerfile)
    stage = d.stages[0]
    image = describe_build_image(stage.base)
    effects, _, _ = analyse_stage(stage, in_memory(files), d.global_arg_defaults(), image.env, image.workdir)
    return sorted(a.path for e in effects for a in e.artifacts)


def locked(*crates: str) -> str:
    return LOCK + "".join(f'\n[[package]]\nname = "{c}"\nversion = "1.0.0"\n{REG}\n' for c in crates)


# -- artifacts ------------------------------------------------------------------------------

def test_release_build_is_named_after_the_package():
    plan, out = convert(df("cargo build --release"), APP)
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/target/release/web /app/target/release/web" in runtime_part(out)
    assert built(df("cargo build"), APP) == ["/app/target/debug/web"]
    assert built(df("cargo build --profile dist"), APP) == ["/app/target/dist/web"]


def test_bin_targets_explicit_and_inferred():
    files = dict(APP, **{"Cargo.toml": TOML + '\n[[bin]]\nname = "web-server"\npath = "src/main.rs"\n',
                         "src/bin/tool.rs": MAIN, "src/bin/admin/main.rs": MAIN})
    assert built(df("cargo build --release"), files) == [
        "/app/target/release/admin", "/app/target/release/tool", "/app/target/release/web-server"]
    assert built(df("cargo build --release --bin tool"), files) == ["/app/target/release/tool"]


def test_required_features_decide_whether_a_bin_is_built():
    files = dict(APP, **{"Cargo.toml": TOML + '\n[features]\nextra = []\n\n[[bin]]\nname = "ops"\npath = "src/ops.rs"\n'
                                              'required-features = ["extra"]\n', "src/ops.rs": MAIN})
    assert built(df("cargo build --release"), files) == ["/app/target/release/web"]
    assert built(df("cargo build --release --features extra"), files) == ["/app/target/release/ops", "/app/target/release/web"]


def test_unknown_bin_name_is_an_unknown_effect():
    plan, _ = convert(df("cargo build --release --bin nope"), APP)
    assert not plan.changed and plan.code == "SS007"
    assert "cargo build --release --bin nope" in plan.reason


def test_examples_land_in_the_examples_folder():
    files = dict(APP, **{"examples/demo.rs": MAIN})
    assert built(df("cargo build --release --example demo"), files) == ["/app/target/release/examples/demo"]


WS = {"Cargo.toml": '[workspace]\nmembers = ["api", "tools/*"]\nexclude = ["tools/old"]\n', "Cargo.lock": LOCK,
      "api/Cargo.toml": '[package]\nname = "api"\nversion = "0.1.0"\n', "api/src/main.rs": MAIN,
      "tools/cli/Cargo.toml": '[package]\nname = "cli"\nversion = "0.1.0"\n', "tools/cli/src/main.rs": MAIN,
      "tools/old/Cargo.toml": '[package]\nname = "old"\nversion = "0.1.0"\n', "tools/old/src/main.rs": MAIN}


def test_virtual_workspace_builds_every_member_into_the_root_target():
    assert built(df("cargo build --release"), WS) == ["/app/target/release/api", "/app/target/release/cli"]
    assert built(df("cargo build --release -p cli"), WS) == ["/app/target/release/cli"]
    assert built(df("cargo build --release --workspace --exclude api"), WS) == ["/app/target/release/cli"]


def test_member_folder_builds_that_member_into_the_workspace_target():
    d = "FROM rust:1.75\nWORKDIR /app\nCOPY . .\nWORKDIR /app/api\nRUN cargo build --release\nCMD [\"/app/target/release/api\"]\n"
    assert built(d, WS) == ["/app/target/release/api"]
    plan, out = convert(d, WS)
    assert plan.changed, plan.reason
    assert "COPY --from=build /app/target/release/api /app/target/release/api" in out


def test_default_members_and_root_package():
    files = dict(WS, **{"Cargo.toml": '[workspace]\nmembers = ["api", "tools/cli"]\ndefault-members = ["tools/cli"]\n'})
    assert built(df("cargo build --release"), files) == ["/app/target/release/cli"]
    rooted = dict(WS, **{"Cargo.toml": TOML + '\n[workspace]\nmembers = ["api"]\n', "src/main.rs": MAIN})
    assert built(df("cargo build --release"), rooted) == ["/app/target/release/web"]


def test_manifest_path_and_target_folders():
    files = {"svc/Cargo.toml": TOML, "svc/Cargo.lock": LOCK, "svc/src/main.rs": MAIN}
    assert built(df("cargo build --release --manifest-path svc/Cargo.toml"), files) == ["/app/svc/target/release/web"]
    assert built(df("cargo build --release --target-dir /build"), APP) == ["/build/release/web"]
    assert built(df("CARGO_TARGET_DIR=/cache/t cargo build --release"), APP) == ["/cache/t/release/web"]
    config = dict(APP, **{".cargo/config.toml": '[build]\ntarget-dir = "out"\ntarget = "x86_64-unknown-linux-musl"\n'})
    assert built(df("cargo build --release"), config) == ["/app/out/x86_64-unknown-linux-musl/release/web"]


def test_unreadable_cargo_config_is_an_unknown_effect():
    d = df("echo '[build]' > .cargo/config.toml && cargo build --release").replace("COPY . .", "COPY . .\nRUN mkdir .cargo")
    plan, _ = convert(d, APP)
    assert not plan.changed and plan.code == "SS007"


def test_install_path_goes_to_cargo_home_bin():
    plan, out = convert(df("cargo install --path .", '["web"]'), APP)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /usr/local/cargo/bin/web /usr/local/cargo/bin/web" in rt
    assert "ENV PATH=/usr/local/cargo/bin:" in rt
    assert built(df("cargo install --path . --root /opt/app"), APP) == ["/opt/app/bin/web"]
    assert built(df("CARGO_INSTALL_ROOT=/srv cargo install --path ."), APP) == ["/srv/bin/web"]
    plain = "FROM debian:bookworm\nRUN apt-get install -y cargo\nWORKDIR /app\nCOPY . .\nRUN cargo install --path .\nCMD [\"web\"]\n"
    assert built(plain, APP) == ["/root/.cargo/bin/web"]


def test_install_from_a_registry_writes_an_unlisted_folder():
    plan, _ = convert(df("cargo install ripgrep", '["rg"]'), APP)
    assert not plan.changed
    assert "rg" in plan.reason


def test_copied_binary_is_the_program_and_the_built_one_stays_available():
    d = df("cargo build --release && cp target/release/web /usr/local/bin/", '["web"]')
    plan, out = convert(d, dict(APP, **{"static/app.css": "body{}"}))
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /usr/local/bin/web /usr/local/bin/web" in rt
    # the binary cargo left in the program's folder was in the image too, like bin-flag's migrate;
    # the rest of target/ (deps, build, .fingerprint) is intermediates, never carried
    assert "COPY --from=build /app/target/release/web /app/target/release/web" in rt
    assert "target/release/deps" not in rt and "COPY --from=build /app/target " not in rt
    assert "COPY --from=build /app/static /app/static" in rt
    moved = df("cargo build --release && mv target/release/web /usr/local/bin/web-app", '["web-app"]')
    assert "COPY --from=build /usr/local/bin/web-app /usr/local/bin/web-app" in convert(moved, APP)[1]


def test_dependency_caching_idiom():
    d = ("FROM rust:1.75\nWORKDIR /app\nCOPY Cargo.toml Cargo.lock ./\n"
         "RUN mkdir src && echo 'fn main() {}' > src/main.rs && cargo build --release\n"
         "RUN rm -rf src target/release/deps/web*\nCOPY src ./src\n"
         "RUN touch src/main.rs && cargo build --release && strip target/release/web\n"
         'CMD ["./target/release/web"]\n')
    plan, out = convert(d, dict(APP, **{"src/main.rs": 'fn main() { std::fs::read("/etc/web/conf.toml").ok(); }\n'}))
    assert plan.changed, plan.reason
    assert [a.line for a in plan.findings.artifacts] == [7]
    assert "COPY --from=build /app/target/release/web /app/target/release/web" in runtime_part(out)


def test_cargo_new_skeleton_then_real_sources():
    d = ("FROM rust:1.82\nRUN USER=root cargo new --bin web\nWORKDIR /web\nCOPY Cargo.toml Cargo.lock ./\n"
         "RUN cargo build --release && rm src/*.rs\nCOPY src ./src\nRUN rm ./target/release/deps/web*\n"
         'RUN cargo install --path .\nCMD ["web"]\n')
    plan, out = convert(d, APP)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /usr/local/cargo/bin/web /usr/local/cargo/bin/web" in rt
    assert "/web/target" not in rt


def test_intermediates_are_caches_never_carried():
    d = parse(df("cargo build --release"))
    effects, files, _ = analyse_stage(d.stages[0], in_memory(APP), {}, describe_build_image("rust:1.75").env)
    run = effects[-2]
    cached = {p for p, o in run.writes if o.package}
    assert {"/app/target/release/deps", "/app/target/release/build", "/app/target/release/.fingerprint",
            "/app/target/release/incremental", "/usr/local/cargo/registry", "/usr/local/cargo/git"} <= cached
    plan, out = convert(df("cargo build --release"), dict(APP, **{"build.rs": "fn main() {}\n", "tests/t.rs": MAIN,
                                                                  "README.md": "x"}))
    rt = runtime_part(out)
    assert "README.md" in rt and "build.rs" not in rt and "/app/tests" not in rt and "/app/src" not in rt


# -- linkage and base -------------------------------------------------------------------------

def test_glibc_binary_goes_to_distroless_cc():
    plan, out = convert(df("cargo build --release"), APP)
    assert "FROM gcr.io/distroless/cc-debian12" in out
    assert plan.findings.closure.libc == "glibc" and plan.findings.closure.shared_libs == ("gcc_s",)


def test_trixie_build_needs_trixie_slim():
    _, out = convert(df("cargo build --release", image="rust:1.90"), APP)
    assert "FROM debian:trixie-slim" in out


@pytest.mark.parametrize("ref,release", [("rust:1.63", "bullseye"), ("rust:1.50", "buster"), ("rust:1.75", "bookworm"),
                                         ("rust:1.88.0-slim", "bookworm"), ("rust:1.89", "trixie"), ("rust:1", "trixie"),
                                         ("rust:latest", "trixie"), ("rust:1.80-slim-bullseye", "bullseye")])
def test_rust_tags_keep_the_release_of_their_last_build(ref, release):
    assert describe_build_image(ref).release == release


def test_musl_target_is_static_and_goes_to_alpine():
    d = df("rustup target add x86_64-unknown-linux-musl && cargo build --release --target x86_64-unknown-linux-musl",
           '["/app/target/x86_64-unknown-linux-musl/release/web"]')
    plan, out = convert(d, APP)
    assert plan.changed, plan.reason
    assert "FROM alpine:3.22" in out and plan.findings.closure.libc == "static"
    _, out = convert(d, APP, runtime="scratch")
    assert "FROM scratch" in out


def test_rust_alpine_image_builds_static_but_alpines_own_cargo_links_musl():
    plan, out = convert(df("cargo build --release", image="rust:1.78-alpine"), APP)
    assert "FROM alpine:3.22" in out and plan.findings.closure.libc == "static"
    apk = "FROM alpine:3.20\nRUN apk add cargo\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/web\"]\n"
    plan, out = convert(apk, APP)
    assert plan.findings.closure.libc == "musl" and "gcc_s" in plan.findings.closure.shared_libs
    assert "apk add --no-cache libgcc" in runtime_part(out)


def test_crt_static_on_glibc_needs_no_libgcc():
    plan, _ = convert(df('RUSTFLAGS="-C target-feature=+crt-static" cargo build --release'), APP)
    assert plan.findings.closure.libc == "glibc" and plan.findings.closure.shared_libs == ()


def test_non_linux_target_is_refused():
    d = df("cargo build --release --target wasm32-unknown-unknown", '["./target/wasm32-unknown-unknown/release/web"]')
    plan, _ = convert(d, APP)
    assert not plan.changed and "not for Linux" in plan.reason


# -- -sys crates ------------------------------------------------------------------------------

def test_openssl_sys_maps_to_the_release_package():
    files = dict(APP, **{"Cargo.lock": locked("openssl-sys", "native-tls")})
    plan, out = convert(df("cargo build --release"), files)
    assert "FROM gcr.io/distroless/cc-debian12" in out          # it has libssl3
    assert set(plan.findings.closure.shared_libs) == {"crypto", "gcc_s", "ssl"}
    _, out = convert(df("cargo build --release", image="rust:1.90"), files)
    assert "apt-get install -y --no-install-recommends libssl3t64" in out
    assert "COPY --from=build /etc/ssl/certs/ca-certificates.crt" in out


def test_vendored_openssl_links_nothing():
    files = dict(APP, **{"Cargo.lock": locked("openssl-sys", "openssl-src"),
                         "Cargo.toml": TOML + '\n[dependencies]\nopenssl = { version = "0.10", features = ["vendored"] }\n'})
    plan, _ = convert(df("cargo build --release", image="rust:1.90"), files)
    assert plan.findings.closure.shared_libs == ("gcc_s",)


def test_sqlite_bundled_or_not():
    toml = TOML + '\n[dependencies]\nrusqlite = "0.31"\n'
    files = dict(APP, **{"Cargo.lock": locked("rusqlite", "libsqlite3-sys"), "Cargo.toml": toml})
    _, out = convert(df("cargo build --release"), files)
    assert "FROM debian:bookworm-slim" in out and "libsqlite3-0" in out
    bundled = dict(files, **{"Cargo.toml": TOML + '\n[dependencies]\nrusqlite = { version = "0.31", features = ["bundled"] }\n'})
    _, out = convert(df("cargo build --release"), bundled)
    assert "FROM gcr.io/distroless/cc-debian12" in out and "libsqlite3" not in out


def test_pq_sys_installs_libpq():
    files = dict(APP, **{"Cargo.lock": locked("diesel", "pq-sys"), "Cargo.toml": TOML + '\n[dependencies]\ndiesel = "2"\n'})
    _, out = convert(df("cargo build --release"), files)
    assert "apt-get install -y --no-install-recommends libpq5" in runtime_part(out)


def test_unknown_sys_crate_is_refused():
    files = dict(APP, **{"Cargo.lock": locked("frobnicate-sys")})
    plan, _ = convert(df("cargo build --release"), files)
    assert not plan.changed and plan.code == "SS010"
    assert "frobnicate-sys" in plan.reason


def test_registry_dependencies_without_a_lock_are_refused():
    files = {"Cargo.toml": TOML + '\n[dependencies]\nserde = "1"\n', "src/main.rs": MAIN}
    plan, _ = convert(df("cargo build --release"), files)
    assert not plan.changed and "no Cargo.lock" in plan.reason
    local = {"Cargo.toml": TOML + '\n[dependencies]\nutil = { path = "util" }\n', "src/main.rs": MAIN,
             "util/Cargo.toml": '[package]\nname = "util"\nversion = "0.1.0"\n', "util/src/lib.rs": ""}
    plan, _ = convert(df("cargo build --release"), local)
    assert plan.changed, plan.reason


def test_build_script_and_link_attribute_libraries():
    files = dict(APP, **{"build.rs": 'fn main() { println!("cargo:rustc-link-lib=z"); }\n',
                         "src/main.rs": '#[link(name = "sqlite3")]\nextern "C" {}\nfn main() {}\n'})
    plan, out = convert(df("cargo build --release"), files)
    assert {"z", "sqlite3"} <= set(plan.findings.closure.shared_libs)
    assert "libsqlite3-0" in out
    hidden = dict(APP, **{"build.rs": 'fn main() { let l = "z"; println!("cargo:rustc-link-lib={}", l); }\n'})
    plan, _ = convert(df("cargo build --release"), hidden)
    assert not plan.changed and "known only when it runs" in plan.reason


# -- what the program reads and runs ------------------------------------------------------------

def test_data_paths_and_commands_from_the_sources():
    src = ('use std::process::Command;\nconst PAGE: &str = include_str!("../assets/page.html");\n'
           'fn main() { std::fs::read_to_string("/etc/web/app.toml").ok(); Command::new("git").status().ok(); }\n')
    d = ("FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN mkdir -p /etc/web && cp conf/app.toml /etc/web/app.toml\n"
         "RUN apt-get update && apt-get install -y git\nRUN cargo build --release\nCMD [\"./target/release/web\"]\n")
    plan, out = convert(d, dict(APP, **{"src/main.rs": src, "conf/app.toml": "x = 1\n", "assets/page.html": "<p>"}))
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /etc/web/app.toml /etc/web/app.toml" in rt
    assert "apt-get install -y --no-install-recommends git" in rt and "FROM debian:bookworm-slim" in rt


# -- refusals and protocol ------------------------------------------------------------------------

@pytest.mark.parametrize("cmd", ['["cargo", "run", "--release"]', "cargo run", '["sh", "-c", "cargo run --bin web"]'])
def test_cargo_run_as_the_command_is_refused(cmd):
    plan, out = convert(df("cargo build --release", cmd), APP)
    assert not plan.changed and plan.code == "SS023"
    assert "needs the Rust toolchain" in plan.reason


def test_rust_builds_no_longer_get_the_no_rules_refusal():
    plan, _ = convert("FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN ./build.sh\nCMD [\"./app\"]\n",
                      {"build.sh": "#!/bin/sh\n", "app": ""})
    assert not plan.changed and "no rules for Rust" not in plan.reason


def test_cargo_run_in_a_build_step_is_an_unknown_effect():
    plan, _ = convert(df("cargo build --release && cargo run --bin seed"), APP)
    assert not plan.changed and plan.code == "SS007" and "cargo run --bin seed" in plan.reason


def test_feature_values_known_only_at_build_time_are_accepted():
    d = df('cargo build --release --features "$FEATURES" -j $(nproc)').replace("WORKDIR", "ARG FEATURES\nWORKDIR")
    plan, _ = convert(d, APP)
    assert plan.changed, plan.reason
    unknown_target = df("cargo build --release --target $(uname -m)-unknown-linux-musl")
    plan, _ = convert(unknown_target, APP)
    assert not plan.changed and plan.code == "SS007"


def test_buildkit_cache_mounts_cover_the_registry_not_the_target():
    _, out = convert(df("cargo build --release"), APP, buildkit=True)
    assert ("RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git "
            "cargo build --release") in out
    assert "target=/app/target" not in out
