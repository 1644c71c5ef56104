FROM golang:1.19-alpine AS build

WORKDIR /usr/src/pinger
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/pinger ./

EXPOSE 8080

HEALTHCHECK --interval=5s --timeout=3s --retries=3 \
  CMD wget -qO- http://localhost:8080/healthz || exit 1

CMD ["pinger"]

# stagesplit: runtime stage: only what /usr/local/bin/pinger needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /usr/src/pinger
# stagesplit: the program (go build -o /usr/local/bin/pinger ./)
COPY --from=build /usr/local/bin/pinger /usr/local/bin/pinger
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --retries=3 \
  CMD wget -qO- http://localhost:8080/healthz || exit 1
CMD ["pinger"]
