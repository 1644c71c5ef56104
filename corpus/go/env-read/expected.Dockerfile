FROM golang:1.19-alpine AS build
LABEL description="Greets visitors according to its environment"

ENV GREETING="Good morning" \
    APP_MODE=production
ENV LISTEN_ADDR=:8080

WORKDIR /go/src/envapp
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -v -o /go/bin/envapp

EXPOSE 8080
CMD ["/go/bin/envapp"]

# stagesplit: runtime stage: only what /go/bin/envapp needs to run; build tools stay in "build"
FROM alpine:3.22
LABEL description="Greets visitors according to its environment"
ENV GREETING="Good morning" \
    APP_MODE=production
ENV LISTEN_ADDR=:8080
WORKDIR /go/src/envapp
# stagesplit: the program (go build -v -o /go/bin/envapp)
COPY --from=build /go/bin/envapp /go/bin/envapp
EXPOSE 8080
CMD ["/go/bin/envapp"]
