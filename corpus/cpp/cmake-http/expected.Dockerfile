FROM gcc:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY src ./src
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release \
 && cmake --build build --config Release -j 2
EXPOSE 8080
CMD ["./build/greeter-server"]

# stagesplit: runtime stage: only what /src/build/greeter-server needs to run; build tools stay in "build"
FROM gcr.io/distroless/cc-debian12
WORKDIR /src
# stagesplit: the program (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build --config Release -j 2)
COPY --from=build /src/build/greeter-server /src/build/greeter-server
EXPOSE 8080
CMD ["./build/greeter-server"]
