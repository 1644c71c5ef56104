FROM golang:1.19-alpine AS build

ARG OUT_DIR=/opt/app/bin
ENV BIN=${OUT_DIR}/svc \
    CGO_ENABLED=0

WORKDIR /src
COPY go.mod ./
COPY cmd ./cmd

RUN mkdir -p ${OUT_DIR} \
 && go build -ldflags="-s -w" -o ${BIN} ./cmd/svc

CMD ["/opt/app/bin/svc"]

# stagesplit: runtime stage: only what /opt/app/bin/svc needs to run; build tools stay in "build"
FROM alpine:3.22
ARG OUT_DIR=/opt/app/bin
ENV BIN=${OUT_DIR}/svc \
    CGO_ENABLED=0
WORKDIR /src
# stagesplit: the program (go build '-ldflags=-s -w' -o /opt/app/bin/svc ./cmd/svc)
COPY --from=build /opt/app/bin/svc /opt/app/bin/svc
CMD ["/opt/app/bin/svc"]
