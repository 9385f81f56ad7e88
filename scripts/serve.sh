#!/usr/bin/env bash
# `make serve`: the production web server. Production settings (every secret from the
# environment, see README "Running in production"), migrate, the cache table, static files,
# then gunicorn in the foreground. The background processes run beside it (docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-halte.settings.production}"
PY="${PYTHON:-.venv/bin/python}"
BIN="$(dirname "$PY")"
export HOST="${HOST:-127.0.0.1}"
export PORT="${PORT:-8000}"

# A port somebody else holds is a loud stop, never a silent half-start.
port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
probe_host="$HOST"
[ "$probe_host" = 0.0.0.0 ] && probe_host=127.0.0.1
if port_taken "$probe_host" "$PORT"; then
  echo "Port $PORT on $HOST is already in use, so the web server cannot start." >&2
  echo "Stop whatever holds it or pick another: make serve PORT=8001" >&2
  exit 1
fi

# Several web hosts may start at once: migrate is safe to repeat; HALTE_SKIP_MIGRATE=1 leaves
# it to one of them (or to the deployment).
if [ "${HALTE_SKIP_MIGRATE:-0}" != 1 ]; then
  $PY -m halte migrate --noinput -v0
fi
# The shared cache's table (limits, sign-in lockout); a no-op with Redis or when it exists.
$PY -m halte createcachetable
# Hashed, compressed copies in HALTE_STATIC_ROOT, served by whitenoise with far-future caching.
$PY -m halte collectstatic --noinput -v0
exec "$BIN/gunicorn" --config python:halte.gunicorn_conf
