FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Ticker.csproj --configuration Release --output /app/publish
WORKDIR /app/publish
ENTRYPOINT ["dotnet", "ticker.dll"]
CMD ["5"]

# stagesplit: runtime stage: only what /app/publish needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/runtime:9.0
WORKDIR /src
WORKDIR /app/publish
# stagesplit: the program (dotnet publish Ticker.csproj --configuration Release --output /app/publish)
COPY --from=build /app/publish /app/publish
ENTRYPOINT ["dotnet", "ticker.dll"]
CMD ["5"]
