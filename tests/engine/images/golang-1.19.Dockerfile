# Stand-in for golang:1.19 / golang:1.19-bookworm: the golang:1.19-alpine
# stand-in plus gcc, libc6-dev and git, as the real Debian-based image has
# them (so cgo works and binaries link to glibc). Undoes the -alpine
# stand-in's musl-loader wrapper around Go's linker and drops musl.
FROM golang:1.19-alpine
ARG DEBIAN_FRONTEND=noninteractive
RUN mv /usr/local/lib/go-link-glibc/link /usr/lib/go-1.19/pkg/tool/linux_amd64/link \
 && rmdir /usr/local/lib/go-link-glibc \
 && apt-get update \
 && apt-get purge -y musl \
 && apt-get install -y --no-install-recommends gcc libc6-dev git \
 && rm -rf /var/lib/apt/lists/*
