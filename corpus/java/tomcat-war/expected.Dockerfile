FROM tomcat:9.0-jdk17-temurin AS build
RUN apt-get update && apt-get install -y --no-install-recommends maven && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pom.xml .
COPY src ./src
RUN mvn -B package -DskipTests && cp target/shop.war /usr/local/tomcat/webapps/ROOT.war
EXPOSE 8080

# stagesplit: runtime stage: only what /usr/local/tomcat/webapps/ROOT.war needs to run; build tools stay in "build"
FROM tomcat:9.0-jre17-temurin
WORKDIR /app
# stagesplit: the program (cp target/shop.war /usr/local/tomcat/webapps/ROOT.war)
COPY --from=build /usr/local/tomcat/webapps/ROOT.war /usr/local/tomcat/webapps/ROOT.war
EXPOSE 8080
# stagesplit: the build image's default command, which the original ran
CMD ["catalina.sh", "run"]
