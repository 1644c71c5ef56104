FROM gcc:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake libboost-program-options-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src/hashd
COPY . .
RUN mkdir build && cd build && cmake .. -DCMAKE_BUILD_TYPE=Release && make -j4 && make install
ENTRYPOINT ["hashd"]
CMD ["--text", "stagesplit"]

# stagesplit: runtime stage: only what /usr/local/bin/hashd needs to run; build tools stay in "build"
FROM debian:bookworm-slim
# stagesplit: needed at run time, missing from debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libboost-program-options1.74.0 libssl3 && rm -rf /var/lib/apt/lists/*
WORKDIR /src/hashd
# stagesplit: the program (cmake .. -DCMAKE_BUILD_TYPE=Release && make install)
COPY --from=build /usr/local/bin/hashd /usr/local/bin/hashd
# stagesplit: read at run time: std::ifstream('/usr/local/etc/hashd/hashd.conf') in main.cpp:34
COPY --from=build /usr/local/etc/hashd/hashd.conf /usr/local/etc/hashd/hashd.conf
# stagesplit: carried: build/hashd is in the program's folder /src/hashd (made by the build)
COPY --from=build /src/hashd/build/hashd /src/hashd/build/hashd
# stagesplit: carried: hashd.conf is in the program's folder /src/hashd (from the context)
COPY --from=build /src/hashd/hashd.conf /src/hashd/hashd.conf
ENTRYPOINT ["hashd"]
CMD ["--text", "stagesplit"]
