#!/bin/sh
# Picks what to run from the first argument, as official images' entry scripts do;
# anything else is run as given.
set -e

case "$1" in
  serve)
    shift
    exec /usr/local/bin/ledger -listen :8096 "$@"
    ;;
  version)
    exec /usr/local/bin/ledger -version
    ;;
esac

exec "$@"
