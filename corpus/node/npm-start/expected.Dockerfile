FROM node:18 AS build
WORKDIR /home/node/app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY server.js ./
COPY public ./public
EXPOSE 8080
CMD ["npm", "start"]

# stagesplit: devDependencies left out of /home/node/app/node_modules: the app loads only ms, production dependencies
RUN npm prune --omit=dev

# stagesplit: runtime stage: only what /home/node/app/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /home/node/app
# stagesplit: the program (npm install --no-audit --no-fund)
COPY --from=build /home/node/app/node_modules /home/node/app/node_modules
# stagesplit: named by the command that starts the program
COPY --from=build /home/node/app/package.json /home/node/app/package.json
# stagesplit: named by the command that starts the program
COPY --from=build /home/node/app/server.js /home/node/app/server.js
# stagesplit: carried: package-lock.json is in the program's folder /home/node/app (from the context)
COPY --from=build /home/node/app/package-lock.json /home/node/app/package-lock.json
# stagesplit: carried: public is in the program's folder /home/node/app (from the context)
COPY --from=build /home/node/app/public /home/node/app/public
EXPOSE 8080
CMD ["npm", "start"]
