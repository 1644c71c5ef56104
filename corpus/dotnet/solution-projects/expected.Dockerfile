FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY Shop.sln Directory.Build.props ./
COPY src/Shop.Api/Shop.Api.csproj src/Shop.Api/
COPY src/Shop.Core/Shop.Core.csproj src/Shop.Core/
COPY tests/Shop.Tests/Shop.Tests.csproj tests/Shop.Tests/
RUN dotnet restore Shop.sln
COPY . .
RUN dotnet test Shop.sln --no-restore
RUN dotnet publish src/Shop.Api/Shop.Api.csproj -c Release --no-restore -o /app
WORKDIR /app
ENTRYPOINT ["dotnet", "Shop.Api.dll"]

# stagesplit: runtime stage: only what /app needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /src
WORKDIR /app
# stagesplit: the program (dotnet publish src/Shop.Api/Shop.Api.csproj -c Release --no-restore -o /app)
COPY --from=build /app /app
# stagesplit: carried: appsettings.json is in the program's folder /src/src/Shop.Api (from the context)
COPY --from=build /src/src/Shop.Api/appsettings.json /src/src/Shop.Api/appsettings.json
ENTRYPOINT ["dotnet", "Shop.Api.dll"]
