FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev make && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/uptimed
COPY . .
RUN make && make install PREFIX=/opt/uptimed
CMD ["/opt/uptimed/bin/uptimed"]

# stagesplit: runtime stage: only what /opt/uptimed/bin/uptimed needs to run; build tools stay in "build"
FROM gcr.io/distroless/base-debian12
WORKDIR /usr/src/uptimed
# stagesplit: the program (cc -O2 -Wall -pthread -o uptimed uptimed.o)
COPY --from=build /opt/uptimed/bin/uptimed /opt/uptimed/bin/uptimed
# stagesplit: carried: uptimed is in the program's folder /usr/src/uptimed (made by the build)
COPY --from=build /usr/src/uptimed/uptimed /usr/src/uptimed/uptimed
CMD ["/opt/uptimed/bin/uptimed"]
