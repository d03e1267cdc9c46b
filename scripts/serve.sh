#!/usr/bin/env bash
# Start the background worker (the task queue: notification delivery, reminders, sweeps)
# beside the web server, and stop both together.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
"$PY" manage.py db_worker --queue-name "*" --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Background worker started (pid $worker)."
echo "ThinkFamily is starting on http://$HOST:$PORT/ (Ctrl+C to stop)"
"$PY" manage.py runserver "$HOST:$PORT"
