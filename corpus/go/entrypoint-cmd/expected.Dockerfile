FROM golang:1.19-alpine AS build

ENV CGO_ENABLED=0
WORKDIR /app

COPY . .
RUN go mod download && \
    go build -trimpath -o /app/tool ./cmd/tool

ENTRYPOINT ["/app/tool"]
CMD ["--name", "world"]

# stagesplit: runtime stage: only what /app/tool needs to run; build tools stay in "build"
FROM alpine:3.22
ENV CGO_ENABLED=0
WORKDIR /app
# stagesplit: the program (go build -trimpath -o /app/tool ./cmd/tool)
COPY --from=build /app/tool /app/tool
ENTRYPOINT ["/app/tool"]
CMD ["--name", "world"]
