#!/usr/bin/env bash
# make bench-analytics: the analytics summary endpoint's latency over a seeded history (a benchmark, not a test).
# Seeds EVENTS demo events (default one million, idempotent), then times REQUESTS sequential
# GET /api/v1/client/analytics/summary per demo tenant and window (WINDOWS, default the 90-day default window and
# the longest allowed, 366 days) and prints p50/p95/p99.
# Uses the running system (make run) or starts it for the run and stops it after.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

events=${EVENTS:-1000000}
# 50 + 5 warm-up requests per tenant and window stay within a tenant's analytics limit (60 per sliding minute by
# default); a request refused with 429 waits its Retry-After and is sent again (its time is not counted).
requests=${REQUESTS:-50}
windows=${WINDOWS:-90 366}
api=${API_URL:-http://localhost:5080}
results_dir="$root/bench/results"
mkdir -p "$results_dir" .data

apphost_pid=""
cleanup() {
  if [ -n "$apphost_pid" ]; then
    kill -TERM "$apphost_pid" 2>/dev/null || true
    wait "$apphost_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

if ! curl -fsS -o /dev/null "$api/health" 2>/dev/null; then
  echo "Starting the system (log: .data/bench-analytics-apphost.log)…"
  setsid dotnet run --project src/VectorVue.AppHost --launch-profile http >.data/bench-analytics-apphost.log 2>&1 &
  apphost_pid=$!
  for _ in $(seq 1 180); do
    curl -fsS -o /dev/null "$api/health" 2>/dev/null && break
    sleep 1
  done
  curl -fsS -o /dev/null "$api/health" || { echo "The API did not come up; see .data/bench-analytics-apphost.log" >&2; exit 1; }
fi

seed_log=$(mktemp)
make --no-print-directory seed-clients EVENTS="$events" | tee "$seed_log"
# The seeder's table names each demo tenant of this volume with its id.
ids=$(grep '(demo ' "$seed_log" | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' | sort -u | paste -sd, -)
rm -f "$seed_log"
[ -n "$ids" ] || { echo "The seeder printed no demo tenant." >&2; exit 1; }
in_list=$(sed "s/,/','/g" <<<"$ids")
# shellcheck source=db-env.sh
source scripts/db-env.sh
mapfile -t tenants < <(psql -XAt -F'|' -c "SELECT id, name FROM tenants WHERE id IN ('$in_list') ORDER BY name")
total=$(psql -XAt -c "SELECT count(*) FROM client_activity_events")
# Scans of the tables a summary reads, per table (the event table's partitions together), before and after the run.
scans_sql="
  SELECT CASE WHEN relid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'client_activity_events'::regclass)
              THEN 'client_activity_events' ELSE relname END,
         sum(idx_scan), sum(seq_scan)
  FROM pg_stat_user_tables
  WHERE relname IN ('finding_lifecycles', 'remediation_lifecycles', 'daily_event_counts', 'daily_active_users', 'daily_report_downloads')
     OR relid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'client_activity_events'::regclass)
  GROUP BY 1 ORDER BY 1"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
report="$results_dir/analytics-$stamp.md"
{
  echo "# Analytics summary latency — $stamp"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB;" \
       "PostgreSQL $(psql -XAt -c 'SHOW server_version'), .NET $(dotnet --version)."
  echo "Table: ${total} events in client_activity_events. Each tenant and window: ${requests} sequential requests after 5 warm-up ones, the window ending at the request."
  echo
  echo "| tenant | window | events in window | mean ms | p50 ms | p95 ms | p99 ms | max ms |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} >"$report"

# Tokens and the events in each window first: these counts scan the event table, and the scans reported below are
# the summaries' only.
declare -A tokens in_windows
for row in "${tenants[@]}"; do
  IFS='|' read -r id name <<<"$row"
  tokens[$id]=$(dotnet run --project tools/VectorVue.DevTokens --no-build -- --tenant "$id" --user analyst01 --hours 1)
  for days in $windows; do
    in_windows[$id:$days]=$(psql -XAt -c "SELECT count(*) FROM client_activity_events WHERE tenant_id = '$id'
                                           AND \"timestamp\" >= now() - interval '$days days'")
  done
done
scans_before=$(psql -XAt -F'|' -c "$scans_sql")

# Windows outside, tenants inside: a tenant's next window comes after the others', when its limit has slid on.
for days in $windows; do
  for row in "${tenants[@]}"; do
    IFS='|' read -r id name <<<"$row"
    token=${tokens[$id]}
    in_window=${in_windows[$id:$days]}
    # The window ends at the request (to the second), as the default one does; 90 days is the default length.
    # Prints the time of one answered summary in ms.
    summary() {
      local now from to headers answer retry_after
      headers=$(mktemp)
      while :; do
        now=$(date +%s)
        from=$(date -u -d "@$((now - days * 86400))" +%Y-%m-%dT%H:%M:%SZ)
        to=$(date -u -d "@$now" +%Y-%m-%dT%H:%M:%SZ)
        answer=$(curl -sS -o /dev/null -D "$headers" -w '%{http_code} %{time_total}' \
          -H "Authorization: Bearer $token" "$api/api/v1/client/analytics/summary?from=$from&to=$to")
        case "${answer%% *}" in
          200) break ;;
          429) retry_after=$(awk -F': *' 'tolower($1) == "retry-after" {print $2 + 0}' "$headers" | tail -1)
               sleep "${retry_after:-1}" ;;
          *) echo "summary for $name ($days days): HTTP ${answer%% *}" >&2; rm -f "$headers"; exit 1 ;;
        esac
      done
      rm -f "$headers"
      awk '{printf "%.3f\n", $2 * 1000}' <<<"$answer"
    }
    for _ in 1 2 3 4 5; do
      summary >/dev/null
    done
    times=$(for _ in $(seq 1 "$requests"); do summary; done | sort -n)
    mean=$(awk '{s+=$1} END {printf "%.1f", s/NR}' <<<"$times")
    pct() { awk -v q="$1" '{v[NR]=$1} END {i=int(q*NR+0.999999); if (i<1) i=1; if (i>NR) i=NR; printf "%.1f", v[i]}' <<<"$times"; }
    echo "| $name | $days days | $in_window | $mean | $(pct 0.50) | $(pct 0.95) | $(pct 0.99) | $(pct 1.0) |" >>"$report"
  done
done

scans_after=$(psql -XAt -F'|' -c "$scans_sql")
{
  echo
  echo "Scans during the run (index / sequential), per table a summary reads:"
  join -t'|' <(sort <<<"$scans_before") <(sort <<<"$scans_after") |
    awk -F'|' '{printf "- %s: %d / %d\n", $1, $4 - $2, $5 - $3}'
} >>"$report"
echo
cat "$report"
echo
echo "Written to $report"
