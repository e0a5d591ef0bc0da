#!/usr/bin/env bash
# Makes sure this machine can run VectorVue: the .NET SDK, and — when no container runtime answers — the
# machine's own PostgreSQL and Redis for local infrastructure mode. As root it installs what is missing with
# apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

say() { printf 'prerequisites: %s\n' "$*" >&2; }

if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET SDK 10 is required: https://learn.microsoft.com/dotnet/core/install/linux"
  exit 1
fi

if [ "${VECTORVUE_SKIP_LOCAL_PREREQUISITES:-}" = "1" ]; then
  exit 0
fi

if command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; then
  say "a container runtime answers: PostgreSQL and Redis will run as containers"
  exit 0
fi

missing=()
postgres_bin=""
if command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
  postgres_bin=$(dirname "$(command -v postgres)")
else
  postgres_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
{ [ -n "$postgres_bin" ] && [ -x "$postgres_bin/postgres" ] && [ -x "$postgres_bin/initdb" ]; } || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "no container runtime: installing ${missing[*]} for local mode"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

say "no container runtime answers, and local mode needs: ${missing[*]}"
say "install them with:  sudo apt-get install -y ${missing[*]}"
exit 1
