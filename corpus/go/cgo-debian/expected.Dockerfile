FROM golang:1.19 AS build

# cgo on purpose: the binary links against glibc dynamically
ENV CGO_ENABLED=1

WORKDIR /go/src/app
COPY . .
RUN go mod download \
    && go build -o /usr/local/bin/cgoinfo .

CMD ["cgoinfo"]

# stagesplit: runtime stage: only what /usr/local/bin/cgoinfo needs to run; build tools stay in "build"
FROM gcr.io/distroless/base-debian12
ENV CGO_ENABLED=1
WORKDIR /go/src/app
# stagesplit: the program (go build -o /usr/local/bin/cgoinfo .)
COPY --from=build /usr/local/bin/cgoinfo /usr/local/bin/cgoinfo
CMD ["cgoinfo"]
