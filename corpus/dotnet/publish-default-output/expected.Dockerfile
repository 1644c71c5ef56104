FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish
ENV ASPNETCORE_HTTP_PORTS=5000
EXPOSE 5000
CMD ["dotnet", "bin/Release/net8.0/publish/Greeter.dll"]

# stagesplit: runtime stage: only what /source/bin/Release/net8.0/publish needs to run; build tools stay in "build"
FROM mcr.microsoft.com/dotnet/aspnet:8.0
WORKDIR /source
ENV ASPNETCORE_HTTP_PORTS=5000
# stagesplit: the program (dotnet publish)
COPY --from=build /source/bin/Release/net8.0/publish /source/bin/Release/net8.0/publish
EXPOSE 5000
CMD ["dotnet", "bin/Release/net8.0/publish/Greeter.dll"]
