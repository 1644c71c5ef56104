FROM golang:1.19 AS build

WORKDIR /app
COPY . .

# the checksum library is vendored: a small C function behind a Go API
RUN go build -o /usr/local/bin/checksum .

CMD ["checksum", "stagesplit"]

# stagesplit: runtime stage: only what /usr/local/bin/checksum needs to run; build tools stay in "build"
FROM gcr.io/distroless/base-debian12
WORKDIR /app
# stagesplit: the program (go build -o /usr/local/bin/checksum .)
COPY --from=build /usr/local/bin/checksum /usr/local/bin/checksum
CMD ["checksum", "stagesplit"]
