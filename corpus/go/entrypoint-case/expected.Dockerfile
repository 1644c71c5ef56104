FROM golang:1.19-alpine AS build

WORKDIR /app
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/ledger . \
 && chmod +x docker-entrypoint.sh

EXPOSE 8096
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["serve"]

# stagesplit: runtime stage: only what /app/docker-entrypoint.sh needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /app
# stagesplit: the program (go build -o /usr/local/bin/ledger .)
COPY --from=build /usr/local/bin/ledger /usr/local/bin/ledger
# stagesplit: entry script
COPY --from=build /app/docker-entrypoint.sh /app/docker-entrypoint.sh
EXPOSE 8096
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["serve"]
