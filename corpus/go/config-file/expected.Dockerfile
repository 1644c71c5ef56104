# Inventory service
FROM golang:1.19-alpine AS build

WORKDIR /opt/inventory

# sources, go.mod and the config/ directory all come in with one COPY
COPY . .

RUN go mod download
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -ldflags "-s -w" -o inventory .

EXPOSE 8081
CMD ["./inventory"]

# stagesplit: runtime stage: only what /opt/inventory/inventory needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /opt/inventory
# stagesplit: the program (go build -ldflags '-s -w' -o inventory .)
COPY --from=build /opt/inventory/inventory /opt/inventory/inventory
# stagesplit: carried: config is in the program's folder /opt/inventory (from the context)
COPY --from=build /opt/inventory/config /opt/inventory/config
EXPOSE 8081
CMD ["./inventory"]
