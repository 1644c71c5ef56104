# Stand-in for python:3.11 (the full, buildpack-deps based image): the
# python:3.11-slim stand-in plus a C toolchain and Python headers, so that
# `pip install` of packages with C extensions can compile like in the real one.
FROM python:3.11-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc g++ make libc6-dev python3-dev git \
 && rm -rf /var/lib/apt/lists/*
