#!/usr/bin/env bash
# Chat throughput and latency benchmark: starts a fresh KefuDesk node (new database) on a free
# port, drives it with the SignalR load generator, stops it and prints the results.
#
#   bench/run.sh [sqlite|postgres|relay] [rate msg/s] [buyers] [agents] [duration s]
#   defaults:     sqlite                   200          1000     20       30
#   relay: the same load through a bare SignalR relay (bench/KefuDesk.BareRelay: the generator's
#   contract in memory, no database, no routing), for the ratio to what the node adds.
#   bench/run.sh [sqlite|postgres|relay] idle [buyers]: memory per idle buyer connection (the
#   node's RSS before, with the buyers connected saying nothing, and after they close).
#   bench/run.sh [sqlite|postgres] soak [rate] [buyers] [agents] [seconds]: defaults 500 1000 20 600;
#   agents reply to every 4th message, 100 buyers a minute reconnect; p99 per minute.
#
# Environment (all optional):
#   KD_BENCH_WARMUP=30        seconds of load before the measured window (a fresh node spends its
#                             first 20-30 s under load compiling its hot code again, optimised)
#   KD_BENCH_BUILD=auto       auto: build (Release) when an output is missing or older than its
#                             sources; always; never
#   KD_BENCH_JSON_OUT=FILE    append the JSON result line to FILE
#   KD_BENCH_KEEP=1           keep the work directory (server log, SQLite file, PostgreSQL database)
#   KD_BENCH_ARGS="..."       more load generator options (see --help of the generator)
#   KD_BENCH_NODE_ARGS="..."  more options for the node (configuration keys, e.g. a log level)
#   KD_BENCH_RELAY=1          first drive the same load through the bare relay, then the node, and
#                             report the node's figures as multiples of the relay's (same run)
# Exit status: the load generator's (0 ok, 1 could not run, 3 messages lost or misrouted), or 1
# when the build or the server fails.
set -euo pipefail

DB=${1:-sqlite}
MODE=chat
if [ "${2:-}" = idle ]; then MODE=idle; set -- "$1" 200 "${3:-5000}"; fi
if [ "${2:-}" = soak ]; then MODE=soak; set -- "$1" "${3:-500}" "${4:-1000}" "${5:-20}" "${6:-600}"; fi
RATE=${2:-200}
BUYERS=${3:-1000}
AGENTS=${4:-20}
DURATION=${5:-30}
WARMUP=${KD_BENCH_WARMUP:-30}
BUILD=${KD_BENCH_BUILD:-auto}

case "$DB" in
  sqlite|postgres|relay) ;;
  -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "bench: first argument must be sqlite, postgres or relay, not '$DB'" >&2; exit 1 ;;
esac
for n in "$RATE" "$BUYERS" "$AGENTS" "$DURATION" "$WARMUP"; do
  [[ "$n" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "bench: '$n' is not a number" >&2; exit 1; }
done

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
WEB_DLL=src/KefuDesk.Web/bin/Release/net10.0/KefuDesk.Web.dll
GEN_DLL=bench/KefuDesk.LoadTest/bin/Release/net10.0/KefuDesk.LoadTest.dll
RELAY_DLL=bench/KefuDesk.BareRelay/bin/Release/net10.0/KefuDesk.BareRelay.dll
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

say() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }

# True when an output is missing or a source it is built from changed after it.
stale() {
  [ -f "$WEB_DLL" ] && [ -f "$GEN_DLL" ] && [ -f "$RELAY_DLL" ] || return 0
  [ -n "$(find src widget Directory.Build.props Directory.Packages.props global.json -type f -newer "$WEB_DLL" \
      -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' -not -path 'widget/dist/*' -print -quit)" ] && return 0
  [ -n "$(find bench/KefuDesk.LoadTest -type f -newer "$GEN_DLL" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ] && return 0
  [ -n "$(find bench/KefuDesk.BareRelay -type f -newer "$RELAY_DLL" -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]
}

if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && stale; }; then
  say "building KefuDesk.slnx (Release)"
  if ! dotnet build KefuDesk.slnx -c Release -nologo -v quiet -clp:ErrorsOnly > /tmp/kd-bench-build.$$.log 2>&1; then
    tail -n 40 /tmp/kd-bench-build.$$.log >&2
    echo "bench: build failed (full log: /tmp/kd-bench-build.$$.log)" >&2
    exit 1
  fi
  rm -f /tmp/kd-bench-build.$$.log
fi
[ -f "$WEB_DLL" ] && [ -f "$GEN_DLL" ] || { echo "bench: $WEB_DLL or $GEN_DLL missing (KD_BENCH_BUILD=$BUILD)" >&2; exit 1; }

RELAY_JSON=
if [ "${KD_BENCH_RELAY:-0}" = 1 ] && [ "$DB" != relay ] && [ "$MODE" = chat ]; then
  RELAY_JSON=$(mktemp "${TMPDIR:-/tmp}/kd-bench-relay.XXXXXX")
  say "the same load through the bare relay first"
  KD_BENCH_RELAY=0 KD_BENCH_BUILD=never KD_BENCH_JSON_OUT="$RELAY_JSON" KD_BENCH_ARGS="${KD_BENCH_ARGS:-}" \
    "$0" relay "$RATE" "$BUYERS" "$AGENTS" "$DURATION" > /dev/null || { echo "bench: the relay run failed" >&2; exit 1; }
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kd-bench.XXXXXX")
SERVER_PID=
PG_DB=
OK=0

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "${KD_BENCH_KEEP:-0}" = 1 ] || [ "$OK" != 1 ]; then
    say "work directory kept: $WORK${PG_DB:+ (database $PG_DB)}"
  else
    if [ -n "$PG_DB" ]; then
      "$(kd_pg_bin)/dropdb" -h 127.0.0.1 -p "$KD_PG_PORT" -U postgres --if-exists "$PG_DB" 2>/dev/null || true
    fi
    rm -rf "$WORK"
  fi
  [ -n "$RELAY_JSON" ] && rm -f "$RELAY_JSON"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_server_log() {
  echo "---- server log (last 40 lines of $WORK/server.log) ----" >&2
  tail -n 40 "$WORK/server.log" >&2 || true
  echo "----" >&2
}

if [ "$DB" = postgres ]; then
  say "starting the private PostgreSQL (scripts/services.sh)"
  # shellcheck source=../scripts/services.sh
  source scripts/services.sh >&2
  set -euo pipefail
  PG_DB="kefudesk_bench_$(date +%Y%m%d_%H%M%S)_$$"
  DB_ARGS=(--Database:Provider=Postgres "--Database:ConnectionString=$KEFUDESK_TEST_POSTGRES;Database=$PG_DB")
else
  DB_ARGS=("--Database:ConnectionString=Data Source=$WORK/kefudesk.db")
fi

# 1000 buyers are 1000 sockets on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# Below the kernel's ephemeral range: a port there may be the local end of someone's outgoing
# connection (a PostgreSQL client, the last run's buyers), which a probe cannot see but bind refuses.
free_port() {
  local p low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % (low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "bench: no free port found" >&2; exit 1
}
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"

say "starting a fresh node ($DB) on $URL"
# The generator is one address opening every buyer's session and first message: lift the new-visitor
# and new-conversation limits, which exist to stop exactly that from a stranger (a benchmark of the
# chat path, not of the limiter).
LIMIT_ARGS=(--KefuDesk:Limits:NewVisitorsPerAddress:Burst=10000000 --KefuDesk:Limits:NewVisitorsPerShop:Burst=10000000
  --KefuDesk:Limits:NewConversationsPerAddress:Burst=10000000 --KefuDesk:Limits:NewConversationsPerShop:Burst=10000000)
if [ "$DB" = relay ]; then
  dotnet "$RELAY_DLL" --urls "$URL" > "$WORK/server.log" 2>&1 &
else
  dotnet "$WEB_DLL" --urls "$URL" --contentRoot "$REPO/src/KefuDesk.Web" --KefuDesk:Demo=true \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:KefuDesk.Infrastructure.Realtime=Information "${DB_ARGS[@]}" "${LIMIT_ARGS[@]}" ${KD_BENCH_NODE_ARGS:-} > "$WORK/server.log" 2>&1 &
fi
SERVER_PID=$!

for i in $(seq 240); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    show_server_log; echo "bench: the server exited before it was healthy" >&2; exit 1
  fi
  if curl -sf -o /dev/null --max-time 2 "$URL/health"; then break; fi
  if [ "$i" = 240 ]; then
    show_server_log; echo "bench: $URL/health did not answer 200 within 60 s" >&2; exit 1
  fi
  sleep 0.25
done
say "node healthy (pid $SERVER_PID); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
# Start-up may log expected errors (PostgreSQL: the database does not exist yet); judge only the run.
STARTUP_LINES=$(wc -l < "$WORK/server.log")

if [ "$MODE" = idle ]; then
  GEN_ARGS=(--url "$URL" --mode idle --buyers "$BUYERS" --server-pid "$SERVER_PID" --label "$DB idle")
else
  GEN_ARGS=(--url "$URL" --buyers "$BUYERS" --agents "$AGENTS" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP"
    --server-pid "$SERVER_PID" --label "$DB")
  [ "$MODE" = soak ] && GEN_ARGS+=(--reply-every 4 --reconnects-per-minute 100 --label "$DB soak")
  [ -n "$RELAY_JSON" ] && GEN_ARGS+=(--relay-json "$RELAY_JSON")
fi
[ -n "${KD_BENCH_JSON_OUT:-}" ] && GEN_ARGS+=(--json-out "$KD_BENCH_JSON_OUT")
# shellcheck disable=SC2206 # word splitting of extra options is the point
[ -n "${KD_BENCH_ARGS:-}" ] && GEN_ARGS+=($KD_BENCH_ARGS)

set +e
dotnet "$GEN_DLL" "${GEN_ARGS[@]}"
RC=$?
set -e

# The node's own account of giving memory back after the buyers closed (idle runs).
grep -h "memory returned" "$WORK/server.log" | sed 's/^/[node] /' >&2 || true
PROBLEMS=$(tail -n +"$((STARTUP_LINES + 1))" "$WORK/server.log" | grep -cE '^([0-9:]+ )?(fail|crit):' || true)
if [ "$RC" != 0 ] || [ "$PROBLEMS" != 0 ]; then
  say "load generator exit $RC; server logged $PROBLEMS error line(s)"
  show_server_log
fi
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  show_server_log; echo "bench: the server died during the run" >&2; exit 1
fi
[ "$RC" = 0 ] && OK=1
exit "$RC"
