FROM node:18 AS build
WORKDIR /usr/src/app
RUN npm install pm2@5.4.3 -g
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 3000
CMD ["pm2-runtime", "ecosystem.config.js"]

# stagesplit: runtime stage: only what /usr/local/lib/node_modules/pm2 needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /usr/src/app
# stagesplit: the program (npm install pm2@5.4.3 -g)
COPY --from=build /usr/local/lib/node_modules/pm2 /usr/local/lib/node_modules/pm2
# stagesplit: the program (npm ci --omit=dev)
COPY --from=build /usr/src/app/node_modules /usr/src/app/node_modules
# stagesplit: named by the command that starts the program
COPY --from=build /usr/src/app/ecosystem.config.js /usr/src/app/ecosystem.config.js
# stagesplit: named by the command that starts the program
COPY --from=build /usr/src/app/server.js /usr/src/app/server.js
# stagesplit: carried: config is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/config /usr/src/app/config
# stagesplit: carried: package-lock.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package-lock.json /usr/src/app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /usr/src/app (from the context)
COPY --from=build /usr/src/app/package.json /usr/src/app/package.json
# stagesplit: symbolic links the build made, made again (COPY would copy the file each points to)
RUN ln -sf ../lib/node_modules/pm2/bin/pm2-runtime /usr/local/bin/pm2-runtime
EXPOSE 3000
CMD ["pm2-runtime", "ecosystem.config.js"]
