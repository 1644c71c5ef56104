FROM golang:1.19 AS build

# cgo stays on: the program calls a C helper
ENV CGO_ENABLED=1 \
    REPORT_TITLE="cgo report"

WORKDIR /go/src/app
COPY . .
RUN go build -o /usr/local/bin/cgoinfo .

# shell form: the runtime needs /bin/sh as well as glibc
CMD echo "$REPORT_TITLE" && exec cgoinfo

# stagesplit: runtime stage: only what /usr/local/bin/cgoinfo needs to run; build tools stay in "build"
FROM debian:bookworm-slim
ENV CGO_ENABLED=1 \
    REPORT_TITLE="cgo report"
WORKDIR /go/src/app
# stagesplit: the program (go build -o /usr/local/bin/cgoinfo .)
COPY --from=build /usr/local/bin/cgoinfo /usr/local/bin/cgoinfo
CMD echo "$REPORT_TITLE" && exec cgoinfo
