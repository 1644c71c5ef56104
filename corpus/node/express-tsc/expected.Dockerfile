FROM node:18 AS build
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
CMD ["node", "dist/main.js"]

# stagesplit: devDependencies left out of /usr/src/app/node_modules: the app loads only express, production dependencies
RUN npm prune --omit=dev

# stagesplit: runtime stage: only what /usr/src/app/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /usr/src/app
ENV NODE_ENV=production PORT=3000
# stagesplit: the program (npm ci)
COPY --from=build /usr/src/app/node_modules /usr/src/app/node_modules
# stagesplit: the program (npm run build)
COPY --from=build /usr/src/app/dist /usr/src/app/dist
# stagesplit: carried: data is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/data /usr/src/app/data
# stagesplit: carried: package-lock.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package-lock.json /usr/src/app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package.json /usr/src/app/package.json
# stagesplit: carried: src is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/src /usr/src/app/src
# stagesplit: carried: tsconfig.build.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/tsconfig.build.json /usr/src/app/tsconfig.build.json
# stagesplit: carried: tsconfig.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/tsconfig.json /usr/src/app/tsconfig.json
EXPOSE 3000
CMD ["node", "dist/main.js"]
