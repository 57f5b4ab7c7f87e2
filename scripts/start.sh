#!/usr/bin/env bash
# Quick start: install, build the SQLite schema, add the demo client, serve on 127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask demo seed --if-empty
echo
echo "Demo logins: see above (or README). Background work: .venv/bin/flask --app wsgi worker"
echo "Deskpact is starting on http://127.0.0.1:5000"
exec .venv/bin/flask run --host 127.0.0.1 --port 5000
