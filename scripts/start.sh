#!/usr/bin/env bash
# Quick start: install, build the SQLite schema, add the demo client, serve on 127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask demo seed --if-empty
# background work (SLA scans, mail in and out, auto-close) runs beside the web server
.venv/bin/flask worker > instance/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
echo
echo "Demo logins: see above (password for all: deskpact-demo). Worker log: instance/worker.log"
echo "Deskpact is starting on http://127.0.0.1:5000"
.venv/bin/flask run --host 127.0.0.1 --port 5000
