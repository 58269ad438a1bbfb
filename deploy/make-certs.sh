#!/usr/bin/env bash
# A self-signed certificate for a local run or a test (never for a real deployment: use
# a certificate from a CA, see docs/deploy.md). Writes certs/fullchain.pem and
# certs/privkey.pem for HOST (default localhost; 127.0.0.1 is always included).
#   deploy/make-certs.sh [HOST] [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-localhost}
dir=${2:-certs}
mkdir -p "$dir"
if [ -s "$dir/fullchain.pem" ] && [ -s "$dir/privkey.pem" ]; then
  echo "$dir/fullchain.pem exists; remove it to make a new pair"
  exit 0
fi
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$host" \
  -addext "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null
chmod 644 "$dir/fullchain.pem"
echo "self-signed certificate for $host in $dir/ (valid 30 days)"
