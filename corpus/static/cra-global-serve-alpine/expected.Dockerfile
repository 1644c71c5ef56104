FROM node:18-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN npm install -g serve
EXPOSE 3000
CMD ["serve", "-s", "build", "-l", "3000"]

# stagesplit: runtime stage: only what /usr/local/lib/node_modules/serve needs to run; build tools stay in "build"
FROM node:18-alpine
WORKDIR /app
# stagesplit: the program (npm install -g serve)
COPY --from=build /usr/local/lib/node_modules/serve /usr/local/lib/node_modules/serve
# stagesplit: the program (react-scripts build)
COPY --from=build /app/build /app/build
# stagesplit: symbolic links the build made, made again (COPY would copy the file each points to)
RUN ln -sf ../lib/node_modules/serve/build/main.js /usr/local/bin/serve
EXPOSE 3000
CMD ["serve", "-s", "build", "-l", "3000"]
