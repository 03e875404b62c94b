#!/usr/bin/env bash
# Runs every test of the solution. This is the README's test command and what CI (.ci/run) calls.
#
# Infrastructure, in order of preference:
#   1. UET_POSTGRES and UET_RABBITMQ already set: use them as they are.
#   2. Otherwise, where a Docker engine answers (`docker info`): tests/Uet.TestInfrastructure starts PostgreSQL 15 and
#      RabbitMQ 3.13 (management image) with Testcontainers, published on 127.0.0.1 only, waits until both are ready
#      and writes an env file that this script sources (UET_POSTGRES, UET_RABBITMQ, and UET_TEST_RABBITMQ_CONTAINER
#      for the test that restarts the broker with `docker exec`). The containers are removed when this script ends;
#      should it die unawares, the program sees its standard input close and removes them, and Testcontainers'
#      reaper (Ryuk) removes whatever is left. Build output and logs: $UET_TEST_INFRA/containers-bin, containers-build.log, containers.log.
#      UNTESTED HERE: the team's machines have no Docker engine, so this path has been compiled and its choice and
#      its "no Docker engine" failure tested, but it has never started a container.
#   3. Otherwise on Debian/Ubuntu: install (if missing) and start PostgreSQL and RabbitMQ bound to loopback,
#      with data directories of their own under $UET_TEST_INFRA, and stop them again at the end.
#      PostgreSQL: 127.0.0.1:55432 (UET_TEST_PG_PORT). RabbitMQ: node uet-test@localhost, AMQP on
#      127.0.0.1:55672 (UET_TEST_RABBITMQ_PORT), distribution on the next port, its own EPMD on
#      127.0.0.1:54369 (UET_TEST_EPMD_PORT); the RABBITMQ_* variables stay exported, so a test can
#      drive the node with rabbitmqctl. Installing needs root; running alone does not.
#   Only what 1 leaves unset is started (one of the two may come from the environment). UET_TEST_INFRA_SOURCE=local or
#   =containers forces 3 or 2; the source used is exported in it for the tests (environment, containers or local).
#   `scripts/test.sh --infra-source` prints the choice and exits, starting nothing.
#   Chromium (for the HTML report test) is installed too when missing; without it that test skips, saying why.
set -euo pipefail
cd "$(dirname "$0")/.."

infra_dir=${UET_TEST_INFRA:-/tmp/uet-test-infra}
started=()

log() { printf '[test.sh] %s\n' "$*" >&2; }

die() { log "$*"; exit 1; }

cleanup() {
  for what in "${started[@]:-}"; do
    case "$what" in
      postgres) as_postgres "$pg_bin/pg_ctl" -D "$infra_dir/pg" -m fast stop >/dev/null 2>&1 || true ;;
      rabbitmq) stop_rabbitmq ;;
      containers) stop_containers ;;
    esac
  done
}
trap cleanup EXIT

docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Debian's packages start a system-wide server on install (RabbitMQ on every interface); the tests want only their
# private, loopback-bound ones, so services are kept from starting while apt runs (policy-rc.d, as in Docker images).
apt_install() {
  [ "$(id -u)" = 0 ] || die "$* is not installed and installing it needs root: run 'sudo apt-get install -y $*', or set UET_POSTGRES/UET_RABBITMQ"
  local guard=/usr/sbin/policy-rc.d ours=no status=0
  if [ ! -e "$guard" ]; then printf '#!/bin/sh\nexit 101\n' >"$guard" && chmod 755 "$guard" && ours=yes; fi
  { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } || status=$?
  if [ "$ours" = yes ]; then rm -f "$guard"; fi
  [ "$status" = 0 ] || die "apt-get install $* failed (exit $status)"
}

start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$pg_bin" ]; then
    if command -v apt-get >/dev/null 2>&1; then
      log "installing PostgreSQL (apt-get)"
      apt_install postgresql
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

rabbit_bin=/usr/lib/rabbitmq/bin # Debian's real scripts; /usr/sbin's wrappers refuse users other than root and rabbitmq
rabbit_dir=$infra_dir/rabbitmq

# As root, the broker runs as the rabbitmq user (as Debian's wrappers would run it) with its files owned by that user.
as_rabbitmq() { if [ "$(id -u)" = 0 ]; then runuser -u rabbitmq -- "$@"; else "$@"; fi; }

tcp_answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

rabbitmq_env() {
  export RABBITMQ_NODENAME=uet-test@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=${UET_TEST_RABBITMQ_PORT:-55672}
  # The default distribution port is AMQP + 20000, past 65535 for ours.
  export RABBITMQ_DIST_PORT=${UET_TEST_RABBITMQ_DIST_PORT:-$((RABBITMQ_NODE_PORT + 1))}
  # A private EPMD on loopback, so that stopping ours never touches another node's.
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT=${UET_TEST_EPMD_PORT:-54369}
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export RABBITMQ_MNESIA_BASE=$rabbit_dir/mnesia
  export RABBITMQ_LOG_BASE=$rabbit_dir/log
  export RABBITMQ_CONFIG_FILE=$rabbit_dir/rabbitmq.conf
  export RABBITMQ_ENABLED_PLUGINS_FILE=$rabbit_dir/enabled_plugins
  export RABBITMQ_PID_FILE=$rabbit_dir/rabbitmq.pid
  export ERL_CRASH_DUMP=$rabbit_dir/log/erl_crash.dump
}

rabbitmq_log_tail() { tail -n 30 "$rabbit_dir"/log/*.log 2>/dev/null | sed 's/^/  | /' >&2 || true; }

rabbitmq_pid() { if [ -s "$RABBITMQ_PID_FILE" ]; then cat "$RABBITMQ_PID_FILE"; fi; }

# Stops our node and waits until its VM has exited (a port still held would fail the next start). Not
# 'rabbitmqctl stop <pid file>': that waits for the file to appear, for ever, when the node is already gone.
stop_rabbitmq() {
  local pid limit=60 began=$SECONDS
  pid=$(rabbitmq_pid)
  as_rabbitmq "$rabbit_bin/rabbitmqctl" -q stop >/dev/null 2>&1 || true
  if [ -n "$pid" ]; then
    while kill -0 "$pid" 2>/dev/null && [ $((SECONDS - began)) -lt "$limit" ]; do sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      log "RabbitMQ (pid $pid) did not stop within $limit s: killing it"
      as_rabbitmq kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # Our EPMD refuses to die while another node is registered with it, which is the behaviour we want.
  epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
}

# Booting takes 10-60 s on a small machine. The AMQP listener opens last, so a TCP connect is the cheap probe;
# rabbitmqctl costs about 2 s a call and is used once, at the end. Fails early when the VM exits while booting.
wait_for_rabbitmq() {
  local port=$1 limit=$2 began=$SECONDS pid=""
  until tcp_answers 127.0.0.1 "$port"; do
    [ -n "$pid" ] || pid=$(rabbitmq_pid)
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then log "RabbitMQ exited while starting"; return 1; fi
    if [ $((SECONDS - began)) -ge "$limit" ]; then log "RabbitMQ did not open 127.0.0.1:$port within $limit s"; return 1; fi
    sleep 1
  done
}

start_rabbitmq() {
  if [ ! -x "$rabbit_bin/rabbitmq-server" ]; then
    if command -v apt-get >/dev/null 2>&1; then
      log "installing RabbitMQ (apt-get)"
      apt_install rabbitmq-server
    else
      log "no RabbitMQ and no apt-get: RabbitMQ tests will be skipped"; return 0
    fi
  fi
  rabbitmq_env
  local port=$RABBITMQ_NODE_PORT limit=${UET_TEST_RABBITMQ_START_SECONDS:-180} began=$SECONDS

  # A broker left by an earlier run that was killed before its clean-up: stop it, the tests want an empty one.
  local leftover
  leftover=$(rabbitmq_pid)
  if [ -n "$leftover" ] && kill -0 "$leftover" 2>/dev/null; then
    log "stopping the test broker an earlier run left behind (pid $leftover)"
    stop_rabbitmq
  fi
  if tcp_answers 127.0.0.1 "$port"; then
    die "127.0.0.1:$port is already taken by another process: set UET_TEST_RABBITMQ_PORT to a free port, or UET_RABBITMQ to a broker to use"
  fi

  # A fresh node every run: no queue or message of an earlier run survives.
  mkdir -p "$infra_dir"; chmod 755 "$infra_dir"
  rm -rf "$rabbit_dir"; mkdir -p "$rabbit_dir/log"
  printf '%s\n' 'loopback_users = none' >"$rabbit_dir/rabbitmq.conf"
  printf '%s\n' '[].' >"$rabbit_dir/enabled_plugins"
  if [ "$(id -u)" = 0 ]; then
    chown -R rabbitmq: "$rabbit_dir"
    runuser -u rabbitmq -- test -w "$rabbit_dir" ||
      die "the rabbitmq user cannot write $rabbit_dir: set UET_TEST_INFRA to a directory every user can reach (default /tmp/uet-test-infra)"
  fi

  # 55672 lies in Linux's ephemeral range (32768-60999): a client's outgoing connection can hold it for a moment
  # and the node then fails with eaddrinuse. That is worth another attempt; any other failure is not.
  local attempt
  started+=(rabbitmq)
  for attempt in 1 2 3; do
    log "starting RabbitMQ (node $RABBITMQ_NODENAME, 127.0.0.1:$port)"
    rm -f "$RABBITMQ_PID_FILE"
    (cd "$rabbit_dir" && as_rabbitmq "$rabbit_bin/rabbitmq-server" -detached) >"$rabbit_dir/log/startup.out" 2>&1 ||
      { cat "$rabbit_dir/log/startup.out" >&2; die "rabbitmq-server did not start"; }
    wait_for_rabbitmq "$port" "$limit" && break
    if [ "$attempt" -lt 3 ] && grep -qs eaddrinuse "$rabbit_dir"/log/*.log; then
      log "127.0.0.1:$port or $RABBITMQ_DIST_PORT was busy for a moment (eaddrinuse): starting again"
      stop_rabbitmq; rm -rf "$RABBITMQ_MNESIA_BASE" "$rabbit_dir"/log/*.log
      continue
    fi
    rabbitmq_log_tail; die "RabbitMQ did not start on 127.0.0.1:$port (logs in $rabbit_dir/log)"
  done
  as_rabbitmq "$rabbit_bin/rabbitmqctl" -q await_startup --timeout 60 >/dev/null ||
    { rabbitmq_log_tail; die "RabbitMQ opened its port but did not finish booting"; }

  export UET_RABBITMQ="amqp://guest:guest@127.0.0.1:$port/"
  log "RabbitMQ on 127.0.0.1:$port (node $RABBITMQ_NODENAME, ready after $((SECONDS - began)) s)"
}

# The HTML report test renders in headless Chromium (Debian's package); without it that one test skips, saying so.
ensure_chromium() {
  if [ -n "${UET_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1; then return 0; fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing Chromium (apt-get) for the HTML report test"
    ( apt_install chromium ) || log "Chromium could not be installed: the HTML report rendering test will be skipped"
  else
    log "no Chromium and no way to install it: the HTML report rendering test will be skipped"
  fi
}

# The container path. The program's standard input is fd 9 of this script (closed for everything it runs after), so
# that it sees the end of it when this script goes, however it goes.
containers_bin=$infra_dir/containers-bin
containers_log=$infra_dir/containers.log
containers_build_log=$infra_dir/containers-build.log

start_containers() {
  local env_file=$infra_dir/containers.env limit=${UET_TEST_CONTAINERS_START_SECONDS:-900} began=$SECONDS
  mkdir -p "$infra_dir"; rm -f "$env_file"
  log "building tests/Uet.TestInfrastructure (Testcontainers)"
  dotnet build tests/Uet.TestInfrastructure/Uet.TestInfrastructure.csproj -c Release --nologo -v q -o "$containers_bin" \
    >"$containers_build_log" 2>&1 || { tail -n 30 "$containers_build_log" >&2; die "tests/Uet.TestInfrastructure did not build (log: $containers_build_log)"; }
  log "starting ${*#--} in containers (the first run pulls the images)"
  exec 9> >(exec dotnet "$containers_bin/Uet.TestInfrastructure.dll" --env-file "$env_file" "$@" >"$containers_log" 2>&1)
  containers_pid=$!
  started+=(containers)
  until [ -s "$env_file" ]; do
    if ! kill -0 "$containers_pid" 2>/dev/null; then
      tail -n 20 "$containers_log" | sed 's/^/  | /' >&2
      die "the containers did not start (log: $containers_log); UET_TEST_INFRA_SOURCE=local uses local servers instead"
    fi
    if [ $((SECONDS - began)) -ge "$limit" ]; then die "the containers were not ready within $limit s (log: $containers_log)"; fi
    sleep 1
  done
  # shellcheck disable=SC1090 # written by the program: export NAME='value' lines
  . "$env_file"
  log "${*#--} ready in containers on 127.0.0.1 after $((SECONDS - began)) s (log: $containers_log)"
}

# Closing fd 9 is enough; SIGTERM too, in case something this script started still holds a copy of it.
stop_containers() {
  local limit=120 began=$SECONDS
  exec 9>&-
  kill -TERM "$containers_pid" 2>/dev/null || true
  while kill -0 "$containers_pid" 2>/dev/null && [ $((SECONDS - began)) -lt "$limit" ]; do sleep 0.5; done
  if kill -0 "$containers_pid" 2>/dev/null; then
    log "the container program (pid $containers_pid) did not stop within $limit s: killing it (Ryuk removes its containers)"
    kill -KILL "$containers_pid" 2>/dev/null || true
  fi
}

# What provides the servers UET_POSTGRES / UET_RABBITMQ leave unset: environment (none is unset), containers or local.
infra_source() {
  if [ -n "${UET_POSTGRES:-}" ] && [ -n "${UET_RABBITMQ:-}" ]; then echo environment; return 0; fi
  case "${UET_TEST_INFRA_SOURCE:-}" in
    local | containers) echo "$UET_TEST_INFRA_SOURCE"; return 0 ;;
    "") ;;
    *) die "UET_TEST_INFRA_SOURCE=$UET_TEST_INFRA_SOURCE is not a source: use local or containers, or leave it unset" ;;
  esac
  if docker_answers; then echo containers; else echo local; fi
}

infra=$(infra_source)
if [ "${1:-}" = --infra-source ]; then
  source_of() { if [ -n "$1" ]; then echo environment; else echo "$infra"; fi; }
  printf 'postgres=%s rabbitmq=%s\n' "$(source_of "${UET_POSTGRES:-}")" "$(source_of "${UET_RABBITMQ:-}")"
  exit 0
fi
export UET_TEST_INFRA_SOURCE=$infra

case "$infra" in
  containers)
    wanted=()
    if [ -z "${UET_POSTGRES:-}" ]; then wanted+=(--postgres); fi
    if [ -z "${UET_RABBITMQ:-}" ]; then wanted+=(--rabbitmq); fi
    start_containers "${wanted[@]}"
    ;;
  local)
    if [ -z "${UET_POSTGRES:-}" ]; then
      start_postgres
    fi
    if [ -z "${UET_RABBITMQ:-}" ]; then
      start_rabbitmq
    fi
    ;;
esac
ensure_chromium

log "dotnet test"
# The console logger at minimal verbosity prints each failed test's message and stack trace (quiet MSBuild output
# alone shows only its name), so a red CI run says why.
dotnet test Orchestrator.sln -c Release --nologo -v q --logger "console;verbosity=minimal" "$@" 9>&-
