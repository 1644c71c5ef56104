FROM golang:1.19-alpine AS build

WORKDIR /workspace
COPY . .

# build from inside the command's directory, then step back out
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN cd cmd/server && go build -o /out/server . && cd /

EXPOSE 8080
CMD ["/out/server"]

# stagesplit: runtime stage: only what /out/server needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /workspace
# stagesplit: the program (go build -o /out/server .)
COPY --from=build /out/server /out/server
EXPOSE 8080
CMD ["/out/server"]
