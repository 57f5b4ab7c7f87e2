#!/usr/bin/env bash
# Refresh the Chinese catalog from the sources: new strings appear with empty translations.
set -euo pipefail
cd "$(dirname "$0")/.."
# a template of its own: two checkouts refreshing at once must not read each other's
template="$(mktemp --suffix=.pot)"
trap 'rm -f "$template"' EXIT
.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".* __pycache__" -o "$template" . >/dev/null 2>&1
.venv/bin/pybabel update -i "$template" -d app/translations -l zh --no-fuzzy-matching >/dev/null
.venv/bin/pybabel compile -d app/translations --statistics
