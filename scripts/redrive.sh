#!/usr/bin/env bash
# make redrive: puts the dead letters back on the events stream through the worker's internal endpoint
# (POST /admin/dead-letters/redrive at WORKER_URL, default http://localhost:5081) and prints its answer,
# {"redriven": N, "remaining": M, "stopped_by": null | "high_water_mark" | "call_limit"}.
# The endpoint needs the worker's admin key: VECTORVUE_WORKER_ADMIN_KEY when set, else the key the AppHost
# generated into the local data directory (VECTORVUE_DATA_DIR, default .data)/worker-admin.key.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/worker-admin.sh" /admin/dead-letters/redrive
