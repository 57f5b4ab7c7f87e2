#!/usr/bin/env bash
# The whole check: lint, format, and the test suite on SQLite and then on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

.venv/bin/ruff check .
.venv/bin/ruff format --check .

# PostgreSQL: start the local cluster if it is not running, and make sure the test database exists.
PG_URL=${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/test}
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null

echo "== tests on SQLite =="
env -u TEST_DATABASE_URL .venv/bin/python -m pytest -q "$@"
echo "== tests on PostgreSQL =="
TEST_DATABASE_URL="$PG_URL" .venv/bin/python -m pytest -q "$@"
