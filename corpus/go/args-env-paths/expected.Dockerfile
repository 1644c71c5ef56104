FROM golang:1.19 AS build

WORKDIR /build
COPY . .
# stagesplit: pure-Go build: the binary then needs no C library in the runtime stage
ENV CGO_ENABLED=0
RUN go build -o /usr/local/bin/catalog . \
 && mkdir -p /srv/catalog /etc/catalog \
 && cp -r web /srv/catalog/web \
 && cp conf/catalog.conf /etc/catalog/catalog.conf

ENV CATALOG_CONFIG=/etc/catalog/catalog.conf
EXPOSE 8095
ENTRYPOINT ["/usr/local/bin/catalog", "-dir", "/srv/catalog/web"]

# stagesplit: runtime stage: only what /usr/local/bin/catalog needs to run; build tools stay in "build"
FROM alpine:3.22
WORKDIR /build
ENV CATALOG_CONFIG=/etc/catalog/catalog.conf
# stagesplit: the program (go build -o /usr/local/bin/catalog .)
COPY --from=build /usr/local/bin/catalog /usr/local/bin/catalog
# stagesplit: named by the command line: /srv/catalog/web
COPY --from=build /srv/catalog/web /srv/catalog/web
# stagesplit: named by ENV CATALOG_CONFIG: /etc/catalog/catalog.conf
COPY --from=build /etc/catalog/catalog.conf /etc/catalog/catalog.conf
# stagesplit: carried: conf is in the program's folder /build (from the context)
COPY --from=build /build/conf /build/conf
# stagesplit: carried: web is in the program's folder /build (from the context)
COPY --from=build /build/web /build/web
EXPOSE 8095
ENTRYPOINT ["/usr/local/bin/catalog", "-dir", "/srv/catalog/web"]
