FROM rust:1.75-slim-bookworm AS build
WORKDIR /srv/shop
COPY . .
RUN cargo build --release --bin shop-web --bin migrate
CMD ["/srv/shop/target/release/shop-web"]

# stagesplit: runtime stage: only what /srv/shop/target/release/shop-web needs to run; build tools stay in "build"
FROM gcr.io/distroless/cc-debian12
WORKDIR /srv/shop
# stagesplit: the program (cargo build --release --bin shop-web --bin migrate)
COPY --from=build /srv/shop/target/release/shop-web /srv/shop/target/release/shop-web
# stagesplit: carried: target/release/migrate is in the program's folder /srv/shop (made by the build)
COPY --from=build /srv/shop/target/release/migrate /srv/shop/target/release/migrate
# stagesplit: carried: templates is in the program's folder /srv/shop (from the context)
COPY --from=build /srv/shop/templates /srv/shop/templates
CMD ["/srv/shop/target/release/shop-web"]
