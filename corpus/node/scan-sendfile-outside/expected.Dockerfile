FROM node:18 AS build
WORKDIR /opt/tides/server
COPY server/package*.json ./
RUN npm ci
COPY server/ ./
COPY site/ /opt/tides/site/
ENV PORT=8080
EXPOSE 8080
CMD ["npm", "start"]

# stagesplit: runtime stage: only what /opt/tides/server/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /opt/tides/server
ENV PORT=8080
# stagesplit: the program (npm ci)
COPY --from=build /opt/tides/server/node_modules /opt/tides/server/node_modules
# stagesplit: read at run time: res.sendFile('/opt/tides/site/index.html') in index.js:11
COPY --from=build /opt/tides/site/index.html /opt/tides/site/index.html
# stagesplit: named by the command that starts the program
COPY --from=build /opt/tides/server/package.json /opt/tides/server/package.json
# stagesplit: named by the command that starts the program
COPY --from=build /opt/tides/server/index.js /opt/tides/server/index.js
# stagesplit: carried: package-lock.json is in the program's folder /opt/tides/server (from the context)
COPY --from=build /opt/tides/server/package-lock.json /opt/tides/server/package-lock.json
# stagesplit: carried: tides.js is in the program's folder /opt/tides/server (from the context)
COPY --from=build /opt/tides/server/tides.js /opt/tides/server/tides.js
EXPOSE 8080
CMD ["npm", "start"]
