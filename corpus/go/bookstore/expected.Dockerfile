FROM golang:1.19-alpine AS build
WORKDIR /home
COPY ./pkg .
RUN go mod download
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN  go build -o bookstore
EXPOSE 8080
CMD ["./bookstore"]

# stagesplit: runtime stage: only what /home/bookstore needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /home
# stagesplit: the program (go build -o bookstore)
COPY --from=build /home/bookstore /home/bookstore
# stagesplit: read at run time: ParseGlob('templates/*') in main.go:64
COPY --from=build /home/templates /home/templates
EXPOSE 8080
CMD ["./bookstore"]
