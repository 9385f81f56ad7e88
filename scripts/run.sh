#!/usr/bin/env bash
# `make run`: migrate SQLite, load the demo, start the background processes and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-halte.settings.dev}"
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
MAIL_PORT="${MAIL_PORT:-2525}"
mkdir -p var

# A port somebody else holds is a loud stop, never a silent half-start.
port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
for wanted in "$PORT:web server" "$MAIL_PORT:mail receiver"; do
  if port_taken "$HOST" "${wanted%%:*}"; then
    echo "Port ${wanted%%:*} on $HOST is already in use, so the ${wanted#*:} cannot start." >&2
    echo "Stop whatever holds it (another 'make run'?) or pick others: make run PORT=8001 MAIL_PORT=2526" >&2
    exit 1
  fi
done

export HALTE_BASE_URL="${HALTE_BASE_URL:-http://$HOST:$PORT}"
$PY -m halte migrate --noinput -v0
# The limits (look-ups, forms) count in this table, shared by every process.
$PY -m halte createcachetable
$PY -m halte demo --base-url "http://$HOST:$PORT"

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT INT TERM
start() {  # start NAME LOG CMD...: run CMD in the background, fail loudly if it dies at once
  local name="$1" log="$2"
  shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=($!)
  sleep 0.5
  if ! kill -0 "$!" 2>/dev/null; then
    echo "The $name stopped right after starting; its log ($log) says:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
}
start "task worker" var/worker.log $PY -m halte db_worker --queue-name default
start "mail receiver" var/mail-receiver.log \
  $PY -m halte receive_mail --host "$HOST" --port "$MAIL_PORT"
start "outbox sweeper" var/outbox.log $PY -m halte send_outbox --every 15
start "promise watcher" var/promises.log $PY -m halte watch_promises --every 60
start "carrier poller" var/carriers.log $PY -m halte poll_carriers --every 60
start "push drainer" var/pushes.log $PY -m halte drain_pushes --every 0.1
for _ in $(seq 1 50); do port_taken "$HOST" "$MAIL_PORT" && break; sleep 0.2; done
if ! port_taken "$HOST" "$MAIL_PORT"; then
  echo "The mail receiver is not listening on $HOST:$MAIL_PORT; var/mail-receiver.log says:" >&2
  tail -n 20 var/mail-receiver.log >&2
  exit 1
fi
echo "  Task worker:    running (log in var/worker.log)"
echo "  Outbox:         swept every 15 s for retries and quiet hours (log in var/outbox.log)"
echo "  Promises:       judged every minute (log in var/promises.log)"
echo "  Carrier polls:  queued every minute for accounts that poll (log in var/carriers.log)"
echo "  Carrier pushes: stored from the inbox within a second (log in var/pushes.log)"
echo "  Mail in:        SMTP on $HOST:$MAIL_PORT for @halte.localhost; mail out lands in var/mail/"
echo "  Open http://$HOST:$PORT/track/ in your browser. Stop with Ctrl+C."
$PY -m halte runserver --noreload "$HOST:$PORT"
