#!/usr/bin/env bash
# Refresh the Chinese catalog from the sources: new strings appear with empty translations.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs=".* __pycache__" -o /tmp/deskpact-messages.pot . >/dev/null
.venv/bin/pybabel update -i /tmp/deskpact-messages.pot -d app/translations -l zh --no-fuzzy-matching >/dev/null
.venv/bin/pybabel compile -d app/translations --statistics
