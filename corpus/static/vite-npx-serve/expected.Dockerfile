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
EXPOSE 3000
CMD ["npx", "serve", "-s", "dist", "-l", "3000"]
