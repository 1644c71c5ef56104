FROM node:18 AS build
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm install
COPY . .
RUN npm run build
EXPOSE 8080
CMD ["./node_modules/.bin/http-server", "dist", "-p", "8080", "--gzip"]

# stagesplit: runtime stage: only what /usr/src/app/node_modules needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /usr/src/app
# stagesplit: the program (npm install)
COPY --from=build /usr/src/app/node_modules /usr/src/app/node_modules
# stagesplit: the program (vue-cli-service build)
COPY --from=build /usr/src/app/dist /usr/src/app/dist
EXPOSE 8080
CMD ["./node_modules/.bin/http-server", "dist", "-p", "8080", "--gzip"]
