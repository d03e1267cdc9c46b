#!/usr/bin/env bash
# Start the background worker (the task queue: notification delivery, reminders, sweeps)
# beside the web server, and stop both together.
set -euo pipefail
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# The deadline sweeps (MASH request reminders and escalations, referral outcome chases) run
# in the worker and schedule themselves; this makes sure exactly one run is waiting.
"$PY" manage.py schedule_sweeps
"$PY" manage.py db_worker --queue-name "*" --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Background worker started (pid $worker)."
echo "ThinkFamily is starting on http://$HOST:$PORT/ (Ctrl+C to stop)"
"$PY" manage.py runserver "$HOST:$PORT"
