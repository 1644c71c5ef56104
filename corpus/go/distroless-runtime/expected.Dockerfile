FROM golang:1.19 AS build
ENV REPORT_MODE=distroless
WORKDIR /build
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/report .
USER 65532:65532
CMD ["report"]

# stagesplit: runtime stage: only what /usr/local/bin/report needs to run; build tools stay in "build"
FROM gcr.io/distroless/static-debian12
ENV REPORT_MODE=distroless
WORKDIR /build
# stagesplit: the program (go build -o /usr/local/bin/report .)
COPY --from=build /usr/local/bin/report /usr/local/bin/report
USER 65532:65532
CMD ["report"]
