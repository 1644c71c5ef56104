FROM golang:1.19-alpine AS build
ENV REPORT_MODE=minimal
WORKDIR /build
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /report .
ENTRYPOINT ["/report"]
CMD ["--once"]

# stagesplit: runtime stage: only what /report needs to run; build tools stay in "build"
FROM scratch
ENV REPORT_MODE=minimal
WORKDIR /build
# stagesplit: the program (go build -trimpath -o /report .)
COPY --from=build /report /report
ENTRYPOINT ["/report"]
CMD ["--once"]
