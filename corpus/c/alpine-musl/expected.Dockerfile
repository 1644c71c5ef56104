FROM alpine:3.22 AS build
RUN apk add --no-cache build-base zlib-dev
WORKDIR /app
COPY main.c .
RUN cc -O2 -o adler main.c -lz
CMD ["./adler"]

# stagesplit: runtime stage: only what /app/adler needs to run; build tools stay in "build"
FROM alpine:3.22
# stagesplit: needed at run time, missing from alpine:3.22
RUN apk add --no-cache zlib
WORKDIR /app
# stagesplit: the program (cc -O2 -o adler main.c -lz)
COPY --from=build /app/adler /app/adler
CMD ["./adler"]
