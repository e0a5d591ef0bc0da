#!/usr/bin/env bash
# Runs the machine's redis-server for VectorVue's local infrastructure mode (started by the AppHost), with AOF
# on and no eviction, then replaces itself with the server so the orchestrator stops the server itself.
# The configuration — the password, and the services' ACL users — is handed over on standard input, so none of it
# shows in the process list. The default user keeps REDIS_PASSWORD for the operator; each service has its own user
# (REDIS_USERS: "user <name> <rules>" lines, passwords as SHA-256 only), allowed only the commands it runs.
# With REDIS_CLUSTER_BUS_PORT the server is a node of the local Redis Cluster: cluster mode, its nodes.conf beside its
# AOF, its bus on that port, and serving its own slots while another node is down (cluster-require-full-coverage no);
# redis-cluster.sh forms the cluster.
#
# Environment: REDIS_SERVER, REDIS_DATA, REDIS_PORT, REDIS_PASSWORD, REDIS_APPENDFSYNC (everysec|always), REDIS_USERS,
# REDIS_CLUSTER_BUS_PORT (cluster nodes only).
set -euo pipefail

: "${REDIS_SERVER:?}" "${REDIS_DATA:?}" "${REDIS_PORT:?}" "${REDIS_PASSWORD:?}"
fsync="${REDIS_APPENDFSYNC:-everysec}"
case "$fsync" in everysec|always) ;; *) echo "local redis: REDIS_APPENDFSYNC must be everysec or always, not '$fsync'" >&2; exit 1 ;; esac
mkdir -p "$REDIS_DATA"
cluster=""
if [ -n "${REDIS_CLUSTER_BUS_PORT:-}" ]; then
  cluster="cluster-enabled yes
cluster-config-file $REDIS_DATA/nodes.conf
cluster-port $REDIS_CLUSTER_BUS_PORT
cluster-require-full-coverage no"
fi

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
$cluster
${REDIS_USERS:-}
CONF
