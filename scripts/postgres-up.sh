#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 (install and start it if needed).
set -euo pipefail
if command -v pg_isready >/dev/null && pg_isready -h 127.0.0.1 -p 5432 -q; then exit 0; fi
fresh=no
if ! command -v pg_ctlcluster >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  fresh=yes
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
for _ in $(seq 1 30); do
  if pg_isready -h 127.0.0.1 -p 5432 -q; then
    # a cluster we just installed uses password auth over TCP: give postgres the CI password
    if [ "$fresh" = yes ]; then runuser -u postgres -- psql -qc "ALTER USER postgres PASSWORD 'postgres'"; fi
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
