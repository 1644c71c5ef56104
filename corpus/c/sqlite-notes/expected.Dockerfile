FROM gcc:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/notes
COPY notes.c .
RUN gcc -O2 -Wall -o /usr/local/bin/notes notes.c -lsqlite3
ENTRYPOINT ["notes"]

# stagesplit: runtime stage: only what /usr/local/bin/notes needs to run; build tools stay in "build"
FROM debian:bookworm-slim
# stagesplit: needed at run time, missing from debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-0 && rm -rf /var/lib/apt/lists/*
WORKDIR /usr/src/notes
# stagesplit: the program (gcc -O2 -Wall -o /usr/local/bin/notes notes.c -lsqlite3)
COPY --from=build /usr/local/bin/notes /usr/local/bin/notes
ENTRYPOINT ["notes"]
