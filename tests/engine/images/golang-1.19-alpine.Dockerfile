# Stand-in for golang:1.19-alpine. Debian bookworm ships Go 1.19 (golang-go),
# laid out like the real image (GOROOT reachable as /usr/local/go, GOPATH=/go).
# Like the real -alpine image it has no C compiler (cgo packages cannot build;
# CGO_ENABLED=0 is what works).
# Unlike it, the OS and Go's prebuilt std are glibc-based (no musl Alpine
# here). With cgo left on (the default), Go 1.19 still links net/os/user
# internally without gcc and the binary is dynamic. The real image's linker
# then names musl's loader (its Go was built with GO_LDSO=/lib/ld-musl-...),
# so that binary runs in alpine but not in scratch, distroless or debian. To
# keep that behaviour, `link` is wrapped to default to `-I <musl loader>`
# (a user's -ldflags=-I still wins; CGO_ENABLED=0 output stays static), and
# musl is installed so such binaries also run here (go run). (The real
# linker is kept as .../go-link-glibc/link: go parses its name from -V output.)
# The real image's userland is busybox, so its `wget` is busybox wget (what a
# HEALTHCHECK there calls); Debian's busybox provides the same applet here.
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends golang-go ca-certificates musl busybox \
 && rm -rf /var/lib/apt/lists/* \
 && T=/usr/lib/go-1.19/pkg/tool/linux_amd64 && R=/usr/local/lib/go-link-glibc \
 && mkdir $R && mv $T/link $R/link \
 && printf '#!/bin/sh\nexec %s/link -I /lib/ld-musl-x86_64.so.1 "$@"\n' $R > $T/link && chmod 755 $T/link \
 && ln -s /usr/lib/go-1.19 /usr/local/go && ln -s /bin/busybox /usr/local/bin/wget \
 && mkdir -p /go/src /go/bin && chmod -R 1777 /go
# No module proxy is reachable: fail fast on a dependency instead of hanging.
ENV GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:$PATH \
    GOPROXY=off \
    GOTOOLCHAIN=local \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
WORKDIR /go
