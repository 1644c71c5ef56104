FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /app
COPY . .
RUN dotnet publish -c Release -o /app/bin/publish
USER $APP_UID
ENTRYPOINT ["dotnet", "bin/publish/Worker.dll"]

# stagesplit: runtime stage: only what /app/bin/publish needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/runtime:10.0
# stagesplit: APP_UID as in the original image (its base set it)
ENV APP_UID=1654
WORKDIR /app
# stagesplit: the program (dotnet publish -c Release -o /app/bin/publish)
COPY --from=build /app/bin/publish /app/bin/publish
USER $APP_UID
ENTRYPOINT ["dotnet", "bin/publish/Worker.dll"]
