FROM golang:1.19-alpine AS build

WORKDIR /srv/worker

COPY go.mod main.go ./
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o worker .

COPY docker-entrypoint.sh ./
RUN chmod +x ./docker-entrypoint.sh

ENV WORKER_QUEUE=default

ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["./worker"]

# stagesplit: runtime stage: only what /srv/worker/docker-entrypoint.sh needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /srv/worker
ENV WORKER_QUEUE=default
# stagesplit: the program (go build -o worker .)
COPY --from=build /srv/worker/worker /srv/worker/worker
# stagesplit: entry script
COPY --from=build /srv/worker/docker-entrypoint.sh /srv/worker/docker-entrypoint.sh
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["./worker"]
