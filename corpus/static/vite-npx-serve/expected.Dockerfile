FROM node:18 AS build
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
EXPOSE 3000
CMD ["npx", "serve", "-s", "dist", "-l", "3000"]

# stagesplit: runtime stage: only what /usr/src/app/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /usr/src/app
# stagesplit: the program (npm ci)
COPY --from=build /usr/src/app/node_modules /usr/src/app/node_modules
# stagesplit: the program (npm run build)
COPY --from=build /usr/src/app/dist /usr/src/app/dist
# stagesplit: carried: README.md is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/README.md /usr/src/app/README.md
# stagesplit: carried: index.html is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/index.html /usr/src/app/index.html
# stagesplit: carried: package-lock.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package-lock.json /usr/src/app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package.json /usr/src/app/package.json
# stagesplit: carried: public is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/public /usr/src/app/public
# stagesplit: carried: src is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/src /usr/src/app/src
EXPOSE 3000
CMD ["npx", "serve", "-s", "dist", "-l", "3000"]
