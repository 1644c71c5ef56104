FROM node:18 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npx tsc -p server
ENV PORT=8080
EXPOSE 8080
CMD ["node", "server/dist/main.js"]

# stagesplit: devDependencies left out of /app/node_modules: the app loads no installed package
RUN npm prune --omit=dev

# stagesplit: runtime stage: only what /app/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /app
ENV PORT=8080
# stagesplit: the program (npm ci)
COPY --from=build /app/node_modules /app/node_modules
# stagesplit: the program (npx tsc -p server)
COPY --from=build /app/server/dist /app/server/dist
# stagesplit: carried: package-lock.json is in the program's folder /app (from the context)
COPY --from=build /app/package-lock.json /app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /app (from the context)
COPY --from=build /app/package.json /app/package.json
# stagesplit: carried: server/src is in the program's folder /app (from the context)
COPY --from=build /app/server/src /app/server/src
# stagesplit: carried: server/tsconfig.json is in the program's folder /app (from the context)
COPY --from=build /app/server/tsconfig.json /app/server/tsconfig.json
# stagesplit: carried: tsconfig.base.json is in the program's folder /app (from the context)
COPY --from=build /app/tsconfig.base.json /app/tsconfig.base.json
EXPOSE 8080
CMD ["node", "server/dist/main.js"]
