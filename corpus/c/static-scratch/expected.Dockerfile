FROM gcc:13 AS build
WORKDIR /build
COPY hello.c .
RUN gcc -O2 -static -o hello hello.c && strip hello
ENTRYPOINT ["/build/hello"]

# stagesplit: runtime stage: only what /build/hello needs to run; build tools stay in "build"
FROM scratch
WORKDIR /build
# stagesplit: the program (gcc -O2 -static -o hello hello.c)
COPY --from=build /build/hello /build/hello
ENTRYPOINT ["/build/hello"]
