# Sourced by backup.sh and restore.sh: turn DATABASE_URL into libpq's environment variables, so no
# address or password ever appears on a command line (where `ps` would show it to every local user).
# A password in the URL goes to a private PGPASSFILE that is removed on exit.

pg_env_from_url() {
  if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set (postgres://user@host:5432/dbname)" >&2
    return 2
  fi
  local parsed
  parsed=$(python3 - <<'PY'
import os
import urllib.parse as up

url = up.urlsplit(os.environ["DATABASE_URL"])
if url.scheme not in ("postgres", "postgresql", "pgsql"):
    raise SystemExit("DATABASE_URL must be a postgres:// address")
query = dict(up.parse_qsl(url.query))
print(up.unquote(url.hostname or ""))
print(url.port or "")
print(up.unquote(url.username or ""))
print(up.unquote(url.path.lstrip("/")))
print(up.unquote(url.password or ""))
print(query.get("sslmode", ""))
print("end")  # keeps the empty fields above: $(...) drops trailing newlines
PY
  ) || return 2
  local fields
  mapfile -t fields <<<"$parsed"
  if [ "${#fields[@]}" -ne 7 ]; then
    echo "DATABASE_URL could not be read" >&2
    return 2
  fi
  [ -n "${fields[0]}" ] && export PGHOST="${fields[0]}"
  [ -n "${fields[1]}" ] && export PGPORT="${fields[1]}"
  [ -n "${fields[2]}" ] && export PGUSER="${fields[2]}"
  [ -n "${fields[3]}" ] && export PGDATABASE="${fields[3]}"
  [ -n "${fields[5]}" ] && export PGSSLMODE="${fields[5]}"
  if [ -n "${fields[4]}" ]; then
    PG_ENV_PASSFILE=$(mktemp)
    chmod 600 "$PG_ENV_PASSFILE"
    local escaped=${fields[4]//\\/\\\\}
    escaped=${escaped//:/\\:}
    printf '*:*:*:*:%s\n' "$escaped" >"$PG_ENV_PASSFILE"
    export PGPASSFILE="$PG_ENV_PASSFILE"
  fi
  return 0
}

pg_env_cleanup() {
  if [ -n "${PG_ENV_PASSFILE:-}" ]; then
    rm -f "$PG_ENV_PASSFILE"
  fi
}
