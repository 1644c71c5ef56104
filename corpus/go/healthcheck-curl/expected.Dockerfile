FROM golang:1.19-bookworm AS build

LABEL org.opencontainers.image.source="https://git.example.com/team/status" \
      org.opencontainers.image.licenses="MIT"

WORKDIR /go/src/status
COPY go.mod .
RUN go mod download
COPY main.go .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /go/bin/status .

EXPOSE 8080
HEALTHCHECK --interval=10s --start-period=2s CMD curl -fsS http://localhost:8080/healthz || exit 1

ENTRYPOINT ["/go/bin/status"]

# stagesplit: runtime stage: only what /go/bin/status needs to run; build tools stay in "build"
FROM alpine:3.22
# stagesplit: needed at run time, missing from alpine:3.22
RUN apk add --no-cache curl
LABEL org.opencontainers.image.source="https://git.example.com/team/status" \
      org.opencontainers.image.licenses="MIT"
WORKDIR /go/src/status
# stagesplit: the program (go build -o /go/bin/status .)
COPY --from=build /go/bin/status /go/bin/status
EXPOSE 8080
HEALTHCHECK --interval=10s --start-period=2s CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/go/bin/status"]
