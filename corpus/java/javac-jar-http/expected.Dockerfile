FROM eclipse-temurin:17-jdk AS build
WORKDIR /opt/hello
COPY src ./src
COPY resources ./resources
RUN javac -d classes $(find src -name '*.java') \
 && jar cfe hello.jar com.example.hello.Server -C classes . -C resources .
ENV PORT=8080
EXPOSE 8080
CMD ["java", "-jar", "hello.jar"]

# stagesplit: runtime stage: only what /opt/hello/hello.jar needs to run; build tools stay in "build"
FROM eclipse-temurin:17-jre
WORKDIR /opt/hello
ENV PORT=8080
# stagesplit: the program (jar cfe hello.jar com.example.hello.Server -C classes . -C resources .)
COPY --from=build /opt/hello/hello.jar /opt/hello/hello.jar
# stagesplit: carried: resources is in the program's folder /opt/hello (from the context)
COPY --from=build /opt/hello/resources /opt/hello/resources
EXPOSE 8080
CMD ["java", "-jar", "hello.jar"]
