FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /build
COPY Relay.csproj .
RUN dotnet restore -r linux-x64
COPY . .
RUN dotnet publish -c Release -r linux-x64 --self-contained true --no-restore -o /opt/relay
USER app
EXPOSE 8080
ENTRYPOINT ["/opt/relay/Relay"]

# stagesplit: runtime stage: only what /opt/relay/Relay needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/runtime-deps:8.0
WORKDIR /build
# stagesplit: read at run time: AppContext.BaseDirectory('/opt/relay') in the apphost /opt/relay/Relay
COPY --from=build /opt/relay /opt/relay
USER app
EXPOSE 8080
ENTRYPOINT ["/opt/relay/Relay"]
