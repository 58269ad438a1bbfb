#!/bin/sh
# Stand-in for the official nginx image: logs to the container's output, nginx in the foreground.
set -eu
ln -sf /dev/stdout /var/log/nginx/access.log
ln -sf /dev/stderr /var/log/nginx/error.log
exec "$@"
