#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a NEW database and a new files folder, and verify it.
#
#   DATABASE_URL=postgres://user@host:5432/postgres deploy/restore.sh BACKUP_FOLDER NEW_DATABASE FILES_DIR
#
# DATABASE_URL names the server (and the role) to restore to; its database part is ignored. The
# checksums in SHA256SUMS are checked before anything is touched. NEW_DATABASE is created; an existing
# database is used only when it holds no tables, so a restore never lands on top of live data. FILES_DIR
# (the new PRIVATE_FILES_ROOT) must be missing or empty; every unpacked file is checked against
# files.sha256. Last, every table's row count in the new database is compared with the counts the
# backup took in its dump's snapshot; any difference fails the restore.
# Objects are owned by the restoring role (--no-owner, --no-acl), which becomes the new database's owner role
# (restore as the role of MIGRATE_DATABASE_URL). With APP_ROLE=name set, the application's role is then granted
# what it needs (deploy/grant-app-role.sql: the audit table only read and added to); without it, run
# deploy/migrate.sh against the new database before pointing the application at it.
set -euo pipefail
umask 077

if [ $# -ne 3 ]; then
  echo "usage: restore.sh BACKUP_FOLDER NEW_DATABASE FILES_DIR" >&2
  exit 2
fi
backup=$(cd "$1" && pwd)
new_db=$2
files_dir=$3

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/pg-env.sh
. "$here/pg-env.sh"
pg_env_from_url
trap pg_env_cleanup EXIT

if ! [[ $new_db =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]]; then
  echo "NEW_DATABASE must be a plain name (letters, digits, underscores)" >&2
  exit 2
fi

echo "Checking the backup's checksums"
(cd "$backup" && sha256sum --quiet --strict -c SHA256SUMS)

if [ -e "$files_dir" ] && [ -n "$(ls -A "$files_dir")" ]; then
  echo "$files_dir is not empty; choose a new folder for the files" >&2
  exit 1
fi

export PGDATABASE=postgres
exists=$(psql -X -w -At -v ON_ERROR_STOP=1 -v db="$new_db" <<'SQL'
SELECT count(*) FROM pg_database WHERE datname = :'db';
SQL
)
if [ "$exists" = "1" ]; then
  tables=$(PGDATABASE=$new_db psql -X -w -At -v ON_ERROR_STOP=1 <<'SQL'
SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%';
SQL
  )
  if [ "$tables" != "0" ]; then
    echo "Database $new_db already exists and is not empty; refusing to restore over it" >&2
    exit 1
  fi
  echo "Restoring into the existing, empty database $new_db"
else
  echo "Creating database $new_db"
  createdb -w "$new_db"
fi

echo "Restoring the database"
pg_restore -w --exit-on-error --single-transaction --no-owner --no-acl --dbname="$new_db" "$backup/database.dump"

echo "Unpacking the files into $files_dir"
mkdir -p "$files_dir"
tar -C "$files_dir" --no-same-permissions -xf "$backup/files.tar"  # umask 077: private to the owner
chmod 700 "$files_dir"
if [ -s "$backup/files.sha256" ]; then
  (cd "$files_dir" && sha256sum --quiet --strict -c "$backup/files.sha256")
fi

echo "Comparing row counts with the backup's"
restored=$(PGDATABASE=$new_db psql -X -w -At -F $'\t' -v ON_ERROR_STOP=1 <<'SQL'
SELECT format('%I.%I', n.nspname, c.relname),
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')
       ))[1]::text::bigint
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
 ORDER BY 1;
SQL
)
# Sorted the same way on both sides: the new database's collation may differ from the source's.
if ! difference=$(diff <(printf '%s\n' "$restored" | LC_ALL=C sort) <(LC_ALL=C sort "$backup/row-counts.tsv")); then
  echo "Row counts differ from the backup's (< restored, > backup):" >&2
  echo "$difference" >&2
  exit 1
fi
if [ -n "${APP_ROLE:-}" ]; then
  echo "Granting the application's role $APP_ROLE (deploy/grant-app-role.sql)"
  PGDATABASE=$new_db PGOPTIONS="-c empowerment.app_role=$APP_ROLE" \
    psql -X -w -q -v ON_ERROR_STOP=1 -f "$here/grant-app-role.sql"
fi
echo "Restored $(wc -l <"$backup/row-counts.tsv") tables and $(wc -l <"$backup/files.sha256") files into $new_db and $files_dir"
