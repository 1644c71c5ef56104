# Stand-in for gcr.io/distroless/base-debian12: distroless static + glibc
# (libc6) + libssl3, unpacked from Debian bookworm packages. No shell.
FROM debian:bookworm-slim AS builder
ARG DEBIAN_FRONTEND=noninteractive
RUN mkdir -p /debs /rootfs && cd /debs && chmod 777 . \
 && apt-get update && apt-get download libc6 libssl3 \
 && for d in *.deb; do dpkg-deb -x "$d" /rootfs; done \
 && rm -rf /rootfs/usr/share/doc /rootfs/usr/share/man /rootfs/usr/share/lintian \
           /rootfs/usr/share/locale /rootfs/usr/bin /rootfs/sbin /var/lib/apt/lists/* /debs

FROM gcr.io/distroless/static-debian12
COPY --from=builder /rootfs/ /
