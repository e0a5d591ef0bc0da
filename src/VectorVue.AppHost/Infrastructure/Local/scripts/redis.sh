#!/usr/bin/env bash
# Runs the machine's redis-server for VectorVue's local infrastructure mode (started by the AppHost), with AOF
# on and no eviction, then replaces itself with the server so the orchestrator stops the server itself.
# The configuration — the password, and the services' ACL users — is handed over on standard input, so none of it
# shows in the process list. The default user keeps REDIS_PASSWORD for the operator; each service has its own user
# (REDIS_USERS: "user <name> <rules>" lines, passwords as SHA-256 only), allowed only the commands it runs.
#
# Environment: REDIS_SERVER, REDIS_DATA, REDIS_PORT, REDIS_PASSWORD, REDIS_APPENDFSYNC (everysec|always), REDIS_USERS.
set -euo pipefail

: "${REDIS_SERVER:?}" "${REDIS_DATA:?}" "${REDIS_PORT:?}" "${REDIS_PASSWORD:?}"
fsync="${REDIS_APPENDFSYNC:-everysec}"
case "$fsync" in everysec|always) ;; *) echo "local redis: REDIS_APPENDFSYNC must be everysec or always, not '$fsync'" >&2; exit 1 ;; esac
mkdir -p "$REDIS_DATA"

exec "$REDIS_SERVER" - <<CONF
port $REDIS_PORT
bind 127.0.0.1
protected-mode yes
daemonize no
logfile ""
dir $REDIS_DATA
appendonly yes
appendfsync $fsync
appenddirname appendonlydir
save ""
maxmemory-policy noeviction
requirepass $REDIS_PASSWORD
${REDIS_USERS:-}
CONF
