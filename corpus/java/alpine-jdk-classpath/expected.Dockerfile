FROM maven:3.9-eclipse-temurin-21-alpine AS build
WORKDIR /build
COPY . .
RUN mvn -q -B -Dmaven.test.skip=true install
USER nobody
ENTRYPOINT ["java", "-cp", "target/report-3.0.0.jar", "org.acme.report.Main"]
CMD ["--daily"]

# stagesplit: runtime stage: only what /build/target/report-3.0.0.jar needs to run; build tools stay in "build"
FROM eclipse-temurin:21-jre-alpine
WORKDIR /build
# stagesplit: the program (mvn -q -B -Dmaven.test.skip=true install)
COPY --from=build /build/target/report-3.0.0.jar /build/target/report-3.0.0.jar
USER nobody
ENTRYPOINT ["java", "-cp", "target/report-3.0.0.jar", "org.acme.report.Main"]
CMD ["--daily"]
