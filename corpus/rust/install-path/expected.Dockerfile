FROM rust:1.63 AS build

WORKDIR /usr/src/greeter
COPY . .

RUN cargo install --locked --path .

EXPOSE 8080
CMD ["greeter-web"]

# stagesplit: runtime stage: only what /usr/local/cargo/bin/greeter-web needs to run; build tools stay in "build"
FROM gcr.io/distroless/cc-debian12
# stagesplit: PATH as in the original image (its base set it)
ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /usr/src/greeter
# stagesplit: the program (cargo install --locked --path .)
COPY --from=build /usr/local/cargo/bin/greeter-web /usr/local/cargo/bin/greeter-web
# stagesplit: carried: static is in the program's folder /usr/src/greeter (from the context)
COPY --from=build /usr/src/greeter/static /usr/src/greeter/static
EXPOSE 8080
CMD ["greeter-web"]
