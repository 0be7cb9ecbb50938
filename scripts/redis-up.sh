#!/usr/bin/env bash
# Make sure a Redis server answers on 127.0.0.1:6379 (install and start it if needed): the
# scale-out test runs two app servers on the Redis cache, as the README's production layout does.
# REDIS_PORT picks another port (default 6379).
set -euo pipefail
port="${REDIS_PORT:-6379}"

pong() {
  # PING over bash's /dev/tcp, so the check needs no redis-cli
  { exec 3<>/dev/tcp/127.0.0.1/$port; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  local reply=""
  read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [[ "$reply" == +PONG* ]]
}

if pong; then exit 0; fi
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
# loopback only, nothing kept on disk: a cache for tests
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no >/dev/null
for _ in $(seq 1 30); do
  if pong; then exit 0; fi
  sleep 1
done
echo "Redis did not start on 127.0.0.1:$port" >&2
exit 1
