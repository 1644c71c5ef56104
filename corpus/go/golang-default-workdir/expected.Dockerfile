FROM golang:1.19 AS build

# no WORKDIR: the golang image starts in /go, so "." is /go here
COPY . src/app/
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN cd src/app && go build -o ../../greeter .

EXPOSE 8093
CMD ["./greeter"]

# stagesplit: runtime stage: only what /go/greeter needs to run; build tools stay in "build"
FROM alpine:3.22
# stagesplit: the working directory of the build image, where the original ran
WORKDIR /go
# stagesplit: the program (go build -o ../../greeter .)
COPY --from=build /go/greeter /go/greeter
# stagesplit: read at run time: ReadFile('src/app/greeting.txt') in main.go:13
COPY --from=build /go/src/app/greeting.txt /go/src/app/greeting.txt
EXPOSE 8093
CMD ["./greeter"]
