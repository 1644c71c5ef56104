FROM golang:1.19 AS build
RUN apt-get update && apt-get install -y --no-install-recommends make && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN make build
CMD ["./bin/app"]

# stagesplit: runtime stage: only what /app/bin/app needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /app
# stagesplit: the program (go build -ldflags '-s -w -X main.mode=release' -o bin/app .)
COPY --from=build /app/bin/app /app/bin/app
CMD ["./bin/app"]
