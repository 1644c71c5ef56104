FROM rust:1.80-bookworm AS build

RUN apt-get update && apt-get install -y libpq-dev && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN cargo build --release

EXPOSE 8000
CMD ["./target/release/blog-api"]

# stagesplit: runtime stage: only what /app/target/release/blog-api needs to run; build tools stay in "build"
FROM debian:bookworm-slim
# stagesplit: needed at run time, missing from debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# stagesplit: the program (cargo build --release)
COPY --from=build /app/target/release/blog-api /app/target/release/blog-api
# stagesplit: carried: config is in the program's folder /app (from the context)
COPY --from=build /app/config /app/config
# stagesplit: carried: migrations is in the program's folder /app (from the context)
COPY --from=build /app/migrations /app/migrations
EXPOSE 8000
CMD ["./target/release/blog-api"]
