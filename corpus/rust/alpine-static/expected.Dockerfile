FROM rust:1.78-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /usr/src/tinyhttp
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo install --path . --root /usr/local
EXPOSE 3000
USER nobody
CMD ["tinyhttp"]

# stagesplit: runtime stage: only what /usr/local/bin/tinyhttp needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /usr/src/tinyhttp
# stagesplit: the program (cargo install --path . --root /usr/local)
COPY --from=build /usr/local/bin/tinyhttp /usr/local/bin/tinyhttp
EXPOSE 3000
USER nobody
CMD ["tinyhttp"]
