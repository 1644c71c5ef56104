FROM rust:1.78 AS build
RUN apt-get update && apt-get install -y --no-install-recommends musl-tools \
    && rm -rf /var/lib/apt/lists/*
RUN rustup target add x86_64-unknown-linux-musl

WORKDIR /build
COPY . .
RUN cargo build --release --locked --target x86_64-unknown-linux-musl

ENTRYPOINT ["/build/target/x86_64-unknown-linux-musl/release/pinger"]

# stagesplit: runtime stage: only what /build/target/x86_64-unknown-linux-musl/release/pinger needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /build
# stagesplit: the program (cargo build --release --locked --target x86_64-unknown-linux-musl)
COPY --from=build /build/target/x86_64-unknown-linux-musl/release/pinger /build/target/x86_64-unknown-linux-musl/release/pinger
ENTRYPOINT ["/build/target/x86_64-unknown-linux-musl/release/pinger"]
