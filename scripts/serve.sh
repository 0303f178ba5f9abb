#!/usr/bin/env bash
# Serves the site and runs a Celery worker beside it; one Ctrl-C stops both.
set -u
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
.venv/bin/celery -A csrplan worker --loglevel=INFO --concurrency=2 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
echo "csrplan is at http://127.0.0.1:${PORT}/ (Ctrl-C stops the site and the worker)"
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
