FROM rust:1.63 AS build

WORKDIR /workspace
COPY . .
RUN cargo build --release --locked -p server

EXPOSE 8080
ENTRYPOINT ["/workspace/target/release/quote-server"]
CMD ["--config", "/workspace/config/server.conf"]

# stagesplit: runtime stage: only what /workspace/target/release/quote-server needs to run; build tools stay in "build"
FROM gcr.io/distroless/cc-debian12
WORKDIR /workspace
# stagesplit: the program (cargo build --release --locked -p server)
COPY --from=build /workspace/target/release/quote-server /workspace/target/release/quote-server
# stagesplit: carried: config is in the program's folder /workspace (from the context)
COPY --from=build /workspace/config /workspace/config
EXPOSE 8080
ENTRYPOINT ["/workspace/target/release/quote-server"]
CMD ["--config", "/workspace/config/server.conf"]
