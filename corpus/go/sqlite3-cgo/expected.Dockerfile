FROM golang:1.19 AS build

WORKDIR /srv/notes
COPY go.mod ./
COPY vendor ./vendor
COPY *.go ./
RUN go build -o notes .

CMD ["./notes"]

# stagesplit: runtime stage: only what /srv/notes/notes needs to run; build tools stay in "build"
FROM gcr.io/distroless/base-debian12
WORKDIR /srv/notes
# stagesplit: the program (go build -o notes .)
COPY --from=build /srv/notes/notes /srv/notes/notes
CMD ["./notes"]
