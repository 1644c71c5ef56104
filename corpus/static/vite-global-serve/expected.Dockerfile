FROM node:18 AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN npm install -g serve@14.2.4
EXPOSE 3000
CMD ["serve", "-s", "dist", "-l", "3000"]

# stagesplit: runtime stage: only what /usr/local/lib/node_modules/serve needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /app
# stagesplit: the program (npm install -g serve@14.2.4)
COPY --from=build /usr/local/lib/node_modules/serve /usr/local/lib/node_modules/serve
# stagesplit: the program (npm run build)
COPY --from=build /app/dist /app/dist
# stagesplit: symbolic links the build made, made again (COPY would copy the file each points to)
RUN ln -sf ../lib/node_modules/serve/build/main.js /usr/local/bin/serve
EXPOSE 3000
CMD ["serve", "-s", "dist", "-l", "3000"]
