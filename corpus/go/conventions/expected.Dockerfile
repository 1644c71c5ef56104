FROM golang:1.19-alpine AS build

WORKDIR /srv/notes
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o notes .

EXPOSE 8094
CMD ["./notes"]

# stagesplit: runtime stage: only what /srv/notes/notes needs to run; build tools stay in "build"
FROM alpine:3.22
# stagesplit: warning: the runtime stage receives /srv/notes/.env (from .env in the context), which looks like a secret (environment file): keep it out of the image (.dockerignore, a secret mount)
WORKDIR /srv/notes
# stagesplit: the program (go build -o notes .)
COPY --from=build /srv/notes/notes /srv/notes/notes
# stagesplit: named in the sources: '.env' in main.go:18
COPY --from=build /srv/notes/.env /srv/notes/.env
# stagesplit: carried: config.yaml is in the program's folder /srv/notes (from the context)
COPY --from=build /srv/notes/config.yaml /srv/notes/config.yaml
# stagesplit: carried: database is in the program's folder /srv/notes (from the context)
COPY --from=build /srv/notes/database /srv/notes/database
# stagesplit: carried: static is in the program's folder /srv/notes (from the context)
COPY --from=build /srv/notes/static /srv/notes/static
EXPOSE 8094
CMD ["./notes"]
