# Stand-in for alpine:3.22, built offline from Debian packages (no registry here).
# Tiny like the real one (a few MB): static busybox (ash, wget, ...) with one
# symlink per applet, musl's loader/libc at Alpine's path, host CA bundle.
# Differences from real Alpine: no apk; busybox is Debian's (its applet set
# lacks adduser/addgroup, so small sh versions of those are added, and its
# wget does plain http fine but fails the TLS handshake with the package
# proxy on https); it has no glibc, so like real Alpine it runs static and
# musl binaries only.
FROM debian:bookworm-slim AS builder
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox-static musl \
 && rm -rf /var/lib/apt/lists/*
COPY ca-certificates.crt alpine-adduser.sh /tmp/ctx/
RUN set -e; R=/rootfs; \
    mkdir -p $R/bin $R/sbin $R/usr/bin $R/usr/sbin $R/usr/local/bin $R/lib \
             $R/etc/ssl/certs $R/root $R/home $R/var/tmp $R/run $R/tmp; \
    chmod 1777 $R/tmp $R/var/tmp; chmod 700 $R/root; \
    cp /bin/busybox $R/bin/busybox; \
    # one symlink per applet, at the path busybox itself names (bin/sh, usr/bin/wget, ...)
    for a in $(/bin/busybox --list-full); do [ -e "$R/$a" ] || ln -s /bin/busybox "$R/$a"; done; \
    # musl: Alpine keeps the real file at /lib/ld-musl-x86_64.so.1
    cp /lib/x86_64-linux-musl/libc.so $R/lib/ld-musl-x86_64.so.1; \
    ln -s ld-musl-x86_64.so.1 $R/lib/libc.musl-x86_64.so.1; \
    cp /tmp/ctx/ca-certificates.crt $R/etc/ssl/certs/ca-certificates.crt; \
    ln -s certs/ca-certificates.crt $R/etc/ssl/cert.pem; \
    install -m 755 /tmp/ctx/alpine-adduser.sh $R/usr/sbin/adduser; \
    ln -s adduser $R/usr/sbin/addgroup; \
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' > $R/etc/passwd; \
    printf 'root:x:0:root\nnogroup:x:65533:\nnobody:x:65534:\n' > $R/etc/group; \
    printf 'root:*::0:::::\nnobody:!::0:::::\n' > $R/etc/shadow; chmod 640 $R/etc/shadow; \
    printf '/bin/sh\n/bin/ash\n' > $R/etc/shells; \
    printf 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.0\nPRETTY_NAME="Alpine Linux v3.22 (stagesplit stand-in)"\n' > $R/etc/os-release

FROM scratch
COPY --from=builder /rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
CMD ["/bin/sh"]
