FROM golang:1.19-alpine AS build

# tools of our own come first
ENV PATH=/opt/tools:$PATH

WORKDIR /src/stamp
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go install .

CMD ["stamp", "--daily"]

# stagesplit: runtime stage: only what /go/bin/stamp needs to run; build tools stay in "build"
FROM alpine:3.22
# stagesplit: PATH as in the original image (its base set it)
ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV PATH=/opt/tools:$PATH
WORKDIR /src/stamp
# stagesplit: the program (go install .)
COPY --from=build /go/bin/stamp /go/bin/stamp
CMD ["stamp", "--daily"]
