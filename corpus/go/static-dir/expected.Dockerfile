FROM golang:1.19-alpine AS build
LABEL app=landing

WORKDIR /var/www/landing
COPY . .

RUN go mod download
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o landing main.go

EXPOSE 8000
CMD ["./landing"]

# stagesplit: runtime stage: only what /var/www/landing/landing needs to run; build tools stay in "build"
FROM alpine:3.22
LABEL app=landing
WORKDIR /var/www/landing
# stagesplit: the program (go build -o landing main.go)
COPY --from=build /var/www/landing/landing /var/www/landing/landing
# stagesplit: read at run time: Dir('static') in main.go:12
COPY --from=build /var/www/landing/static /var/www/landing/static
EXPOSE 8000
CMD ["./landing"]
