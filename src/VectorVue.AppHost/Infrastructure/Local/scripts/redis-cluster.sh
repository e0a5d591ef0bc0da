#!/usr/bin/env bash
# Forms VectorVue's local Redis Cluster (started by the AppHost once every node answers), waits until every node
# reports cluster_state:ok, then exits: the services start only after it has finished successfully.
# Idempotent: a cluster already formed of exactly these nodes is left as it is (a restart keeps its slots and data).
# Nodes that know no other node and hold no slot are joined with `redis-cli --cluster create`, which gives the masters
# equal slot ranges in the order listed, so stream shard i lives on node i. Anything else (some nodes formed and some
# not, a cluster formed on other ports) is refused with what to do: it is never "repaired" over data.
# The password reaches redis-cli through REDISCLI_AUTH, never on its command line.
#
# Environment: REDIS_CLI, REDISCLI_AUTH, REDIS_NODES ("127.0.0.1:port …", in slot order).
set -euo pipefail

: "${REDIS_CLI:?}" "${REDISCLI_AUTH:?}" "${REDIS_NODES:?}"
read -r -a nodes <<<"$REDIS_NODES"
export REDISCLI_AUTH

cli() { local node=$1; shift; "$REDIS_CLI" -h "${node%:*}" -p "${node##*:}" "$@"; }
info() { cli "$1" cluster info | tr -d '\r' | sed -n "s/^$2://p"; }
# The addresses a node knows the cluster by (itself included), sorted.
members() { cli "$1" cluster nodes | awk '{ split($2, address, "@"); print address[1] }' | sort; }
fail() { echo "local redis cluster: $1" >&2; exit 1; }
refuse() {
  fail "$1 To start over, stop the AppHost and delete the data directory's redis-cluster/ folder (its queued events are lost)."
}

fresh=()
for node in "${nodes[@]}"; do
  known=$(info "$node" cluster_known_nodes)
  [ -n "$known" ] || fail "$node does not answer CLUSTER INFO."
  if [ "$known" = 1 ] && [ "$(info "$node" cluster_slots_assigned)" = 0 ]; then
    fresh+=("$node")
  fi
done

expected=$(printf '%s\n' "${nodes[@]}" | sort)
if [ "${#fresh[@]}" = "${#nodes[@]}" ]; then
  echo "local redis cluster: forming a cluster of ${nodes[*]}"
  "$REDIS_CLI" --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes
elif [ "${#fresh[@]}" != 0 ]; then
  refuse "${fresh[*]} belong to no cluster while the other nodes do."
else
  for node in "${nodes[@]}"; do
    [ "$(members "$node")" = "$expected" ] || refuse "$node belongs to a cluster of $(members "$node" | tr '\n' ' ')— not of ${nodes[*]} (were the ports changed?)."
  done
  echo "local redis cluster: already formed of ${nodes[*]}"
fi

deadline=$((SECONDS + 60))
for node in "${nodes[@]}"; do
  until [ "$(info "$node" cluster_state)" = ok ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$node does not report cluster_state:ok after 60 s."
    sleep 0.2
  done
done
echo "local redis cluster: cluster_state:ok on every node"
