#!/usr/bin/env bash
# Each deployment's database step: apply the migrations as the tables' owner (MIGRATE_DATABASE_URL), then
# grant the application's role (the user in DATABASE_URL) what it needs (deploy/grant-app-role.sql): every
# table read and written, the audit table only read and added to. The units connect with DATABASE_URL, so the
# running application can never UPDATE, DELETE, TRUNCATE or ALTER the audit table, nor disable its triggers.
#
#   ( set -a; . /etc/empowerment/env; set +a; deploy/migrate.sh )       # in /opt/empowerment, as root
#
# Both URLs name the same database; their roles must differ. Run it after every pull, even with no new
# migration: it is what opens a new table to the application (there are no default privileges, on purpose).
# No password reaches a command line: psql reads MIGRATE_DATABASE_URL through deploy/pg-env.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}

if [ -z "${MIGRATE_DATABASE_URL:-}" ] || [ -z "${DATABASE_URL:-}" ]; then
  echo "Set MIGRATE_DATABASE_URL (the tables' owner) and DATABASE_URL (the application's role): see deploy/env.example" >&2
  exit 2
fi
roles=$(python3 - <<'PY'
import os
import urllib.parse as up

for name in ("DATABASE_URL", "MIGRATE_DATABASE_URL"):
    url = up.urlsplit(os.environ[name])
    print(up.unquote(url.username or ""), url.hostname or "", url.port or "", url.path, sep="\t")
PY
)
app_role=$(printf '%s\n' "$roles" | sed -n 1p | cut -f1)
if [ "$(printf '%s\n' "$roles" | cut -f2-4 | sort -u | wc -l)" != 1 ]; then
  echo "DATABASE_URL and MIGRATE_DATABASE_URL must name the same server and database" >&2
  exit 2
fi
if ! [[ $app_role =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]]; then
  echo "DATABASE_URL must name the application's role as a plain name (letters, digits, underscores)" >&2
  exit 2
fi
if [ "$app_role" = "$(printf '%s\n' "$roles" | sed -n 2p | cut -f1)" ]; then
  echo "DATABASE_URL and MIGRATE_DATABASE_URL use the same role: the application must not connect as the owner" >&2
  exit 2
fi

DATABASE_URL=$MIGRATE_DATABASE_URL "$PYTHON" manage.py migrate --noinput

# shellcheck source=deploy/pg-env.sh
. deploy/pg-env.sh
DATABASE_URL=$MIGRATE_DATABASE_URL pg_env_from_url
trap pg_env_cleanup EXIT
PGOPTIONS="-c empowerment.app_role=$app_role" psql -X -w -q -v ON_ERROR_STOP=1 -f deploy/grant-app-role.sql
