#!/usr/bin/env bash
# Encrypted backups of the PostgreSQL database, and their restore.
#
#   scripts/backup.sh dump --recipient AGE_PUBLIC_KEY [--dir backups]
#   scripts/backup.sh restore --identity KEY_FILE [--database NAME] FILE
#
# A dump (pg_dump, custom format) is encrypted with age to the operator's public key as
# it is written: the server holds only the public key, so neither the server nor the
# place the backups are copied to can read them. The private key (made once with
# `age-keygen -o backup-identity.txt`) stays with the operator, offline; it is needed
# only to restore. Survivors' narratives are already encrypted inside the database;
# this protects everything else (metadata, accounts, audit).
#
# pg_dump and pg_restore run inside the postgres container:
#   SAFE_REPORT_PG_EXEC  the command prefix that reaches it
#                        (default: "docker compose exec -T postgres";
#                         with podman: "podman exec -i <project>-postgres-1")
# restore replaces the objects it restores in the target database (--clean); restore
# into a fresh database first to check a backup (docs/deploy.md, "Backups").
set -euo pipefail
exec_prefix=${SAFE_REPORT_PG_EXEC:-docker compose exec -T postgres}
read -r -a pg <<< "$exec_prefix"
command -v age >/dev/null || { echo "backup.sh: needs age (apt-get install age)" >&2; exit 2; }

dump() {
  local recipient="" dir=backups
  while [ $# -gt 0 ]; do
    case $1 in
      --recipient) recipient=$2; shift 2 ;;
      --dir) dir=$2; shift 2 ;;
      *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
  done
  [ -n "$recipient" ] || { echo "backup.sh dump: --recipient (an age public key) is required" >&2; exit 2; }
  mkdir -p "$dir"
  local file
  file="$dir/safe-report-$(date -u +%Y%m%dT%H%M%SZ).dump.age"
  # pipefail: a failed pg_dump fails the backup; the partial file is removed.
  if ! "${pg[@]}" pg_dump -U safe_report -d safe_report --format=custom \
      | age --encrypt --recipient "$recipient" --output "$file.partial"; then
    rm -f "$file.partial"
    echo "backup.sh: the dump failed" >&2
    exit 1
  fi
  mv "$file.partial" "$file"
  echo "$file"
}

restore() {
  local identity="" database=safe_report file=""
  while [ $# -gt 0 ]; do
    case $1 in
      --identity) identity=$2; shift 2 ;;
      --database) database=$2; shift 2 ;;
      *) file=$1; shift ;;
    esac
  done
  [ -n "$identity" ] && [ -n "$file" ] || { echo "usage: backup.sh restore --identity KEY FILE" >&2; exit 2; }
  age --decrypt --identity "$identity" "$file" \
    | "${pg[@]}" pg_restore -U safe_report -d "$database" --clean --if-exists --no-owner --exit-on-error
  echo "restored $file into $database"
}

case "${1:-}" in
  dump) shift; dump "$@" ;;
  restore) shift; restore "$@" ;;
  *) echo "usage: $0 dump|restore ..." >&2; exit 2 ;;
esac
