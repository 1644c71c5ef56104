FROM golang:1.19 AS build

WORKDIR /src/counter
COPY . .
# a race-detector build for the staging environment
RUN go build -race -o /usr/local/bin/counter .

CMD ["counter", "-workers", "8"]

# stagesplit: runtime stage: only what /usr/local/bin/counter needs to run; build tools stay in "build"
FROM gcr.io/distroless/base-debian12
WORKDIR /src/counter
# stagesplit: the program (go build -race -o /usr/local/bin/counter .)
COPY --from=build /usr/local/bin/counter /usr/local/bin/counter
CMD ["counter", "-workers", "8"]
