FROM gradle:8.10-jdk17 AS build
COPY --chown=gradle:gradle . /home/gradle/src
WORKDIR /home/gradle/src
RUN gradle installDist --no-daemon
ENTRYPOINT ["build/install/greeter/bin/greeter"]

# stagesplit: runtime stage: only what /home/gradle/src/build/install/greeter needs to run; build tools stay in "build"
FROM eclipse-temurin:17-jre
WORKDIR /home/gradle/src
# stagesplit: the program (gradle installDist --no-daemon)
COPY --from=build /home/gradle/src/build/install/greeter /home/gradle/src/build/install/greeter
ENTRYPOINT ["build/install/greeter/bin/greeter"]
