FROM golang:1.19-alpine AS build
WORKDIR /src
COPY . .
# the config is put in place through env: what env runs is what it writes
RUN mkdir -p /etc/greeter && env APP_ENV=production cp config/app.json /etc/greeter/app.json
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/greeter .
CMD ["greeter"]

# stagesplit: runtime stage: only what /usr/local/bin/greeter needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /src
# stagesplit: the program (go build -o /usr/local/bin/greeter .)
COPY --from=build /usr/local/bin/greeter /usr/local/bin/greeter
# stagesplit: named in the sources: '/etc/greeter/app.json' in main.go:13
COPY --from=build /etc/greeter/app.json /etc/greeter/app.json
# stagesplit: carried: config is in the program's folder /src (from the context)
COPY --from=build /src/config /src/config
CMD ["greeter"]
