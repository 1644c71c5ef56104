#!/bin/sh
# Wait a little for the orders database (PostgreSQL), the legacy reports database (MariaDB)
# and the cache (Redis), then start the command whatever happened: the app reconnects by
# itself. How each wait ended (0: ready; else the client's exit status) is handed to the app,
# which shows it on /status with the clients' versions.
set -u
tries=${WAIT_TRIES:-2}

n=0
orders=0
until pg_isready -h "$ORDERS_DB_HOST" -p "$ORDERS_DB_PORT" -t 1 >/dev/null 2>&1; do
    orders=$?
    n=$((n + 1))
    [ "$n" -ge "$tries" ] && break
    sleep 1
done
echo "entrypoint: orders database: pg_isready said $orders" >&2

for attempt in $(seq "$tries"); do
    if mysqladmin ping -h "$REPORTS_DB_HOST" -P "$REPORTS_DB_PORT" --connect-timeout=1 --silent >/dev/null 2>&1; then reports=0; break; else reports=$?; fi
    sleep 1
done
echo "entrypoint: reports database: mysqladmin said $reports" >&2

for attempt in $(seq "$tries"); do
    if redis-cli -h "$CACHE_HOST" -p "$CACHE_PORT" ping >/dev/null 2>&1; then cache=0; break; else cache=$?; fi
    sleep 1
done
echo "entrypoint: cache: redis-cli said $cache" >&2

WAITED="orders=$orders reports=$reports cache=$cache"
CLIENTS="$(pg_isready --version 2>&1 | head -n 1);$(mysqladmin --version 2>&1 | head -n 1);$(redis-cli --version 2>&1 | head -n 1)"
export WAITED CLIENTS
exec "$@"
