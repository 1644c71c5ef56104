"""Two review findings on real Dockerfiles: a program whose folder is `/` keeps the files the
file put there, and a program linking a library whose soname changed between releases never
lands on a base of the other release."""

from __future__ import annotations

from .conftest import convert, runtime_part

CARGO = '[package]\nname = "my_app"\nversion = "0.1.0"\n'
LOCK = 'version = 3\n\n[[package]]\nname = "my_app"\nversion = "0.1.0"\n'
OPENSSL_LOCK = (LOCK.replace('version = "0.1.0"\n', 'version = "0.1.0"\ndependencies = ["openssl-sys"]\n')
                + '\n[[package]]\nname = "openssl-sys"\nversion = "0.9.90"\n'
                'source = "registry+https://github.com/rust-lang/crates.io-index"\n')


def test_files_copied_to_the_root_stay_with_a_program_built_there():
    files = {"Cargo.toml": CARGO, "Cargo.lock": LOCK, "src/main.rs": "fn main() {}\n",
             "Rocket.toml": "[default]\n", "static/index.html": "hi\n", ".git/HEAD": "ref\n"}
    plan, out = convert("FROM rust:1.75-bookworm\nCOPY . .\nRUN cargo build --release\nCMD ./target/release/my_app\n", files)
    assert plan.changed, plan.reason
    rt = runtime_part(out)
    assert "COPY --from=build /Rocket.toml /Rocket.toml" in rt       # read by convention, named nowhere
    assert "/static/index.html" in rt
    assert "/src" not in rt and "/Cargo.toml" not in rt and "/.git" not in rt   # build inputs, repository files
    # the base image's own folders are never swept along
    assert "COPY --from=build /etc " not in rt and "COPY --from=build /usr " not in rt


def test_a_library_whose_soname_changed_keeps_the_build_release():
    files = {"Cargo.toml": CARGO, "Cargo.lock": OPENSSL_LOCK, "src/main.rs": "fn main() {}\n"}
    df = "FROM {}\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nENTRYPOINT [\"./target/release/my_app\"]\n"
    # rust:1.56 is bullseye: libssl.so.1.1, which distroless (bookworm, libssl.so.3) does not have
    plan, out = convert(df.format("rust:1.56.0"), files)
    rt = runtime_part(out)
    assert rt.startswith("FROM debian:bullseye-slim\n") and "libssl1.1" in rt
    plan, out = convert(df.format("rust:1.56.0"), files, runtime="distroless")
    assert not plan.changed and plan.code == "SS018"
    # built on bookworm, the same library: distroless cc fits
    plan, out = convert(df.format("rust:1.75-bookworm"), files)
    assert runtime_part(out).startswith("FROM gcr.io/distroless/cc-debian12\n")
