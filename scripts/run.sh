#!/usr/bin/env bash
# `make run`: migrate SQLite, load the demo, start the task worker and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-halte.settings.dev}"
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
mkdir -p var
$PY -m halte migrate --noinput -v0
$PY -m halte demo --base-url "http://$HOST:$PORT"
$PY -m halte db_worker --queue-name default >var/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "  Task worker:    running (log in var/worker.log)"
echo "  Open http://$HOST:$PORT/track/ in your browser. Stop with Ctrl+C."
$PY -m halte runserver --noreload "$HOST:$PORT"
