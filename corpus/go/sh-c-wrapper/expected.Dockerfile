FROM golang:1.19-alpine AS build
WORKDIR /src
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN sh -c 'cd cmd/hello && go build -o /usr/local/bin/hello .'
CMD ["hello"]

# stagesplit: runtime stage: only what /usr/local/bin/hello needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /src
# stagesplit: the program (go build -o /usr/local/bin/hello .)
COPY --from=build /usr/local/bin/hello /usr/local/bin/hello
CMD ["hello"]
