#!/usr/bin/env bash
# Local stand-ins for the images docker-compose.yml names, built from Debian's packages
# for machines that reach no image registry (CI here): a Python 3.11 base for the
# project's Dockerfile, and PostgreSQL, Redis and nginx images whose entrypoints do what
# the official ones do for our compose file. Cached: an image that exists is not rebuilt
# (--rebuild forces). Prints the variables that point compose and the build at them.
#   deploy/standins/build.sh [--rebuild]      (root; needs podman and mmdebstrap)
set -euo pipefail
cd "$(dirname "$0")"
suite=bookworm
PYTHON_IMAGE=localhost/safe-report-standin/python:3.11-$suite
SERVICES_BASE=localhost/safe-report-standin/services-base:$suite
POSTGRES_IMAGE=localhost/safe-report-standin/postgres:$suite
REDIS_IMAGE=localhost/safe-report-standin/redis:$suite
NGINX_IMAGE=localhost/safe-report-standin/nginx:$suite
rebuild=0
[ "${1:-}" = --rebuild ] && rebuild=1

missing() { [ "$rebuild" = 1 ] || ! podman image exists "$1"; }

work=$(mktemp -d /var/tmp/safe-report-standins.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A root file system from Debian's packages, imported as an image.
debian_image() {
  local tag=$1 packages=$2
  mmdebstrap --quiet --variant=minbase --include="$packages" \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    "$suite" "$work/$(basename "${tag%%:*}").tar"
  podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    "$work/$(basename "${tag%%:*}").tar" "$tag" >/dev/null
  echo "built $tag"
}

pids=()
if missing "$PYTHON_IMAGE"; then
  debian_image "$PYTHON_IMAGE" python3,python3-venv,ca-certificates,passwd &
  pids+=($!)
fi
if missing "$SERVICES_BASE" || missing "$POSTGRES_IMAGE" || missing "$REDIS_IMAGE" || missing "$NGINX_IMAGE"; then
  if missing "$SERVICES_BASE"; then
    debian_image "$SERVICES_BASE" postgresql,redis-server,nginx-light,ca-certificates &
    pids+=($!)
  fi
fi
for pid in "${pids[@]}"; do wait "$pid"; done

for name in postgres redis nginx; do
  var=${name^^}_IMAGE
  if missing "${!var}"; then
    podman build --quiet --network none --build-arg BASE="$SERVICES_BASE" \
      -f "Containerfile.$name" -t "${!var}" . >/dev/null
    echo "built ${!var}"
  fi
done

cat <<VARS
PYTHON_IMAGE=$PYTHON_IMAGE
POSTGRES_IMAGE=$POSTGRES_IMAGE
REDIS_IMAGE=$REDIS_IMAGE
NGINX_IMAGE=$NGINX_IMAGE
VARS
