FROM golang:1.19 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /var/lib/app
WORKDIR /src
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/counter .
CMD ["counter"]

# stagesplit: runtime stage: only what /usr/local/bin/counter needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /src
# stagesplit: the program (go build -o /usr/local/bin/counter .)
COPY --from=build /usr/local/bin/counter /usr/local/bin/counter
# stagesplit: named in the sources: '/var/lib/app/state.db' in main.go:15: the program creates it in /var/lib/app, which the build made
COPY --from=build /var/lib/app /var/lib/app
CMD ["counter"]
