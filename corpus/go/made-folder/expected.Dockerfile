FROM golang:1.19-alpine AS build

# the program appends to /var/log/tally/visits.log, a file that exists only at run time
RUN mkdir -p /var/log/tally
WORKDIR /app
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o tally .

EXPOSE 8097
CMD ["/app/tally"]

# stagesplit: runtime stage: only what /app/tally needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /app
# stagesplit: the program (go build -o tally .)
COPY --from=build /app/tally /app/tally
# stagesplit: read at run time: OpenFile('/var/log/tally/visits.log') in main.go:13: the program creates it in /var/log/tally, which the build made
COPY --from=build /var/log/tally /var/log/tally
EXPOSE 8097
CMD ["/app/tally"]
