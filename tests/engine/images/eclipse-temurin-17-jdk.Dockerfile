# Stand-in for eclipse-temurin:17-jdk: the 17-jre stand-in plus the headless
# JDK (javac, jar, jlink). Built on the JRE stand-in to share its layers.
FROM eclipse-temurin:17-jre
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
 && rm -rf /var/lib/apt/lists/*
