FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /srv/inventory
COPY pom.xml .
RUN mvn -B dependency:go-offline
COPY src ./src
COPY config ./config
RUN mvn -B -DskipTests clean package
CMD ["java", "-Dinventory.config=config/inventory.properties", "-jar", "target/inventory-service.jar"]

# stagesplit: runtime stage: only what /srv/inventory/target/inventory-service.jar needs to run; build tools stay in "build"
FROM eclipse-temurin:21-jre
WORKDIR /srv/inventory
# stagesplit: the program (mvn -B -DskipTests clean package)
COPY --from=build /srv/inventory/target/inventory-service.jar /srv/inventory/target/inventory-service.jar
# stagesplit: carried: config is in the program's folder /srv/inventory (from the context)
COPY --from=build /srv/inventory/config /srv/inventory/config
CMD ["java", "-Dinventory.config=config/inventory.properties", "-jar", "target/inventory-service.jar"]
