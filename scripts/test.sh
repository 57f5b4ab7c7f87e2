#!/usr/bin/env bash
# The whole check: lint, format, and the test suite on SQLite and then on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

.venv/bin/ruff check .
.venv/bin/ruff format --check .

# PostgreSQL: start the local cluster if it is not running; each run gets a database of its own
# (dropped at the end), so two runs at once do not empty each other's tables.
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if [ -z "${TEST_PG_URL:-}" ]; then
  PG_DATABASE="deskpact_test_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $PG_DATABASE"
  trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DATABASE WITH (FORCE)"' EXIT
  TEST_PG_URL="postgresql://postgres@127.0.0.1:5432/$PG_DATABASE"
fi

echo "== tests on SQLite =="
env -u TEST_DATABASE_URL .venv/bin/python -m pytest -q "$@"
echo "== tests on PostgreSQL =="
TEST_DATABASE_URL="$TEST_PG_URL" .venv/bin/python -m pytest -q "$@"
