FROM golang:1.19-alpine AS build

WORKDIR /app
COPY go.mod *.go ./
RUN CGO_ENABLED=0 go build -o whoami .

# run as an unprivileged, numeric user (no passwd entry needed)
USER 10001:10001

CMD ["/app/whoami"]

# stagesplit: runtime stage: only what /app/whoami needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /app
# stagesplit: the program (go build -o whoami .)
COPY --from=build /app/whoami /app/whoami
USER 10001:10001
CMD ["/app/whoami"]
