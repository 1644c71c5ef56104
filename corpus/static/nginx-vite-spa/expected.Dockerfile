FROM nginx:1.25 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && cp -r dist/* /usr/share/nginx/html/
COPY nginx.conf /etc/nginx/conf.d/default.conf
EXPOSE 80

# stagesplit: runtime stage: only what /usr/share/nginx/html needs to run; build tools stay in "build"
FROM nginx:1.25
WORKDIR /app
# stagesplit: the program (cp -r 'dist/*' /usr/share/nginx/html/)
COPY --from=build /usr/share/nginx/html /usr/share/nginx/html
# stagesplit: read at run time: include('/etc/nginx/conf.d/default.conf') in /etc/nginx/nginx.conf (the image's own)
COPY --from=build /etc/nginx/conf.d/default.conf /etc/nginx/conf.d/default.conf
# stagesplit: carried whole: RUN npm run build && cp -r dist/* /usr/share/nginx/html/ (line 7) wrote files under /app/dist that the analysis cannot list
COPY --from=build /app/dist /app/dist
# stagesplit: carried: index.html is in the program's folder /app (from the context)
COPY --from=build /app/index.html /app/index.html
# stagesplit: carried: nginx.conf is in the program's folder /app (from the context)
COPY --from=build /app/nginx.conf /app/nginx.conf
# stagesplit: carried: package-lock.json is in the program's folder /app (from the context)
COPY --from=build /app/package-lock.json /app/package-lock.json
# stagesplit: carried: package.json is in the program's folder /app (from the context)
COPY --from=build /app/package.json /app/package.json
# stagesplit: carried: public is in the program's folder /app (from the context)
COPY --from=build /app/public /app/public
# stagesplit: carried: src is in the program's folder /app (from the context)
COPY --from=build /app/src /app/src
EXPOSE 80
# stagesplit: the build image's default command, which the original ran
CMD ["nginx", "-g", "daemon off;"]
