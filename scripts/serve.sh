#!/usr/bin/env bash
# Serves the site and runs a Celery worker beside it; one Ctrl-C (or a SIGTERM) stops both.
set -u
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
.venv/bin/celery -A csrplan worker --beat --schedule var/celerybeat-schedule --loglevel=INFO --concurrency=2 &
worker=$!
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}" &
server=$!
# Children started with & ignore the terminal's SIGINT, so the trap stops them explicitly.
trap 'kill "$server" "$worker" 2>/dev/null; wait' EXIT
trap 'exit 130' INT TERM
echo "csrplan is at http://127.0.0.1:${PORT}/ (Ctrl-C stops the site and the worker)"
wait -n "$server" "$worker"
