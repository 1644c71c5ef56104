# Stand-in for node:18-slim: Debian bookworm's Node.js 18 + npm 9. The real
# image keeps node in /usr/local/bin; a symlink there points at Debian's. Like
# the real image it has a `node` user (uid/gid 1000, home /home/node).
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s /usr/bin/node /usr/local/bin/node \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
CMD ["node"]
