#!/usr/bin/env bash
# Side-by-side load: the bare ASP.NET Core endpoint (ceiling), the botbuilder-js reference bot (baseline), our bot on
# SQLite and our bot on Azurite. One target runs at a time so they never share the 2 cores; each gets a warm-up, then
# a fixed-duration run at fixed concurrency. Writes bench/results/latest.md and stops everything it started.
#
#   bash bench/run-side-by-side.sh [--duration 20] [--concurrency 32] [--warmup 15] [--smoke] [--skip-build]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=20
CONCURRENCY=32
# Long enough for steady state: on two cores .NET's tiered JIT was still recompiling hot methods 5-15 s into the load
# (13 % of our bot's CPU in that window, none after 40 s), and node's JIT warms up too. Every target gets the same.
WARMUP=15
SKIP_BUILD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --smoke) DURATION=3; WARMUP=0.5; shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

BENCH_TMP=$(mktemp -d)
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
AUTH_TOKEN="bench-$(random_key | tr -dc 'a-zA-Z0-9' | head -c 24)"
RESULTS="$BENCH_TMP/results"
mkdir -p "$RESULTS" "$ROOT/bench/results"

if [ "$SKIP_BUILD" = 0 ]; then
  build_release src/BotService/BotService.csproj bench/BareEndpoint/BareEndpoint.csproj bench/LoadDriver/LoadDriver.csproj
fi

# The npm peers (botbuilder, azurite) live with the tests. If that folder is not installed (the tracked symlink may
# point nowhere on a fresh machine), install the same locked versions into a cache outside the work tree.
NODE_MODULES_DIR=${NODE_MODULES_DIR:-$ROOT/tests/node/node_modules}
if [ ! -d "$NODE_MODULES_DIR/botbuilder" ] || [ ! -d "$NODE_MODULES_DIR/azurite" ]; then
  cache=${BENCH_NODE_CACHE:-${TMPDIR:-/tmp}/botservice-bench-node}
  if [ ! -d "$cache/node_modules/botbuilder" ] || [ ! -d "$cache/node_modules/azurite" ]; then
    echo "== Installing npm peers (locked versions from tests/node) into $cache"
    mkdir -p "$cache"
    cp tests/node/package.json tests/node/package-lock.json "$cache/"
    # --ignore-scripts: botbuilder-dialogs' postinstall calls npx, which cannot prompt here; nothing we run needs it.
    npm ci --prefix "$cache" --no-audit --no-fund --ignore-scripts --loglevel=error
  fi
  NODE_MODULES_DIR="$cache/node_modules"
fi
export NODE_MODULES_DIR

NOTES=()
MEMBERS=$((CONCURRENCY * 64))
run_driver() { # name url target pid
  echo "== Load: $1 ($3) concurrency $CONCURRENCY for ${DURATION}s"
  DRIVER --name "$1" --url "$2" --target "$3" --pid "$4" --concurrency "$CONCURRENCY" --duration "$DURATION" \
    --warmup "$WARMUP" --members "$MEMBERS" --auth-token "$AUTH_TOKEN" --json "$RESULTS/$1.json" || true
}

# 1. Bare endpoint: the ceiling of this host stack on this machine.
port=$(free_port)
dotnet "$ROOT/bench/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll" --urls "http://127.0.0.1:$port" >"$BENCH_TMP/bare.log" 2>&1 &
pid=$!; STARTED_PIDS+=("$pid")
wait_http "http://127.0.0.1:$port/healthz" 60 "$pid"
run_driver bare "http://127.0.0.1:$port/sms/inbound" bare "$pid"
bench_stop "$pid"

# 2. The botbuilder-js reference bot.
port=$(free_port)
node "$ROOT/bench/reference-bot/index.mjs" --port "$port" >"$BENCH_TMP/reference-bot.log" 2>&1 &
pid=$!; STARTED_PIDS+=("$pid")
wait_http "http://127.0.0.1:$port/healthz" 60 "$pid"
run_driver botbuilder-js "http://127.0.0.1:$port/api/messages" botframework-js "$pid"
bench_stop "$pid"

# 3. Our bot on SQLite (a fresh database in the temp folder).
port=$(free_port)
start_ours ours-sqlite "$port" "$BENCH_TMP/ours-sqlite.log" Storage__Provider=Sqlite Storage__Sqlite__Path="$BENCH_TMP/bot.db"
if has_webhook "$port"; then
  WEBHOOK=1
  run_driver ours-sqlite "http://127.0.0.1:$port/sms/inbound" twilio "$OURS_PID"
else
  WEBHOOK=0
  NOTES+=("Our POST /sms/inbound had not landed on this commit: ours-* rows are GET /healthz (storage round trip), not a turn. No target verdict.")
  run_driver ours-sqlite-healthz "http://127.0.0.1:$port/healthz" healthz "$OURS_PID"
fi
bench_stop "$OURS_PID"

# 4. Our bot on Azurite (Azure Tables REST over loopback).
azport=$(free_port)
# Through node and the package's own entry: an install made with --no-bin-links has no .bin/ folder.
node "$NODE_MODULES_DIR/azurite/dist/src/table/main.js" --tableHost 127.0.0.1 --tablePort "$azport" --inMemoryPersistence \
  --skipApiVersionCheck --disableProductStyleUrl --silent >"$BENCH_TMP/azurite.log" 2>&1 &
azpid=$!; STARTED_PIDS+=("$azpid")
wait_http "http://127.0.0.1:$azport/devstoreaccount1" 60 "$azpid"
# Azurite's documented development account (public, well-known; not a secret).
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$azport/devstoreaccount1;"
port=$(free_port)
start_ours ours-azurite "$port" "$BENCH_TMP/ours-azurite.log" Storage__Provider=AzureTables Storage__AzureTables__ConnectionString="$conn"
if [ "$WEBHOOK" = 1 ]; then
  run_driver ours-azurite "http://127.0.0.1:$port/sms/inbound" twilio "$OURS_PID"
else
  run_driver ours-azurite-healthz "http://127.0.0.1:$port/healthz" healthz "$OURS_PID"
fi
bench_stop "$OURS_PID"
bench_stop "$azpid"

load=$(cut -d' ' -f1-3 /proc/loadavg)
NOTES=("Machine: $(nproc) cores, kernel $(uname -r), .NET SDK $(dotnet --version), node $(node --version); load average at the end $load" \
  "Commit $(git rev-parse --short HEAD) on $(date -u +%Y-%m-%dT%H:%MZ); concurrency $CONCURRENCY, ${DURATION}s per target after ${WARMUP}s warm-up, $MEMBERS simulated members, 2 % crisis texts" \
  "Peak RSS is the target's VmHWM since its start. botbuilder-js latency includes delivering its reply to the driver's no-op connector sink; ours and bare return TwiML in the response." \
  "${NOTES[@]}")
report_args=()
for note in "${NOTES[@]}"; do report_args+=(--note "$note"); done
for name in bare botbuilder-js ours-sqlite ours-sqlite-healthz ours-azurite ours-azurite-healthz; do
  [ -f "$RESULTS/$name.json" ] && report_args+=("$RESULTS/$name.json")
done
echo
DRIVER report --out "$ROOT/bench/results/latest.md" "${report_args[@]}"
echo "== Wrote bench/results/latest.md"
