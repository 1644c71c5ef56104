FROM node:20 AS build
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
ENV NODE_ENV=production
EXPOSE 3000
CMD ["npm", "run", "start:prod"]

# stagesplit: devDependencies left out of /usr/src/app/node_modules: the app loads only @nestjs/core, production dependencies
RUN npm prune --omit=dev

# stagesplit: runtime stage: only what /usr/src/app/node_modules needs to run; build tools stay in "build"
FROM node:20-slim
WORKDIR /usr/src/app
ENV NODE_ENV=production
# stagesplit: the program (npm ci)
COPY --from=build /usr/src/app/node_modules /usr/src/app/node_modules
# stagesplit: the program (npm run build)
COPY --from=build /usr/src/app/dist /usr/src/app/dist
# stagesplit: named by the command that starts the program
COPY --from=build /usr/src/app/package.json /usr/src/app/package.json
# stagesplit: carried: nest-cli.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/nest-cli.json /usr/src/app/nest-cli.json
# stagesplit: carried: package-lock.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package-lock.json /usr/src/app/package-lock.json
# stagesplit: carried: src is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/src /usr/src/app/src
# stagesplit: carried: tsconfig.build.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/tsconfig.build.json /usr/src/app/tsconfig.build.json
# stagesplit: carried: tsconfig.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/tsconfig.json /usr/src/app/tsconfig.json
EXPOSE 3000
CMD ["npm", "run", "start:prod"]
