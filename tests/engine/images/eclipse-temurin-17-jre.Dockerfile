# Stand-in for eclipse-temurin:17-jre: Debian bookworm's OpenJDK 17 JRE
# (headless), reachable as JAVA_HOME=/opt/java/openjdk like the real image
# (which is Ubuntu-based Temurin; this one is Debian + OpenJDK).
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
# slim excludes man pages; openjdk's update-alternatives needs the directory.
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    LANG=C.UTF-8
