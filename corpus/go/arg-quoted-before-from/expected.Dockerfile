# Versions pinned in quotes, as many files write them: the engine reads each ARG default as a
# shell word, so the image is golang:1.19-alpine and the version stamped in is 1.4.2.
ARG GO_VERSION="1.19"
FROM golang:${GO_VERSION}-alpine AS build

ARG APP_VERSION="1.4.2"
ARG GIT_COMMIT='unknown'

WORKDIR /build
COPY go.mod main.go ./

# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -ldflags "-X main.version=${APP_VERSION} -X main.commit=${GIT_COMMIT}" -o versioner .

ENTRYPOINT ["/build/versioner"]

# stagesplit: runtime stage: only what /build/versioner needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /build
# stagesplit: the program (go build -ldflags '-X main.version=1.4.2 -X main.commit=unknown' -o versioner .)
COPY --from=build /build/versioner /build/versioner
ENTRYPOINT ["/build/versioner"]
