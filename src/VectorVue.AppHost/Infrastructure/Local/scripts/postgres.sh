#!/usr/bin/env bash
# Runs the machine's PostgreSQL server for VectorVue's local infrastructure mode (started by the AppHost).
# Initialises the data directory on first run, then replaces itself with `postgres`, so the process the
# orchestrator stops is the server itself. PostgreSQL refuses to run as root: as root, the data directory is
# given to the `postgres` OS user and the server runs as that user.
#
# Environment: PG_BIN (folder of postgres/initdb), PGDATA, PGPORT, POSTGRES_PASSWORD.
set -euo pipefail

: "${PG_BIN:?}" "${PGDATA:?}" "${PGPORT:?}" "${POSTGRES_PASSWORD:?}"
run_as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "local postgres: running as root needs a 'postgres' OS user (apt-get install postgresql creates it)" >&2; exit 1; }
  run_as=(setpriv --reuid=postgres --regid=postgres --init-groups --reset-env)
fi

mkdir -p "$PGDATA"
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$PGDATA"
fi
chmod 700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo "local postgres: initialising a new cluster in $PGDATA"
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  "${run_as[@]}" env PATH="$PG_BIN:/usr/bin:/bin" "$PG_BIN/initdb" -D "$PGDATA" -U postgres \
    --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
    --encoding=UTF8 --no-locale >/dev/null
  rm -f "$pwfile"
  trap - EXIT
fi

# No Unix socket: clients use TCP on loopback, like the container's published port. Commit timestamps are kept
# (track_commit_timestamp): the bench measures accept-to-commit as a row's commit time minus its received_at.
exec "${run_as[@]}" "$PG_BIN/postgres" -D "$PGDATA" -p "$PGPORT" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
  -c log_line_prefix='%m [%p] ' -c log_min_messages=warning \
  -c shared_buffers=256MB -c max_wal_size=4GB -c wal_compression=lz4 -c track_commit_timestamp=on
