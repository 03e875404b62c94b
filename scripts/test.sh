#!/usr/bin/env bash
# Runs every test of the solution. This is the README's test command and what CI (.ci/run) calls.
#
# Infrastructure, in order of preference:
#   1. UET_POSTGRES (and UET_RABBITMQ) already set: use them as they are.
#   2. A Docker engine answers: the tests start their own containers (Testcontainers).
#   3. Debian/Ubuntu: install (if missing) and start PostgreSQL and RabbitMQ bound to loopback,
#      with data directories of their own under $UET_TEST_INFRA, and stop them again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

infra_dir=${UET_TEST_INFRA:-/tmp/uet-test-infra}
started=()

log() { printf '[test.sh] %s\n' "$*" >&2; }

cleanup() {
  for what in "${started[@]:-}"; do
    case "$what" in
      postgres) as_postgres "$pg_bin/pg_ctl" -D "$infra_dir/pg" -m fast stop >/dev/null 2>&1 || true ;;
      rabbitmq) RABBITMQ_NODENAME=uet-test@localhost rabbitmqctl -q stop >/dev/null 2>&1 || true ;;
    esac
  done
}
trap cleanup EXIT

docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$pg_bin" ]; then
    if command -v apt-get >/dev/null 2>&1; then
      log "installing PostgreSQL (apt-get)"
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
    else
      log "no PostgreSQL and no apt-get: PostgreSQL tests will be skipped"; return 0
    fi
  fi
  local port=${UET_TEST_PG_PORT:-55432}
  mkdir -p "$infra_dir"; chmod 755 "$infra_dir"
  if [ ! -f "$infra_dir/pg/PG_VERSION" ]; then
    mkdir -p "$infra_dir/pg"; chown postgres "$infra_dir/pg" 2>/dev/null || true
    as_postgres "$pg_bin/initdb" -D "$infra_dir/pg" -A trust -U postgres >/dev/null
  fi
  chown -R postgres "$infra_dir/pg" 2>/dev/null || true
  as_postgres "$pg_bin/pg_ctl" -D "$infra_dir/pg" -l "$infra_dir/pg/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$infra_dir/pg -c fsync=off -c max_connections=200" start >/dev/null
  started+=(postgres)
  export UET_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  log "PostgreSQL on 127.0.0.1:$port"
}

if [ -z "${UET_POSTGRES:-}" ] && ! docker_answers; then
  start_postgres
fi

log "dotnet test"
dotnet test Orchestrator.sln -c Release --nologo -v q "$@"
