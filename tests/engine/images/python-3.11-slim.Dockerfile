# Stand-in for python:3.11-slim: Debian bookworm's Python 3.11 + pip + venv.
# The real image has its own build in /usr/local; here `python`/`pip` in
# /usr/local/bin point at Debian's, pip may install system-wide
# (PIP_BREAK_SYSTEM_PACKAGES) and /usr/local/lib/python3.11/site-packages is
# the real directory pip installs into (Debian's dist-packages links to it),
# so multi-stage `COPY --from=... /usr/local/lib/python3.11/site-packages`
# works as with the real image.
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s /usr/bin/python3 /usr/local/bin/python \
 && ln -s /usr/bin/python3 /usr/local/bin/python3 \
 && ln -s /usr/bin/python3.11 /usr/local/bin/python3.11 \
 && ln -s /usr/bin/pip3 /usr/local/bin/pip \
 && ln -s /usr/bin/pip3 /usr/local/bin/pip3 \
 && mkdir -p /usr/local/lib/python3.11/site-packages \
 && rm -rf /usr/local/lib/python3.11/dist-packages \
 && ln -s site-packages /usr/local/lib/python3.11/dist-packages
ENV LANG=C.UTF-8 \
    PIP_BREAK_SYSTEM_PACKAGES=1 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
