FROM golang:1.19 AS build

WORKDIR /src
COPY . .
# a snapshot and a checkout: git writes work-tree files the analysis cannot list
RUN git init -q \
 && git add -A \
 && git -c user.name=ci -c user.email=ci@example.com commit -qm snapshot \
 && git checkout -q -- .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/banner .

EXPOSE 8098
CMD ["banner"]

# stagesplit: runtime stage: only what /usr/local/bin/banner needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /src
# stagesplit: the program (go build -o /usr/local/bin/banner .)
COPY --from=build /usr/local/bin/banner /usr/local/bin/banner
# stagesplit: carried whole: RUN git init -q … (line 6) wrote files under /src that the analysis cannot list
COPY --from=build /src /src
EXPOSE 8098
CMD ["banner"]
