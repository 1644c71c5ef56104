# Stand-in for python:3.11-slim: Debian bookworm's Python 3.11 + pip + venv.
# The real image has its own build in /usr/local; here `python`/`pip` in
# /usr/local/bin point at Debian's, pip may install system-wide
# (PIP_BREAK_SYSTEM_PACKAGES), and pip uses the real image's install layout
# (see python-sitecustomize.py): /usr/local/lib/python3.11/site-packages,
# `--prefix=X` -> X/lib/python3.11/site-packages. Debian's sys.path entry
# /usr/local/lib/python3.11/dist-packages links to that site-packages, so
# multi-stage copies of /usr/local or of site-packages work as in the real one.
FROM debian:bookworm-slim
COPY python-sitecustomize.py /tmp/
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
 && ln -s site-packages /usr/local/lib/python3.11/dist-packages \
 && cat /tmp/python-sitecustomize.py >> /etc/python3.11/sitecustomize.py \
 && rm /tmp/python-sitecustomize.py
ENV LANG=C.UTF-8 \
    PIP_BREAK_SYSTEM_PACKAGES=1 \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
