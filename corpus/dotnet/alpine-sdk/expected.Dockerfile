FROM mcr.microsoft.com/dotnet/sdk:8.0-alpine AS build
WORKDIR /app
COPY . .
RUN dotnet restore && dotnet publish -c Release -o /app/out --no-restore
ENV ASPNETCORE_URLS=http://+:5080
EXPOSE 5080
ENTRYPOINT ["dotnet", "/app/out/Rates.dll"]

# stagesplit: runtime stage: only what /app/out needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/aspnet:8.0-alpine-extra
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:5080
# stagesplit: the program (dotnet publish -c Release -o /app/out --no-restore)
COPY --from=build /app/out /app/out
EXPOSE 5080
ENTRYPOINT ["dotnet", "/app/out/Rates.dll"]
