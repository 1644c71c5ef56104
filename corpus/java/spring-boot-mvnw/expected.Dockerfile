FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /app
COPY .mvn/ .mvn
COPY mvnw pom.xml ./
RUN ./mvnw dependency:resolve
COPY src ./src
RUN ./mvnw package -DskipTests && cp target/*.jar app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

# stagesplit: runtime stage: only what /app/app.jar needs to run; build tools stay in "build"
FROM eclipse-temurin:17-jre
WORKDIR /app
# stagesplit: the program (cp target/shop-0.0.1-SNAPSHOT.jar app.jar)
COPY --from=build /app/app.jar /app/app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
