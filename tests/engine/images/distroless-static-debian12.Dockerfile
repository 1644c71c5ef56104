# Stand-in for gcr.io/distroless/static-debian12, built offline from Debian
# bookworm packages: CA bundle (the host's, which trusts the package proxy),
# tzdata, netbase (/etc/services, /etc/protocols), passwd/group with root,
# nonroot (65532) and nobody, /tmp. No shell, no libc: static binaries only.
FROM debian:bookworm-slim AS builder
ARG DEBIAN_FRONTEND=noninteractive
# apt-get download + dpkg-deb -x unpacks package files without running any
# maintainer script, which is how distroless assembles its images too.
RUN mkdir -p /debs /rootfs && cd /debs && chmod 777 . \
 && apt-get update && apt-get download tzdata netbase \
 && for d in *.deb; do dpkg-deb -x "$d" /rootfs; done \
 && rm -rf /rootfs/usr/share/doc /rootfs/usr/share/man /rootfs/usr/share/lintian \
           /rootfs/usr/share/debconf /rootfs/usr/sbin /var/lib/apt/lists/* /debs
COPY ca-certificates.crt /rootfs/etc/ssl/certs/ca-certificates.crt
RUN set -e; R=/rootfs; cd $R; \
    mkdir -p tmp root home/nonroot var/lib/dpkg etc; chmod 1777 tmp; chmod 700 root; \
    chown 65532:65532 home/nonroot; \
    printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > etc/passwd; \
    printf 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n' > etc/group; \
    printf 'hosts: files dns\n' > etc/nsswitch.conf; \
    printf 'PRETTY_NAME="Distroless (stagesplit stand-in)"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' > etc/os-release

FROM scratch
COPY --from=builder /rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
