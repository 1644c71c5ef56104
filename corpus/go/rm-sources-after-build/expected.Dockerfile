FROM golang:1.19-alpine AS build
WORKDIR /src
COPY . .
# the sources go as soon as the program is built
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/report ./cmd/report && rm -rf /src
WORKDIR /
CMD ["report"]

# stagesplit: runtime stage: only what /usr/local/bin/report needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /src
WORKDIR /
# stagesplit: the program (go build -o /usr/local/bin/report ./cmd/report)
COPY --from=build /usr/local/bin/report /usr/local/bin/report
CMD ["report"]
