FROM node:18 AS build
WORKDIR /usr/src/bakery
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY config/settings.json /etc/bakery/settings.json
COPY server.js ./
COPY lib ./lib
COPY data ./data
EXPOSE 8080
CMD ["node", "server.js"]

# stagesplit: runtime stage: only what /usr/src/bakery/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /usr/src/bakery
# stagesplit: the program (npm ci --omit=dev)
COPY --from=build /usr/src/bakery/node_modules /usr/src/bakery/node_modules
# stagesplit: read at run time: fs.readFileSync('/etc/bakery/settings.json') in server.js:8
COPY --from=build /etc/bakery/settings.json /etc/bakery/settings.json
# stagesplit: named by the command that starts the program
COPY --from=build /usr/src/bakery/server.js /usr/src/bakery/server.js
# stagesplit: carried: data is in the program's folder /usr/src/bakery (from the context)
COPY --from=build /usr/src/bakery/data /usr/src/bakery/data
# stagesplit: carried: lib is in the program's folder /usr/src/bakery (from the context)
COPY --from=build /usr/src/bakery/lib /usr/src/bakery/lib
# stagesplit: carried: package-lock.json is in the program's folder /usr/src/bakery (from the context)
COPY --from=build /usr/src/bakery/package-lock.json /usr/src/bakery/package-lock.json
# stagesplit: carried: package.json is in the program's folder /usr/src/bakery (from the context)
COPY --from=build /usr/src/bakery/package.json /usr/src/bakery/package.json
EXPOSE 8080
CMD ["node", "server.js"]
