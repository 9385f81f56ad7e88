#!/usr/bin/env bash
# A throw-away PostgreSQL on loopback for tests and benchmarks.
#   scripts/pg.sh run CMD...   start it, run CMD with DATABASE_URL set, stop it again
set -euo pipefail
PORT="${HALTE_PG_PORT:-15432}"
DATA="${HALTE_PG_DIR:-/tmp/halte-pg-$PORT}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL server not installed (Debian package 'postgresql')." >&2
  exit 3
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
start() {
  stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  as_pg "$PGBIN/initdb" -D "$DATA" -U halte --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Tests need no durability; a benchmark keeps PostgreSQL's defaults (HALTE_PG_DURABLE=1).
  local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${HALTE_PG_DURABLE:-0}" = 1 ] && fast=""
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 $fast" start >/dev/null
}
stop() {
  [ -d "$DATA" ] && as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
}
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  run)
    shift
    start
    trap stop EXIT
    "$PGBIN/psql" -q -h 127.0.0.1 -p "$PORT" -U halte -d postgres \
      -c "CREATE DATABASE halte_main" >/dev/null
    DATABASE_URL="postgres://halte@127.0.0.1:$PORT/halte_main" "$@"
    ;;
  *) echo "usage: $0 start|stop|run CMD..." >&2; exit 2 ;;
esac
