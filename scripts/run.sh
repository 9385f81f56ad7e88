#!/usr/bin/env bash
# `make run`: migrate SQLite, load the demo, start the task worker and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-halte.settings.dev}"
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
mkdir -p var
export HALTE_BASE_URL="${HALTE_BASE_URL:-http://$HOST:$PORT}"
$PY -m halte migrate --noinput -v0
# The limits (look-ups, forms) count in this table, shared by every process.
$PY -m halte createcachetable
$PY -m halte demo --base-url "http://$HOST:$PORT"
MAIL_PORT="${MAIL_PORT:-2525}"
$PY -m halte db_worker --queue-name default >var/worker.log 2>&1 &
WORKER=$!
$PY -m halte receive_mail --host 127.0.0.1 --port "$MAIL_PORT" >var/mail-receiver.log 2>&1 &
RECEIVER=$!
$PY -m halte watch_promises --every 60 >var/promises.log 2>&1 &
WATCHER=$!
$PY -m halte poll_carriers --every 60 >var/carriers.log 2>&1 &
POLLER=$!
trap 'kill $WORKER $RECEIVER $WATCHER $POLLER 2>/dev/null || true' EXIT INT TERM
echo "  Task worker:    running (log in var/worker.log)"
echo "  Promises:       judged every minute (log in var/promises.log)"
echo "  Carrier polls:  queued every minute for accounts that poll (log in var/carriers.log)"
echo "  Mail in:        SMTP on 127.0.0.1:$MAIL_PORT for @halte.localhost; mail out lands in var/mail/"
echo "  Open http://$HOST:$PORT/track/ in your browser. Stop with Ctrl+C."
$PY -m halte runserver --noreload "$HOST:$PORT"
