FROM golang:1.19-alpine AS build

ENV PORT=8080
WORKDIR /app

COPY go.mod main.go ./
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o server .

EXPOSE 8080

# shell form: $PORT is expanded by /bin/sh when the container starts
CMD ./server -port $PORT

# stagesplit: runtime stage: only what /app/server needs to run; build tools stay in "build"
FROM alpine:3.22
ENV PORT=8080
WORKDIR /app
# stagesplit: the program (go build -o server .)
COPY --from=build /app/server /app/server
EXPOSE 8080
CMD ./server -port $PORT
