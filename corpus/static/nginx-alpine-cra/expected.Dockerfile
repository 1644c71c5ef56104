FROM nginx:1.27-alpine AS build

RUN apk add --no-cache nodejs npm

WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY public ./public
COPY src ./src
RUN npm run build \
    && rm -rf /usr/share/nginx/html/* \
    && cp -r build/. /usr/share/nginx/html/

COPY nginx/default.conf /etc/nginx/conf.d/default.conf
COPY nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf

EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]

# stagesplit: runtime stage: only what /usr/share/nginx/html needs to run; build tools stay in "build"
FROM nginx:1.27-alpine
WORKDIR /build
# stagesplit: the program (cp -r build/. /usr/share/nginx/html/)
COPY --from=build /usr/share/nginx/html /usr/share/nginx/html
# stagesplit: read at run time: include('/etc/nginx/conf.d/default.conf') in /etc/nginx/nginx.conf (the image's own)
COPY --from=build /etc/nginx/conf.d/default.conf /etc/nginx/conf.d/default.conf
# stagesplit: read at run time: include('/etc/nginx/snippets/security-headers.conf') in /etc/nginx/conf.d/default.conf:6
COPY --from=build /etc/nginx/snippets/security-headers.conf /etc/nginx/snippets/security-headers.conf
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
