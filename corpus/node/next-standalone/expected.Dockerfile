FROM node:18 AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
RUN cp -r public .next/standalone/ && cp -r .next/static .next/standalone/.next/
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0
EXPOSE 3000
CMD ["node", ".next/standalone/server.js"]

# stagesplit: runtime stage: only what /app/.next/standalone needs to run; build tools stay in "build"
FROM node:18-slim
WORKDIR /app
ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0
# stagesplit: the program (npm run build)
COPY --from=build /app/.next/standalone /app/.next/standalone
EXPOSE 3000
CMD ["node", ".next/standalone/server.js"]
