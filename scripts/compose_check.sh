#!/usr/bin/env bash
# The compose check: docker-compose.yml built and run here, in real containers, and used
# as people would (scripts/compose_check.py says what it proves). Run as root on a
# Debian machine; CI runs it from .ci/run. Everything is torn down, also on failure.
#
# Here, no image registry is reachable: the images compose names are stood in for by
# images built from Debian's packages (deploy/standins/build.sh, cached between runs),
# and pip reaches its indexes only from the host's network (the build uses
# --network host, this machine's wheel folder and CA bundle). The compose file is
# driven by scripts/compose_podman.py (podman directly; see its docstring for why).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
started=$(date +%s)
declare -a timings=()
stage() { stage_name=$1; stage_start=$(date +%s); echo "==> $1"; }
done_stage() {
  local took=$(( $(date +%s) - stage_start ))
  timings+=("$(printf '%6d s  %s' "$took" "$stage_name")")
  echo "    $stage_name took ${took} s"
}

stage "container tools from Debian (podman, runc, mmdebstrap, age)"
if ! command -v podman >/dev/null || ! command -v mmdebstrap >/dev/null || ! command -v age >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq podman runc mmdebstrap uidmap slirp4netns fuse-overlayfs age >/dev/null
fi
# crun fails on this kind of machine; runc needs these two settings (idempotent).
mkdir -p /etc/containers
if ! grep -qs 'runtime = "runc"' /etc/containers/containers.conf; then
  cat > /etc/containers/containers.conf <<'CONF'
[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
fi
done_stage

stage "stand-in base images from Debian packages (cached)"
eval "$(deploy/standins/build.sh | grep '^[A-Z_]*_IMAGE=')"
export PYTHON_IMAGE POSTGRES_IMAGE REDIS_IMAGE NGINX_IMAGE
done_stage

stage "project image (builder: locked dependencies, wheel, encoder conversion; runtime)"
export SAFE_REPORT_IMAGE=localhost/safe-report:compose-check
build_args=(--build-arg "BASE_IMAGE=$PYTHON_IMAGE")
volumes=()
# This machine: PyPI through the host's network and its re-signing proxy, torch's CPU
# wheel from the local wheel folder (download.pytorch.org is not reachable here).
if [ -d /opt/wheels ]; then
  volumes+=(--volume /opt/wheels:/opt/wheels:ro)
  build_args+=(--build-arg PIP_FIND_LINKS=/opt/wheels --build-arg TORCH_INDEX_URL=https://pypi.org/simple)
fi
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  volumes+=(--volume /etc/ssl/certs/ca-certificates.crt:/etc/ssl/host-ca.crt:ro)
  build_args+=(--build-arg PIP_CA_BUNDLE=/etc/ssl/host-ca.crt)
fi
podman build --quiet --network host "${volumes[@]}" "${build_args[@]}" -t "$SAFE_REPORT_IMAGE" . >/dev/null
podman image inspect --format '    image size: {{.Size}} bytes' "$SAFE_REPORT_IMAGE"
done_stage

stage "project folder: secrets, self-signed certificate, partners file"
work=$(mktemp -d /var/tmp/safe-report-compose-check.XXXXXX)
teardown() {
  local code=$?
  echo "==> teardown"
  if [ "$code" != 0 ]; then
    for c in srcheck-bot-1-1 srcheck-bot-2-1 srcheck-portal-1 srcheck-proxy-1 srcheck-migrate-1; do
      echo "--- last log lines of $c"; podman logs --tail 25 "$c" 2>&1 | tail -25 || true
    done
  fi
  .venv/bin/python scripts/compose_podman.py -p srcheck --project-dir "$work" down --volumes || true
  rm -rf "$work"
  exit "$code"
}
trap teardown EXIT
mkdir -p "$work/deploy" "$work/config" "$work/acme/.well-known/acme-challenge"
cp docker-compose.yml "$work/"
cp deploy/nginx.conf "$work/deploy/"
echo acme-ok > "$work/acme/.well-known/acme-challenge/probe"
# What an operator puts in .env; nginx's ports on loopback only, where the sandbox is.
cat > "$work/.env" <<ENV
PUBLIC_URL=https://localhost:${COMPOSE_CHECK_HTTPS_PORT:-18443}
HTTPS_BIND=127.0.0.1:${COMPOSE_CHECK_HTTPS_PORT:-18443}
HTTP_BIND=127.0.0.1:${COMPOSE_CHECK_HTTP_PORT:-18080}
ENV
# What an interrupted earlier run left (containers, network, volumes with old passwords).
.venv/bin/python scripts/compose_podman.py -p srcheck --project-dir "$work" down --volumes || true
deploy/make-secrets.sh "$work/secrets" >/dev/null
printf '%s:%s' "$(( 100000 + RANDOM ))" "$(openssl rand -hex 18)" > "$work/secrets/telegram_bot_token"
chmod 444 "$work/secrets/telegram_bot_token"
deploy/make-certs.sh localhost "$work/certs" >/dev/null
cat > "$work/config/partners.yaml" <<'YAML'
partners:
  - id: check-al
    name: "Compose check partner, Albania"
    countries: [al]
YAML
done_stage

[ -x .venv/bin/python ] || scripts/setup.sh
SSL_CERT_FILE="$work/certs/fullchain.pem" .venv/bin/python scripts/compose_check.py "$work"

stage "teardown"
.venv/bin/python scripts/compose_podman.py -p srcheck --project-dir "$work" down --volumes
done_stage
trap - EXIT
rm -rf "$work"
echo "compose check timings (this machine):"
printf '%s\n' "${timings[@]}"
echo "  total: $(( $(date +%s) - started )) s"
