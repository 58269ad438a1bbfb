#!/usr/bin/env bash
# PostgreSQL, Redis and Chromium for the tests, from Debian's packages.
#   scripts/services.sh install   apt-get install them (needs root; CI does this)
#   scripts/services.sh start     start them on 127.0.0.1 and write .ci/test-services.env
set -euo pipefail
cd "$(dirname "$0")/.."
env_file=.ci/test-services.env

install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql redis-server chromium >/dev/null
}

start_postgres() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -q && break
    sleep 0.5
  done
  pg_isready -h 127.0.0.1 -q || return 1
  su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='safe_report'\"" | grep -q 1 \
    || su postgres -c "psql -q -c \"CREATE ROLE safe_report LOGIN CREATEDB PASSWORD 'safe_report'\""
  # Dropping a test database WITH (FORCE) must also stop an autovacuum worker on it.
  su postgres -c "psql -q -c \"GRANT pg_signal_backend TO safe_report\"" >/dev/null
  su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='safe_report_test'\"" | grep -q 1 \
    || su postgres -c "createdb -O safe_report safe_report_test"
  echo "SAFE_REPORT_TEST_POSTGRES_URL=postgresql+asyncpg://safe_report:safe_report@127.0.0.1:5432/safe_report_test" >> "$env_file"
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || return 1
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no >/dev/null
    for _ in $(seq 1 20); do
      redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
      sleep 0.25
    done
  fi
  echo "SAFE_REPORT_TEST_REDIS_URL=redis://127.0.0.1:6379/15" >> "$env_file"
}

start() {
  : > "$env_file"
  local missing=0
  start_postgres || { echo "PostgreSQL not available"; missing=1; }
  start_redis || { echo "Redis not available"; missing=1; }
  if command -v chromium >/dev/null 2>&1; then
    echo "SAFE_REPORT_TEST_CHROMIUM=$(command -v chromium)" >> "$env_file"
  else
    echo "Chromium not available"; missing=1
  fi
  return $missing
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  *) echo "usage: $0 install|start" >&2; exit 2 ;;
esac
