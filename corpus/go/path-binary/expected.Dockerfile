FROM golang:1.19-alpine AS build

LABEL maintainer="platform-team@example.com" \
      org.opencontainers.image.title="greeter"

WORKDIR /src

# go.mod first so the (empty) dependency download is cached
COPY go.mod ./
RUN go mod download

COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/greeter .

# called by name, found through PATH
CMD ["greeter"]

# stagesplit: runtime stage: only what /usr/local/bin/greeter needs to run; build tools stay in "build"
FROM alpine:3.22
LABEL maintainer="platform-team@example.com" \
      org.opencontainers.image.title="greeter"
WORKDIR /src
# stagesplit: the program (go build -o /usr/local/bin/greeter .)
COPY --from=build /usr/local/bin/greeter /usr/local/bin/greeter
CMD ["greeter"]
