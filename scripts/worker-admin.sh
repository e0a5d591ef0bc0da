#!/usr/bin/env bash
# scripts/worker-admin.sh <path>: POSTs to one of the worker's internal admin endpoints (WORKER_URL, default
# http://localhost:5081) with the worker's admin key and prints its answer; make redrive and make partitions use it.
# The key: VECTORVUE_WORKER_ADMIN_KEY when set, else the key the AppHost generated into the local data directory
# (VECTORVUE_DATA_DIR, default .data)/worker-admin.key.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
url="${WORKER_URL:-http://localhost:5081}"
path="${1:?usage: scripts/worker-admin.sh /admin/<endpoint>}"

key="${VECTORVUE_WORKER_ADMIN_KEY:-}"
if [ -z "$key" ]; then
  key_file="${VECTORVUE_DATA_DIR:-$root/.data}/worker-admin.key"
  if [ ! -f "$key_file" ]; then
    echo "No worker admin key ($key_file is missing): start the system with 'make run'," >&2
    echo "or set VECTORVUE_WORKER_ADMIN_KEY to the AppHost's worker-admin-key parameter." >&2
    exit 1
  fi
  key=$(cat "$key_file")
fi

# The key reaches curl on standard input (as a config line), never on a command line where ps would show it.
printf 'header = "Authorization: Bearer %s"\n' "$key" \
  | curl -sS --fail-with-body -X POST --config - "$url$path"
echo
