# Stand-in for golang:1.19-alpine. Debian bookworm ships Go 1.19 (golang-go),
# laid out like the real image (GOROOT reachable as /usr/local/go, GOPATH=/go).
# Like the real -alpine image it has no C compiler (cgo packages cannot build;
# CGO_ENABLED=0 is what works). Unlike it, this one is glibc-based, not musl:
# a binary built here with cgo left on links to glibc, runs in debian and
# distroless/base but not in the alpine:3.18 stand-in (the real pair is musl).
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends golang-go ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s /usr/lib/go-1.19 /usr/local/go \
 && mkdir -p /go/src /go/bin && chmod -R 1777 /go
# No module proxy is reachable: fail fast on a dependency instead of hanging.
ENV GOPATH=/go \
    PATH=/go/bin:/usr/local/go/bin:$PATH \
    GOPROXY=off \
    GOTOOLCHAIN=local \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
WORKDIR /go
