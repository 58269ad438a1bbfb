#!/bin/sh
# Stand-in for the official redis image's entrypoint: redis-server runs as user redis in /data.
set -eu
if [ "${1:-}" = redis-server ]; then
  chown -R redis:redis /data
  exec setpriv --reuid=redis --regid=redis --init-groups -- "$@"
fi
exec "$@"
