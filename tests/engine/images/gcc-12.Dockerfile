# Stand-in for gcc:12: Debian bookworm's GCC 12 toolchain (build-essential).
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential ca-certificates \
 && rm -rf /var/lib/apt/lists/*
CMD ["bash"]
