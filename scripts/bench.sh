#!/usr/bin/env bash
# `make bench`: the benchmark on PostgreSQL (see docs/performance.md).
# DATABASE_URL names the large (N=20,000) database; "<name>_small" is used for N=100. Both are
# created when missing and their operational tables are reseeded (seed_bench --reset).
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${BENCH_DATABASE_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sxsh_bench}}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "bench: DATABASE_URL must be a PostgreSQL URL (got ${DATABASE_URL%%:*}://…)" >&2; exit 2 ;;
esac
if [ -x ./scripts/postgres-up.sh ]; then ./scripts/postgres-up.sh; fi
exec .venv/bin/python bench/run.py all "$@"
