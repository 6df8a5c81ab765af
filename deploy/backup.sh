#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and the private files (PDF exports) into a new
# timestamped folder with a manifest: a checksum of every file and the row count of every table.
# The folder (empowerment-YYYYMMDDTHHMMSSZ, named on stdout) holds database.dump, files.tar,
# files.sha256 (each file inside the archive), row-counts.tsv, manifest.txt and SHA256SUMS (all of
# them). It is written as *.partial and renamed only when complete.
#
#   DATABASE_URL=postgres://user@host:5432/empowerment PRIVATE_FILES_ROOT=/srv/empowerment/private \
#     deploy/backup.sh [BACKUP_ROOT]          # BACKUP_ROOT defaults to $BACKUP_DIR, then var/backups
#
# The row counts are taken in the very snapshot pg_dump dumps: one psql session opens a
# repeatable-read, read-only transaction, exports its snapshot, runs pg_dump with --snapshot (so the
# dump sees exactly that state), and counts every table in the same transaction. Counting afterwards
# would race with the running application; counting from the dump would prove nothing.
# The files are packed right after the dump: an export made in between is kept without its row
# (harmless), and one that expired in between is missing from the files, which the download view
# already treats as gone. Files still being written (*.part) are left out.
# With the exports in an S3-compatible bucket (EXPORTS_S3_BUCKET set, as in the application's environment) there is
# no exports folder to pack: the bucket's own versioning or replication keeps them (deploy/env.example), files.tar
# holds only what else is in PRIVATE_FILES_ROOT, and manifest.txt says where the exports are.
#
# The backup holds mental-health records: it is created private to its owner (umask 077) and must be
# encrypted at rest and kept off-site (see docs/deployment.md, "Backup and restore"). No password reaches a
# command line: DATABASE_URL is turned into libpq's environment (deploy/pg-env.sh).
set -euo pipefail
umask 077

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/pg-env.sh
. "$here/pg-env.sh"

root=${1:-${BACKUP_DIR:-$here/../var/backups}}
files_root=${PRIVATE_FILES_ROOT:-$here/../var/private}
stamp=$(date -u +%Y%m%dT%H%M%SZ)

pg_env_from_url
work=""
cleanup() {
  pg_env_cleanup
  if [ -n "$work" ] && [ -d "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

mkdir -p "$root"
final="$root/empowerment-$stamp"
if [ -e "$final" ]; then
  echo "A backup named $final already exists" >&2
  exit 1
fi
work="$final.partial"
mkdir "$work"

# 1. The database and its row counts, in one snapshot.
# psql runs inside the new folder, so the dump and the counts are written there by relative names.
(cd "$work" && psql -X -q -w -v ON_ERROR_STOP=1 >/dev/null) <<'SQL'
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;
SELECT pg_export_snapshot() AS snapshot, current_database() AS dbname,
       current_setting('server_version') AS server_version \gset
\setenv BACKUP_SNAPSHOT :snapshot
\setenv BACKUP_DBNAME :dbname
\setenv BACKUP_SERVER_VERSION :server_version
\! pg_dump -w --format=custom --snapshot="$BACKUP_SNAPSHOT" --file=database.dump && printf '%s\n%s\n%s\n' "$BACKUP_SNAPSHOT" "$BACKUP_DBNAME" "$BACKUP_SERVER_VERSION" >.dump-ok
\pset format unaligned
\pset fieldsep '\t'
\pset tuples_only on
\o row-counts.tsv
SELECT format('%I.%I', n.nspname, c.relname) AS table_name,
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')
       ))[1]::text::bigint AS row_count
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
 ORDER BY 1;
\o
COMMIT;
SQL
# (psql cannot fail on a `\!` command, hence the marker file written only when pg_dump succeeded.)
if [ ! -f "$work/.dump-ok" ]; then
  echo "pg_dump failed; no backup was made" >&2
  exit 1
fi
mapfile -t dump_info <"$work/.dump-ok"
rm "$work/.dump-ok"
if [ ! -s "$work/row-counts.tsv" ]; then
  echo "No tables were counted; no backup was made" >&2
  exit 1
fi

# 2. The private files: packed, then unpacked once to checksum exactly what the archive holds.
exports_bucket=${EXPORTS_S3_BUCKET:-}
if [ -n "$exports_bucket" ]; then
  echo "The PDF exports are in the bucket $exports_bucket (kept by its versioning or replication), not in this backup" >&2
  exports_where="s3 bucket $exports_bucket (its own versioning or replication; not in files.tar)"
else
  exports_where="filesystem, $files_root/exports (in files.tar)"
fi
if [ -d "$files_root" ]; then
  tar -C "$files_root" --exclude='*.part' -cf "$work/files.tar" .
else
  echo "No private files folder at $files_root; the files archive is empty" >&2
  tar -cf "$work/files.tar" -T /dev/null
fi
mkdir "$work/files"
tar -C "$work/files" -xf "$work/files.tar"
(cd "$work/files" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) >"$work/files.sha256"
rm -rf "$work/files"

# 3. The manifest: what this is, and checksums of everything in the folder.
{
  echo "created_at: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database: ${dump_info[1]}"
  echo "server_version: ${dump_info[2]}"
  echo "pg_dump: $(pg_dump --version)"
  echo "snapshot: ${dump_info[0]} (row-counts.tsv was counted in the snapshot pg_dump dumped)"
  echo "tables: $(wc -l <"$work/row-counts.tsv")"
  echo "rows: $(awk -F'\t' '{s += $2} END {print s + 0}' "$work/row-counts.tsv")"
  echo "files: $(wc -l <"$work/files.sha256")"
  echo "exports: $exports_where"
} >"$work/manifest.txt"
(cd "$work" && sha256sum database.dump files.tar files.sha256 row-counts.tsv manifest.txt) >"$work/SHA256SUMS"

mv "$work" "$final"
work=""
echo "$final"
