FROM golang:1.19-alpine AS build
RUN mkdir /app
# /app is a folder: each file lands inside it
COPY go.mod /app
COPY main.go /app
WORKDIR /app
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o server .
CMD ["./server"]

# stagesplit: runtime stage: only what /app/server needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /app
# stagesplit: the program (go build -o server .)
COPY --from=build /app/server /app/server
CMD ["./server"]
