FROM mcr.microsoft.com/dotnet/sdk:9.0-alpine AS build
WORKDIR /src
COPY . .
RUN dotnet publish -c Release -r linux-musl-x64 --self-contained false -o /srv/pinger
HEALTHCHECK CMD wget -qO- http://localhost:8080/ping || exit 1
ENTRYPOINT ["/srv/pinger/Pinger"]

# stagesplit: runtime stage: only what /srv/pinger/Pinger needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/aspnet:9.0-alpine-extra
WORKDIR /src
# stagesplit: read at run time: AppContext.BaseDirectory('/srv/pinger') in the apphost /srv/pinger/Pinger
COPY --from=build /srv/pinger /srv/pinger
HEALTHCHECK CMD wget -qO- http://localhost:8080/ping || exit 1
ENTRYPOINT ["/srv/pinger/Pinger"]
