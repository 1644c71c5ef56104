FROM docker.io/library/nginx:1.25 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && cp -r dist/* /usr/share/nginx/html/
COPY site.conf /etc/nginx/conf.d/default.conf
COPY 40-release-file.sh /docker-entrypoint.d/40-release-file.sh
ENV SITE_RELEASE=2024.06-b
EXPOSE 8080

# stagesplit: runtime stage: only what /usr/share/nginx/html needs to run; build tools stay in "build"
FROM docker.io/library/nginx:1.25
WORKDIR /build
ENV SITE_RELEASE=2024.06-b
# stagesplit: the program (cp -r 'dist/*' /usr/share/nginx/html/)
COPY --from=build /usr/share/nginx/html /usr/share/nginx/html
# stagesplit: read at run time: include('/etc/nginx/conf.d/default.conf') in /etc/nginx/nginx.conf (the image's own)
COPY --from=build /etc/nginx/conf.d/default.conf /etc/nginx/conf.d/default.conf
# stagesplit: read at run time: nginx config('/docker-entrypoint.d/40-release-file.sh') in /docker-entrypoint.d
COPY --from=build /docker-entrypoint.d/40-release-file.sh /docker-entrypoint.d/40-release-file.sh
EXPOSE 8080
# stagesplit: the build image's default command, which the original ran
CMD ["nginx", "-g", "daemon off;"]
