#!/bin/sh
# Entry point: derive some settings from the environment, then hand over to
# the real command (the Go binary by default) with exec so it runs as PID 1.
set -e

: "${WORKER_QUEUE:=default}"
WORKER_CONCURRENCY="${WORKER_CONCURRENCY:-4}"
export WORKER_QUEUE WORKER_CONCURRENCY
export WORKER_STARTED_BY=docker-entrypoint.sh

echo "entrypoint: queue=$WORKER_QUEUE concurrency=$WORKER_CONCURRENCY"

# allow "docker run image -v" style flags to be passed to the worker
if [ "${1#-}" != "$1" ]; then
	set -- ./worker "$@"
fi

exec "$@"
