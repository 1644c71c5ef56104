#!/bin/sh
# The official image's entrypoint runs the scripts of /docker-entrypoint.d before nginx:
# publish which release this container serves, from the environment it was started with.
set -e
printf '{"release": "%s"}\n' "${SITE_RELEASE:-unknown}" > /usr/share/nginx/html/release.json
