FROM golang:1.19 AS build

RUN apt-get update \
 && apt-get install -y --no-install-recommends jq \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/pretty .

ENTRYPOINT ["/usr/local/bin/pretty"]
CMD ["{\"b\":2,\"a\":1}"]

# stagesplit: runtime stage: only what /usr/local/bin/pretty needs to run; build tools stay in "build"
FROM debian:bookworm-slim
# stagesplit: needed at run time, missing from debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# stagesplit: the program (go build -o /usr/local/bin/pretty .)
COPY --from=build /usr/local/bin/pretty /usr/local/bin/pretty
ENTRYPOINT ["/usr/local/bin/pretty"]
CMD ["{\"b\":2,\"a\":1}"]
