# Stand-in for node:18 (the full image, built on buildpack-deps:bookworm): the
# node:18-slim stand-in plus what buildpack-deps brings that matters to a
# conversion: a C/C++ toolchain and python3 (node-gyp builds native modules
# with them), git, curl and wget. The real image also carries many -dev
# libraries (libpq, libxml2, imagemagick ...), so it is larger (~1 GB).
FROM node:18-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ gcc make libc6-dev python3 git curl wget \
 && rm -rf /var/lib/apt/lists/*
