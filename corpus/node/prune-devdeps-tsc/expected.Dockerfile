FROM node:18 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
ENV NODE_ENV=production
EXPOSE 8080
CMD ["node", "dist/server.js"]

# stagesplit: devDependencies left out of /app/node_modules: the app loads only express, production dependencies
RUN npm prune --omit=dev

# stagesplit: runtime stage: only what /app/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /app
ENV NODE_ENV=production
# stagesplit: the program (npm ci)
COPY --from=build /app/node_modules /app/node_modules
# stagesplit: the program (npm run build)
COPY --from=build /app/dist /app/dist
# stagesplit: carried: package-lock.json is in the program's folder /app (from the context)
COPY --from=build /app/package-lock.json /app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /app (from the context)
COPY --from=build /app/package.json /app/package.json
# stagesplit: carried: src is in the program's folder /app (from the context)
COPY --from=build /app/src /app/src
# stagesplit: carried: tsconfig.json is in the program's folder /app (from the context)
COPY --from=build /app/tsconfig.json /app/tsconfig.json
EXPOSE 8080
CMD ["node", "dist/server.js"]
