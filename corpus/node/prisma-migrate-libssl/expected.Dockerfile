FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY prisma ./prisma
RUN npx prisma generate
COPY server.js ./
RUN mkdir -p /app/data
ENV DATABASE_URL=file:/app/data/guestbook.db NODE_ENV=production
EXPOSE 3000
CMD ["sh", "-c", "npx prisma migrate deploy && node server.js"]

# stagesplit: runtime stage: only what /app/node_modules needs to run; build tools stay in "build"
FROM node:20-bookworm-slim
# stagesplit: needed at run time, missing from node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV DATABASE_URL=file:/app/data/guestbook.db NODE_ENV=production
# stagesplit: the program (npm ci)
COPY --from=build /app/node_modules /app/node_modules
# stagesplit: named by the command that starts the program
COPY --from=build /app/server.js /app/server.js
# stagesplit: carried: data is in the program's folder /app (made by the build)
COPY --from=build /app/data /app/data
# stagesplit: carried: package-lock.json is in the program's folder /app (from the context)
COPY --from=build /app/package-lock.json /app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /app (from the context)
COPY --from=build /app/package.json /app/package.json
# stagesplit: carried: prisma is in the program's folder /app (from the context)
COPY --from=build /app/prisma /app/prisma
EXPOSE 3000
CMD ["sh", "-c", "npx prisma migrate deploy && node server.js"]
