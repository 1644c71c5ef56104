# Stand-in for nginx:1.25 (the official image, Debian bookworm based): Debian
# bookworm's nginx package (1.22.1, not nginx.org's 1.25) laid out as the
# official image is: /etc/nginx/nginx.conf including /etc/nginx/conf.d/*.conf,
# conf.d/default.conf serving /usr/share/nginx/html on port 80, an `nginx`
# user (uid/gid 101) for the workers, access and error logs sent to the
# container's stdout and stderr, /docker-entrypoint.sh running
# /docker-entrypoint.d/*.sh before the CMD, STOPSIGNAL SIGQUIT, EXPOSE 80.
# Differences: Debian's build (its modules, compiled-in temp paths under
# /var/lib/nginx), no njs module, no envsubst template or IPv6-tuning scripts
# in /docker-entrypoint.d (the folder is there, empty), no NGINX_VERSION/
# NJS_VERSION/PKG_RELEASE variables, no sites-available/sites-enabled folders.
FROM debian:bookworm-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 101 nginx \
 && useradd --system --gid nginx --uid 101 --no-create-home --home-dir /nonexistent --shell /bin/false nginx \
 && rm -rf /etc/nginx/sites-available /etc/nginx/sites-enabled /etc/nginx/conf.d/* /usr/share/nginx/html/* /var/www/html \
 && mkdir -p /docker-entrypoint.d /var/cache/nginx \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
COPY nginx.conf /etc/nginx/nginx.conf
COPY nginx-default.conf /etc/nginx/conf.d/default.conf
COPY nginx-index.html /usr/share/nginx/html/index.html
COPY nginx-50x.html /usr/share/nginx/html/50x.html
COPY nginx-docker-entrypoint.sh /docker-entrypoint.sh
RUN chmod 755 /docker-entrypoint.sh
ENTRYPOINT ["/docker-entrypoint.sh"]
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
