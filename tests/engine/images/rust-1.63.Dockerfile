# Stand-in for rust:1.63 / rust:1-bookworm: Debian bookworm's rustc 1.63 and
# cargo (they pull in gcc, the linker rustc needs). No rustup. CARGO_HOME and
# PATH as in the real image, so `cargo install` lands in /usr/local/cargo/bin.
# No crate registry is reachable: only crates without dependencies build.
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends rustc cargo libc6-dev ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /usr/local/cargo/bin && chmod -R a+w /usr/local/cargo
ENV CARGO_HOME=/usr/local/cargo \
    PATH=/usr/local/cargo/bin:$PATH \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
