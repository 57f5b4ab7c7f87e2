#!/usr/bin/env bash
# Quick start: install, build the SQLite schema, add the demo client, serve on 127.0.0.1:5000
# with gunicorn (gunicorn.conf.py: workers and threads from the CPU count) and the background
# worker beside it. For development, `flask --app wsgi run --debug` serves with reloading.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask demo seed --if-empty
# background work (mail in and out, SLA scans, labels, reports) runs beside the web server
.venv/bin/flask worker > instance/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
echo
echo "Demo logins: see above (password for all: deskpact-demo)."
echo "Worker log: instance/worker.log; access log: instance/access.log"
echo "Deskpact is starting on http://127.0.0.1:5000"
.venv/bin/gunicorn -c gunicorn.conf.py
