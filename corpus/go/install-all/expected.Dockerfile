FROM golang:1.19-alpine AS build

WORKDIR /src/tools
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go get -d ./... && go install -v ./...

CMD ["shout", "hello", "from", "stagesplit"]

# stagesplit: runtime stage: only what /go/bin/shout needs to run; build tools stay in "build"
FROM alpine:3.22
# stagesplit: PATH as in the original image (its base set it)
ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /src/tools
# stagesplit: the program (go install -v ./...)
COPY --from=build /go/bin/shout /go/bin/shout
CMD ["shout", "hello", "from", "stagesplit"]
