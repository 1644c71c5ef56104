FROM golang:1.19-alpine AS build
WORKDIR /src
COPY . .
RUN mkdir -p /etc/app \
    && find conf -name '*.conf' -exec cp {} /etc/app/ \;
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/confdump .
CMD ["confdump"]

# stagesplit: runtime stage: only what /usr/local/bin/confdump needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /src
# stagesplit: the program (go build -o /usr/local/bin/confdump .)
COPY --from=build /usr/local/bin/confdump /usr/local/bin/confdump
# stagesplit: named in the sources: '/etc/app/server.conf' in main.go:12
COPY --from=build /etc/app/server.conf /etc/app/server.conf
# stagesplit: named in the sources: '/etc/app/log.conf' in main.go:12
COPY --from=build /etc/app/log.conf /etc/app/log.conf
# stagesplit: carried: conf is in the program's folder /src (from the context)
COPY --from=build /src/conf /src/conf
CMD ["confdump"]
