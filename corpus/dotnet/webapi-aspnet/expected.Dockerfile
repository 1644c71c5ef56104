FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /app

# copy csproj and restore as distinct layers
COPY *.csproj ./
RUN dotnet restore

# copy and build everything else
COPY . ./
RUN dotnet publish -c Release -o out

EXPOSE 8080
ENTRYPOINT ["dotnet", "out/Notes.Api.dll"]

# stagesplit: runtime stage: only what /app/out needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /app
# stagesplit: the program (dotnet publish -c Release -o out)
COPY --from=build /app/out /app/out
# stagesplit: carried: appsettings.json is in the program's folder /app (from the context)
COPY --from=build /app/appsettings.json /app/appsettings.json
# stagesplit: carried: wwwroot is in the program's folder /app (from the context)
COPY --from=build /app/wwwroot /app/wwwroot
EXPOSE 8080
ENTRYPOINT ["dotnet", "out/Notes.Api.dll"]
