FROM golang:1.19-alpine AS build

WORKDIR /build
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN echo "building version $(cat VERSION)" \
 && go build -ldflags "-s -w -X main.version=$(cat VERSION) -X main.build=${BUILD_ID}" -o /usr/local/bin/svc .

CMD ["svc"]

# stagesplit: runtime stage: only what /usr/local/bin/svc needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /build
# stagesplit: the program (go build -ldflags '-s -w -X main.version=$(cat VERSION) -X main.build=${BUILD_ID}' -o /usr/local/bin/svc .)
COPY --from=build /usr/local/bin/svc /usr/local/bin/svc
# stagesplit: carried: VERSION is in the program's folder /build (from the context)
COPY --from=build /build/VERSION /build/VERSION
CMD ["svc"]
