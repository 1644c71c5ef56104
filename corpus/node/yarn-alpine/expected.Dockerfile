FROM node:20-alpine AS build
WORKDIR /usr/src/app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile && yarn cache clean
COPY . .
USER node
EXPOSE 8080
CMD ["node", "index.js"]

# stagesplit: runtime stage: only what /usr/src/app/node_modules needs to run; build tools stay in "build"
FROM node:20-alpine
WORKDIR /usr/src/app
# stagesplit: the program (yarn install --frozen-lockfile)
COPY --from=build /usr/src/app/node_modules /usr/src/app/node_modules
# stagesplit: named by the command that starts the program
COPY --from=build /usr/src/app/index.js /usr/src/app/index.js
# stagesplit: carried: package.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package.json /usr/src/app/package.json
# stagesplit: carried: yarn.lock is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/yarn.lock /usr/src/app/yarn.lock
USER node
EXPOSE 8080
CMD ["node", "index.js"]
