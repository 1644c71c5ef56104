FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY gradlew settings.gradle build.gradle ./
COPY gradle ./gradle
RUN chmod +x gradlew
COPY src ./src
RUN ./gradlew bootJar --no-daemon -x test
EXPOSE 8080
ENV JAVA_OPTS="-Xmx512m"
CMD java $JAVA_OPTS -jar build/libs/*.jar

# stagesplit: runtime stage: only what /workspace/build/libs/orders-api-1.4.0.jar needs to run; build tools stay in "build"
FROM eclipse-temurin:17-jre
WORKDIR /workspace
# stagesplit: the program (./gradlew bootJar --no-daemon -x test)
COPY --from=build /workspace/build/libs/orders-api-1.4.0.jar /workspace/build/libs/orders-api-1.4.0.jar
EXPOSE 8080
ENV JAVA_OPTS="-Xmx512m"
CMD java $JAVA_OPTS -jar build/libs/*.jar
