FROM gcc:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/crcsum
COPY . .
RUN make -j"$(nproc)"
CMD ["./crcsum"]

# stagesplit: runtime stage: only what /opt/crcsum/crcsum needs to run; build tools stay in "build"
FROM debian:bookworm-slim
WORKDIR /opt/crcsum
# stagesplit: the program (cc -o crcsum main.o checksum.o -lz)
COPY --from=build /opt/crcsum/crcsum /opt/crcsum/crcsum
# stagesplit: carried: data is in the program's folder /opt/crcsum (from the context)
COPY --from=build /opt/crcsum/data /opt/crcsum/data
CMD ["./crcsum"]
