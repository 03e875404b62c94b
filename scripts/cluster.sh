#!/usr/bin/env bash
# Runs the distributed mode on this machine: every service its own process on loopback, against the RabbitMQ and
# PostgreSQL named by UET_RABBITMQ and UET_POSTGRES. For development and for the tests; production is deploy/.
#
#   scripts/cluster.sh start [--workers N] [--build]   start what is not running yet, wait until every service is ready
#   scripts/cluster.sh stop [--timeout SECONDS]         SIGTERM (workers drain), then SIGKILL after the timeout
#   scripts/cluster.sh status                           pid alive? ready? (exit 0 only when everything is)
#
# Run directory: $UET_CLUSTER_DIR (default .uet/cluster in the repository): <name>.pid, <name>.log (appended),
# <name>.url (health URL; the gateway's is also its HTTP API and dashboard), data/<name>/ (the service's UET_DATA_DIR
# and working directory).
# Health ports: 127.0.0.1:$UET_CLUSTER_PORT_BASE (default 5100) + gateway 0, planner 1, scheduler 2, integration 3,
# cost 4, metrics 5, worker-i 10+i. See docs/deployment.md.
# Hub: when UET_HUB is set (path or URL of a bare git repository), every service gets it, a relative path made
# absolute (services run in their own data directories); Worker and Integration then work through it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
run_dir=${UET_CLUSTER_DIR:-$repo/.uet/cluster}
case "$run_dir" in /*) ;; *) run_dir=$PWD/$run_dir ;; esac
port_base=${UET_CLUSTER_PORT_BASE:-5100}

# name, project folder under services/, health port offset. Workers are added by start (worker-1..N).
services=(
  "planner Planner 1"
  "scheduler Scheduler 2"
  "integration Integration 3"
  "cost Cost 4"
  "metrics Metrics 5"
  "gateway Gateway 0"
)

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# UET_HUB passes through to every service. A local path must be a bare repository, named absolutely because each
# service runs in its own data directory; a URL (scheme://, or scp-like host:path) is passed on as given.
resolve_hub() {
  [ -n "${UET_HUB:-}" ] || return 0
  case "$UET_HUB" in
    -*) die "UET_HUB='$UET_HUB' is not valid: give the path or URL of a bare git repository" ;;
    *://*) ;;
    [!/]*:*) ;;
    *)
      case "$UET_HUB" in /*) ;; *) UET_HUB=$PWD/$UET_HUB ;; esac
      [ "$(git -C "$UET_HUB" rev-parse --is-bare-repository 2>/dev/null)" = true ] ||
        die "UET_HUB=$UET_HUB is not a bare git repository: create it with 'git init --bare $UET_HUB'"
      ;;
  esac
  export UET_HUB
}

usage() {
  cat >&2 <<'EOF'
usage: scripts/cluster.sh start [--workers N] [--build]
       scripts/cluster.sh stop [--timeout SECONDS]
       scripts/cluster.sh status
start needs UET_RABBITMQ (AMQP URI) and UET_POSTGRES (Npgsql connection string); see docs/deployment.md.
EOF
  exit 2
}

dll_of() { printf '%s/services/%s/bin/Release/net10.0/Uet.%s.dll' "$repo" "$1" "$1"; }

redact() { sed -E 's#(://)[^@/]*@#\1***@#; s#(Password|Pwd)=[^;]*#\1=***#I' <<<"$1"; }

tcp_answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# The pid in <name>.pid, if that process is alive and still runs the service's dll (pids get reused).
live_pid() {
  local name=$1 pid args
  [ -s "$run_dir/$name.pid" ] || return 1
  pid=$(cat "$run_dir/$name.pid")
  args=$(ps -o args= -p "$pid" 2>/dev/null) || return 1
  [[ "$args" == *"Uet."*".dll"* ]] || return 1
  printf '%s' "$pid"
}

# HTTP status of GET <url>/health/ready, or "-" when nothing answers.
readiness() {
  local code
  code=$(curl -s -o /dev/null -m 3 -w '%{http_code}' "$1/health/ready" 2>/dev/null) || true
  if [ -z "$code" ] || [ "$code" = 000 ]; then printf '%s' -; else printf '%s' "$code"; fi
}

known_names() {
  local f
  for f in "$run_dir"/*.pid; do if [ -e "$f" ]; then basename "$f" .pid; fi; done | sort -V
}

print_table() {
  local name pid state ready url
  printf '%-12s %-8s %-8s %-6s %-24s %s\n' SERVICE PID STATE READY HEALTH LOG
  for name in "$@"; do
    url=$(cat "$run_dir/$name.url" 2>/dev/null || printf '%s' -)
    if pid=$(live_pid "$name"); then
      state=running; ready=$(readiness "$url")
    else
      pid=$(cat "$run_dir/$name.pid" 2>/dev/null || printf '%s' -); state=dead; ready=-
    fi
    printf '%-12s %-8s %-8s %-6s %-24s %s\n' "$name" "$pid" "$state" "$ready" "$url" "$run_dir/$name.log"
  done
}

# --- start -------------------------------------------------------------------------------------------------------

build_solution() {
  log "building the solution (Release): $1"
  dotnet build "$repo/Orchestrator.sln" -c Release --nologo -v q >&2 || die "the build failed; nothing was started"
}

has_project() { compgen -G "$repo/services/$1/*.csproj" >/dev/null; }

launch() {
  local name=$1 project=$2 port=$3; shift 3
  local dll url data pid
  dll=$(dll_of "$project")
  url="http://127.0.0.1:$port"
  data="$run_dir/data/$name"
  mkdir -p "$data"
  printf '\n=== %s: starting %s (%s)\n' "$(date -u +%FT%TZ)" "$name" "$dll" >>"$run_dir/$name.log"
  # setsid: the services outlive this script and ignore the terminal's Ctrl+C and hang-up; 'stop' ends them.
  (cd "$data" && exec env UET_DATA_DIR="$data" UET_HEALTH_URL="$url" "$@" setsid dotnet "$dll" >>"$run_dir/$name.log" 2>&1 </dev/null) &
  pid=$!
  printf '%s\n' "$pid" >"$run_dir/$name.pid"
  printf '%s\n' "$url" >"$run_dir/$name.url"
  launched+=("$name")
}

wait_ready() {
  local limit=$1 began=$SECONDS name pending=("${launched[@]}") still
  while [ "${#pending[@]}" -gt 0 ]; do
    still=()
    for name in "${pending[@]}"; do
      # kill -0, not live_pid: a process launched a moment ago may not have become 'dotnet' yet.
      if ! kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
        log "$name exited while starting; the end of $run_dir/$name.log:"
        # Only this start's part of the (appended) log.
        awk '/^=== /{part=""} {part=part $0 "\n"} END{printf "%s", part}' "$run_dir/$name.log" | tail -n 25 | sed 's/^/  | /' >&2
        return 1
      fi
      [ "$(readiness "$(cat "$run_dir/$name.url")")" = 200 ] || still+=("$name")
    done
    pending=("${still[@]}")
    [ "${#pending[@]}" -eq 0 ] && break
    if [ $((SECONDS - began)) -ge "$limit" ]; then
      log "not ready within $limit s: ${pending[*]} (their logs are in $run_dir)"
      return 1
    fi
    sleep 1
  done
}

cmd_start() {
  local workers=1 force=no
  while [ $# -gt 0 ]; do
    case "$1" in
      --workers) [ $# -ge 2 ] || usage; workers=$2; shift 2 ;;
      --workers=*) workers=${1#*=}; shift ;;
      --build) force=yes; shift ;;
      *) log "unknown option '$1'"; usage ;;
    esac
  done
  if ! [[ "$workers" =~ ^[0-9]+$ ]] || [ "$workers" -lt 1 ] || [ "$workers" -gt 80 ]; then
    die "--workers '$workers' is not valid: give a whole number from 1 to 80"
  fi
  [ -n "${UET_RABBITMQ:-}" ] ||
    die "UET_RABBITMQ is not set: export the broker's AMQP URI, e.g. UET_RABBITMQ=amqp://guest:guest@127.0.0.1:5672/"
  [ -n "${UET_POSTGRES:-}" ] ||
    die "UET_POSTGRES is not set: export an Npgsql connection string, e.g. UET_POSTGRES='Host=127.0.0.1;Port=5432;Username=uet;Password=...;Database=uet'"
  command -v dotnet >/dev/null || die "dotnet is not on PATH: install the .NET 10 SDK"
  command -v curl >/dev/null || die "curl is not on PATH: it is how readiness is checked (apt-get install -y curl)"
  command -v setsid >/dev/null || die "setsid is not on PATH (util-linux)"
  resolve_hub

  mkdir -p "$run_dir"
  local wanted=() entry name project offset i already=() todo=() unbuilt=() extra=()
  for entry in "${services[@]}"; do wanted+=("$entry"); done
  for ((i = 1; i <= workers; i++)); do wanted+=("worker-$i Worker $((10 + i))"); done
  for entry in "${wanted[@]}"; do
    read -r name project _ <<<"$entry"
    if live_pid "$name" >/dev/null; then
      already+=("$name")
    else
      todo+=("$entry")
      if has_project "$project" && [ ! -f "$(dll_of "$project")" ]; then unbuilt+=("$project"); fi
    fi
  done

  # Never build under running services: the build would replace the files they run from.
  if [ "$force" = yes ]; then
    [ "${#already[@]}" -eq 0 ] || die "--build with ${already[*]} running: run 'scripts/cluster.sh stop' first"
    build_solution "--build"
  elif [ "${#unbuilt[@]}" -gt 0 ]; then
    if [ "${#already[@]}" -eq 0 ]; then
      build_solution "no build of $(printf '%s\n' "${unbuilt[@]}" | sort -u | tr '\n' ' ')yet"
    else
      log "warning: not building while ${already[*]} run, so $(printf '%s\n' "${unbuilt[@]}" | sort -u | tr '\n' ' ')cannot start (stop the cluster first)"
    fi
  fi

  local startable=() taken=()
  for entry in "${todo[@]}"; do
    read -r name project offset <<<"$entry"
    if [ ! -f "$(dll_of "$project")" ]; then
      if has_project "$project"; then
        log "warning: $name skipped: $(dll_of "$project") does not exist (is services/$project in Orchestrator.sln?)"
      else
        log "warning: $name skipped: there is no services/$project project yet"
      fi
      continue
    fi
    if tcp_answers 127.0.0.1 $((port_base + offset)); then taken+=("127.0.0.1:$((port_base + offset)) ($name)"); fi
    startable+=("$entry")
  done
  # Checked before anything starts, so that a refusal leaves nothing half-started.
  [ "${#taken[@]}" -eq 0 ] ||
    die "taken by other processes: ${taken[*]}; stop them, or give this cluster other ports with UET_CLUSTER_PORT_BASE"

  launched=()
  [ "${#startable[@]}" -eq 0 ] || log "broker $(redact "$UET_RABBITMQ"), database $(redact "$UET_POSTGRES"), run directory $run_dir${UET_HUB:+, hub $(redact "$UET_HUB")}"
  for entry in "${startable[@]}"; do
    read -r name project offset <<<"$entry"
    case "$name" in
      worker-*) launch "$name" "$project" $((port_base + offset)) UET_WORKER_ID="$name" ;;
      *) launch "$name" "$project" $((port_base + offset)) ;;
    esac
  done
  for name in $(known_names); do
    if [[ "$name" == worker-* ]] && [ "${name#worker-}" -gt "$workers" ] && live_pid "$name" >/dev/null; then extra+=("$name"); fi
  done

  if [ "${#launched[@]}" -eq 0 ]; then
    [ "${#already[@]}" -gt 0 ] || die "no service could be started (none is built)"
    log "already running: ${already[*]}; nothing to start"
  else
    [ "${#already[@]}" -eq 0 ] || log "already running: ${already[*]}"
    log "started ${launched[*]}; waiting for /health/ready"
    if ! wait_ready "${UET_CLUSTER_START_SECONDS:-180}"; then
      log "stopping what this start launched"
      stop_names 20 "${launched[@]}"
      exit 1
    fi
  fi
  [ "${#extra[@]}" -eq 0 ] || log "also running, beyond --workers $workers: ${extra[*]} (cluster.sh stop, then start, to have fewer)"
  # shellcheck disable=SC2046
  print_table $(known_names)
  print_gateway
}

# Where people and scripts talk to the cluster over HTTP (docs/api.md).
print_gateway() {
  if live_pid gateway >/dev/null && [ -s "$run_dir/gateway.url" ]; then
    log "HTTP API and dashboard: $(cat "$run_dir/gateway.url")/ (docs/api.md)"
  fi
}

# --- stop --------------------------------------------------------------------------------------------------------

# SIGTERM to each, wait until all have exited or the deadline passes, then SIGKILL the rest.
stop_names() {
  local limit=$1; shift
  local name pid pids=() names=() began=$SECONDS alive
  for name in "$@"; do
    if pid=$(live_pid "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
    rm -f "$run_dir/$name.pid"
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  log "SIGTERM sent to ${names[*]}; waiting up to $limit s"
  while :; do
    alive=()
    for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null && alive+=("$i"); done
    [ "${#alive[@]}" -gt 0 ] || break
    if [ $((SECONDS - began)) -ge "$limit" ]; then
      for i in "${alive[@]}"; do
        log "${names[$i]} (pid ${pids[$i]}) still running after $limit s: SIGKILL"
        kill -KILL "${pids[$i]}" 2>/dev/null || true
      done
      break
    fi
    sleep 0.5
  done
}

cmd_stop() {
  local limit=${UET_CLUSTER_STOP_SECONDS:-60}
  while [ $# -gt 0 ]; do
    case "$1" in
      --timeout) [ $# -ge 2 ] || usage; limit=$2; shift 2 ;;
      --timeout=*) limit=${1#*=}; shift ;;
      *) log "unknown option '$1'"; usage ;;
    esac
  done
  [[ "$limit" =~ ^[0-9]+$ ]] || die "--timeout '$limit' is not valid: give whole seconds"
  local all front=() back=() name
  all=$(known_names)
  if [ -z "$all" ]; then log "nothing is running (no pid files in $run_dir)"; return 0; fi
  # Workers and the gateway first, so that a draining worker's last reports still find the other services up.
  for name in $all; do
    case "$name" in worker-* | gateway) front+=("$name") ;; *) back+=("$name") ;; esac
  done
  [ "${#front[@]}" -eq 0 ] || stop_names "$limit" "${front[@]}"
  [ "${#back[@]}" -eq 0 ] || stop_names "$limit" "${back[@]}"
  log "stopped"
}

# --- status ------------------------------------------------------------------------------------------------------

cmd_status() {
  [ $# -eq 0 ] || usage
  local names name ok=yes
  names=$(known_names)
  if [ -z "$names" ]; then log "not running (no pid files in $run_dir)"; return 1; fi
  # shellcheck disable=SC2086
  print_table $names
  print_gateway
  for name in $names; do
    live_pid "$name" >/dev/null && [ "$(readiness "$(cat "$run_dir/$name.url")")" = 200 ] || ok=no
  done
  [ "$ok" = yes ]
}

[ $# -ge 1 ] || usage
command=$1; shift
case "$command" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  -h | --help | help) usage ;;
  *) log "unknown command '$command'"; usage ;;
esac
