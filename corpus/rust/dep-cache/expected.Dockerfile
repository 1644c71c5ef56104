FROM rust:1.63 AS build
WORKDIR /usr/src/wordcount

# build the dependencies first, with a placeholder main, so that this layer is cached
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo "fn main() {}" > src/main.rs && cargo build --release --locked
RUN rm -f target/release/deps/wordcount*

COPY src ./src
RUN touch src/main.rs && cargo build --release --locked \
    && cp target/release/wordcount /usr/local/bin/

COPY data/sample.txt /usr/share/wordcount/sample.txt
ENTRYPOINT ["wordcount"]

# stagesplit: runtime stage: only what /usr/local/bin/wordcount needs to run; build tools stay in "build"
FROM gcr.io/distroless/cc-debian12
WORKDIR /usr/src/wordcount
# stagesplit: the program (cargo build --release --locked)
COPY --from=build /usr/local/bin/wordcount /usr/local/bin/wordcount
# stagesplit: named in the sources: '/usr/share/wordcount/sample.txt' in src/main.rs:8
COPY --from=build /usr/share/wordcount/sample.txt /usr/share/wordcount/sample.txt
# stagesplit: carried: target/release/wordcount is in the program's folder /usr/src/wordcount (made by the build)
COPY --from=build /usr/src/wordcount/target/release/wordcount /usr/src/wordcount/target/release/wordcount
ENTRYPOINT ["wordcount"]
