# Stand-in for golang:1.19 / golang:1.19-bookworm: the golang:1.19-alpine
# stand-in plus gcc, libc6-dev and git, as the real Debian-based image has
# them (so cgo works and binaries link to glibc).
FROM golang:1.19-alpine
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev git \
 && rm -rf /var/lib/apt/lists/*
