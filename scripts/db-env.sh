#!/usr/bin/env bash
# Sourced by the Makefile's database targets: exports PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE and
# VECTORVUE_DB (an Npgsql connection string) for "the configured database":
#   1. ConnectionStrings__vectorvue when it is set (external mode, or any database you point at);
#   2. otherwise the local-mode server the AppHost runs (127.0.0.1, VECTORVUE_PG_PORT or 55432, the password
#      generated into VECTORVUE_DATA_DIR or .data).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ -n "${ConnectionStrings__vectorvue:-}" ]; then
  IFS=';' read -r -a parts <<< "$ConnectionStrings__vectorvue"
  for part in "${parts[@]}"; do
    key=$(printf '%s' "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
    value="${part#*=}"
    case "$key" in
      host|server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      username|user|userid|"user id") export PGUSER="$value" ;;
      password) export PGPASSWORD="$value" ;;
      database) export PGDATABASE="$value" ;;
    esac
  done
  export VECTORVUE_DB="$ConnectionStrings__vectorvue"
else
  data_dir="${VECTORVUE_DATA_DIR:-$root/.data}"
  if [ ! -f "$data_dir/postgres.password" ]; then
    echo "No local database yet ($data_dir/postgres.password is missing): start the system with 'make run'," >&2
    echo "or point ConnectionStrings__vectorvue at a database." >&2
    exit 1
  fi
  export PGHOST=127.0.0.1 PGPORT="${VECTORVUE_PG_PORT:-55432}" PGUSER=postgres PGDATABASE=vectorvue
  PGPASSWORD=$(cat "$data_dir/postgres.password")
  export PGPASSWORD
  export VECTORVUE_DB="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$PGDATABASE"
fi
