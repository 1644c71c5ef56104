FROM node:18 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY views ./views
RUN npm run build
COPY keys/signing.pub /etc/notes/keys/signing.pub
ENV PORT=3000
EXPOSE 3000
CMD ["node", "dist/main.js"]

# stagesplit: devDependencies left out of /app/node_modules: the app loads only ejs, express, production dependencies
RUN npm prune --omit=dev

# stagesplit: runtime stage: only what /app/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /app
ENV PORT=3000
# stagesplit: the program (npm ci)
COPY --from=build /app/node_modules /app/node_modules
# stagesplit: the program (npm run build)
COPY --from=build /app/dist /app/dist
# stagesplit: read at run time: app.set('/app/views') in src/main.ts:8
COPY --from=build /app/views /app/views
# stagesplit: read at run time: fs.readFileSync('/etc/notes/keys/signing.pub') in src/keys.ts:7
COPY --from=build /etc/notes/keys/signing.pub /etc/notes/keys/signing.pub
# stagesplit: carried: package-lock.json is in the program's folder /app (from the context)
COPY --from=build /app/package-lock.json /app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /app (from the context)
COPY --from=build /app/package.json /app/package.json
# stagesplit: carried: src is in the program's folder /app (from the context)
COPY --from=build /app/src /app/src
# stagesplit: carried: tsconfig.json is in the program's folder /app (from the context)
COPY --from=build /app/tsconfig.json /app/tsconfig.json
EXPOSE 3000
CMD ["node", "dist/main.js"]
