# Stand-in for gcr.io/distroless/cc-debian12: distroless base + the C/C++
# runtime (libgcc-s1, libstdc++6) from Debian bookworm packages. No shell.
FROM debian:bookworm-slim AS builder
ARG DEBIAN_FRONTEND=noninteractive
RUN mkdir -p /debs /rootfs && cd /debs && chmod 777 . \
 && apt-get update && apt-get download libgcc-s1 libstdc++6 \
 && for d in *.deb; do dpkg-deb -x "$d" /rootfs; done \
 && rm -rf /rootfs/usr/share /var/lib/apt/lists/* /debs

FROM gcr.io/distroless/base-debian12
COPY --from=builder /rootfs/ /
