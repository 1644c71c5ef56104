FROM gcc:12 AS build
WORKDIR /usr/src/app
COPY main.cpp .
RUN g++ -std=c++17 -O2 -pthread main.cpp -o /usr/local/bin/sumworkers
ENTRYPOINT ["sumworkers"]

# stagesplit: runtime stage: only what /usr/local/bin/sumworkers needs to run; build tools stay in "build"
FROM gcr.io/distroless/cc-debian12
WORKDIR /usr/src/app
# stagesplit: the program (g++ -std=c++17 -O2 -pthread main.cpp -o /usr/local/bin/sumworkers)
COPY --from=build /usr/local/bin/sumworkers /usr/local/bin/sumworkers
ENTRYPOINT ["sumworkers"]
