#!/usr/bin/env bash
# CI's bench gate: our bot on SQLite (Production settings, temp database) takes 3 s of signed member traffic and
# 2,000 fuzzed webhooks. Fails on any 5xx, any dropped connection, or when no request succeeded at all.
#
#   bash bench/smoke.sh [--skip-build]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

BENCH_TMP=$(mktemp -d)
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
AUTH_TOKEN="smoke-$(random_key | tr -dc 'a-zA-Z0-9' | head -c 24)"

[ "${1:-}" = "--skip-build" ] || build_release src/BotService/BotService.csproj bench/LoadDriver/LoadDriver.csproj

port=$(free_port)
start_ours ours-sqlite "$port" "$BENCH_TMP/ours.log" Storage__Provider=Sqlite Storage__Sqlite__Path="$BENCH_TMP/bot.db"
url="http://127.0.0.1:$port/sms/inbound"
if ! has_webhook "$port"; then
  echo "== POST /sms/inbound answers 404/405: the Twilio webhook is not in this build, so nothing can succeed." >&2
fi

status=0
echo "== Smoke load: 3 s, concurrency 8"
DRIVER --name ours-sqlite --url "$url" --target twilio --pid "$OURS_PID" --concurrency 8 --duration 3 --warmup 0.5 \
  --members 200 --auth-token "$AUTH_TOKEN" --strict || status=1
echo "== Fuzz: 2,000 random and malformed webhooks"
DRIVER --name fuzz --url "$url" --fuzz 2000 --concurrency 4 --auth-token "$AUTH_TOKEN" || status=1

if ! kill -0 "$OURS_PID" 2>/dev/null; then echo "our bot died during the smoke run" >&2; status=1; fi
if [ "$status" != 0 ]; then
  echo "== Smoke FAILED; last bot log lines:" >&2
  tail -30 "$BENCH_TMP/ours.log" >&2
fi
exit "$status"
