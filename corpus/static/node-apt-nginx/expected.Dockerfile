FROM node:18 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && cp -r dist/. /var/www/html/
COPY site.conf /etc/nginx/sites-available/default
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]

# stagesplit: runtime stage: only what /var/www/html needs to run; build tools stay in "build"
FROM debian:bookworm-slim
# stagesplit: needed at run time, missing from debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# stagesplit: the program (cp -r dist/. /var/www/html/)
COPY --from=build /var/www/html /var/www/html
# stagesplit: read at run time: include('/etc/nginx/sites-available/default') in /etc/nginx/nginx.conf (as the package installs it)
COPY --from=build /etc/nginx/sites-available/default /etc/nginx/sites-available/default
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
