#!/usr/bin/env bash
# Writes the secrets docker-compose.yml reads, once: each file is made only if missing,
# so running it again changes nothing. The bot token is yours to add (from @BotFather):
#   printf '%s' '123456:ABC...' > secrets/telegram_bot_token
# The folder is readable by root only; the files inside are world-readable so that the
# unprivileged users in the containers (postgres, redis, the bot) can read their own.
#   deploy/make-secrets.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-secrets}
mkdir -p "$dir"
chmod 700 "$dir"
random() { openssl rand -hex 32; }
write() {  # name value: only when the file is not there yet
  if [ ! -s "$dir/$1" ]; then
    printf '%s\n' "$2" > "$dir/$1"
    chmod 444 "$dir/$1"
    echo "wrote $dir/$1"
  fi
}
[ -s "$dir/postgres_password" ] || write postgres_password "$(random)"
pg=$(cat "$dir/postgres_password")
write database_url "postgresql+asyncpg://safe_report:$pg@postgres:5432/safe_report"
[ -s "$dir/redis_conf" ] || write redis_conf "requirepass $(random)"
redis=$(sed -n 's/^requirepass //p' "$dir/redis_conf")
write redis_url "redis://:$redis@redis:6379/0"
write secret_key "$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"
write portal_secret_key "$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')"
write webhook_secret "$(random)"
if [ ! -s "$dir/telegram_bot_token" ]; then
  echo "now add the bot token: printf '%s' '<token from @BotFather>' > $dir/telegram_bot_token"
fi
