#!/bin/sh
# The official image's entrypoint, reduced: when the command is nginx, run the
# scripts of /docker-entrypoint.d (the build may add some), then the command.
set -e
if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    for f in /docker-entrypoint.d/*.sh; do
        [ -x "$f" ] && "$f"
    done
fi
exec "$@"
