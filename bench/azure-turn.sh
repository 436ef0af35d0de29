#!/usr/bin/env bash
# Our bot on Azurite alone: where a turn's CPU goes on the Azure Tables path. Starts an in-memory Azurite and our
# Release build on it, drives signed member traffic, and prints the bot's own CPU per turn. With --perf it also samples
# the bot (perf, with .NET's perf map) during the measured phase and prints the CPU share by component.
#
#   bash bench/azure-turn.sh [--duration 20] [--concurrency 8] [--warmup 15] [--members N] [--perf] [--perf-report FILE] [--no-tiering] [--skip-build]
# --members: simulated members (default 64 per worker); fewer means more of them finish onboarding in a short run.
# --no-tiering runs the bot with DOTNET_TieredCompilation=0: every method is compiled optimized once, so a slow
# (Azurite-bound) load is not still paying for the JIT's tier-up when the measured phase starts.
# --perf-report keeps perf's symbol listing (self time by shared object and symbol) in FILE and the samples in FILE.data.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=20
CONCURRENCY=8
WARMUP=15
PERF=0
PERF_REPORT=
EXTRA_ENV=()
SKIP_BUILD=0
MEMBERS=
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --perf) PERF=1; shift ;;
    --perf-report) PERF=1; PERF_REPORT=$2; shift 2 ;;
    --no-tiering) EXTRA_ENV+=(DOTNET_TieredCompilation=0); shift ;;
    --skip-build) SKIP_BUILD=1; shift ;;
    --members) MEMBERS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

BENCH_TMP=$(mktemp -d)
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
AUTH_TOKEN="bench-$(random_key | tr -dc 'a-zA-Z0-9' | head -c 24)"
[ "$SKIP_BUILD" = 1 ] || build_release src/BotService/BotService.csproj bench/LoadDriver/LoadDriver.csproj

NODE_MODULES_DIR=${NODE_MODULES_DIR:-$ROOT/tests/node/node_modules}
azport=$(free_port)
node "$NODE_MODULES_DIR/azurite/dist/src/table/main.js" --tableHost 127.0.0.1 --tablePort "$azport" --inMemoryPersistence \
  --skipApiVersionCheck --disableProductStyleUrl --silent >"$BENCH_TMP/azurite.log" 2>&1 &
azpid=$!; STARTED_PIDS+=("$azpid")
wait_http "http://127.0.0.1:$azport/devstoreaccount1" 60 "$azpid"
# Azurite's documented development account (public, well-known; not a secret).
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$azport/devstoreaccount1;"
port=$(free_port)
perf_env=()
[ "$PERF" = 1 ] && perf_env=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
start_ours ours-azurite "$port" "$BENCH_TMP/ours.log" Storage__Provider=AzureTables Storage__AzureTables__ConnectionString="$conn" "${perf_env[@]}" "${EXTRA_ENV[@]}"

if [ "$PERF" = 1 ]; then
  # Sample only the measured phase: start after the warm-up, stop before the driver does.
  (sleep "$WARMUP"; perf record -F 499 -g -p "$OURS_PID" -o "$BENCH_TMP/perf.data" -- sleep "$DURATION" >/dev/null 2>&1) &
  perfpid=$!
fi
DRIVER --name ours-azurite --url "http://127.0.0.1:$port/sms/inbound" --target twilio --pid "$OURS_PID" \
  --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" --members "${MEMBERS:-$((CONCURRENCY * 64))}" \
  --auth-token "$AUTH_TOKEN" --json "$BENCH_TMP/result.json"
echo "== Azurite's own CPU is not in the figure above (it is another process)."
echo "== One member's rows after the run:"
python3 "$ROOT/bench/dump-member-rows.py" "http://127.0.0.1:$azport/devstoreaccount1" devstoreaccount1 \
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==' || true
echo "== Bot log: $(wc -l <"$BENCH_TMP/ours.log") lines; by category:"
grep -oE '^(info|warn|fail|dbug|trce|crit): [A-Za-z0-9_.]+' "$BENCH_TMP/ours.log" | sort | uniq -c | sort -rn | head -8 || true

if [ "$PERF" = 1 ]; then
  wait "$perfpid" || true
  perf report -i "$BENCH_TMP/perf.data" --no-children -g none --sort dso,sym --stdio 2>/dev/null >"$BENCH_TMP/perf.txt" || true
  python3 "$ROOT/bench/perf_components.py" "$BENCH_TMP/perf.txt"
  echo "== CPU share by thread"
  perf report -i "$BENCH_TMP/perf.data" --no-children -g none --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | head -8
  if [ -n "$PERF_REPORT" ]; then cp "$BENCH_TMP/perf.txt" "$PERF_REPORT"; cp "$BENCH_TMP/perf.data" "$PERF_REPORT.data"; fi
fi
