#!/usr/bin/env bash
# Soak: steady signed webhook load against our bot on SQLite; RSS sampled every 10 s from /proc.
# Fails on any 5xx or dropped request, or if RSS grows more than SOAK_MAX_GROWTH_MB (default 64) after the first
# minute's warm-up (first sample after 60 s, or the first sample on runs of a minute).
#   bash bench/soak.sh [--minutes 20] [--rate 50] [--skip-build]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
MINUTES=20; RATE=50; BUILD=1
while [ $# -gt 0 ]; do case "$1" in --minutes) MINUTES=$2; shift 2 ;; --rate) RATE=$2; shift 2 ;; --skip-build) BUILD=0; shift ;; *) echo "unknown option $1" >&2; exit 2 ;; esac; done
BENCH_TMP=$(mktemp -d)
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
AUTH_TOKEN="soak-$(random_key | tr -dc 'a-zA-Z0-9' | head -c 24)"
[ "$BUILD" = 1 ] && build_release src/BotService/BotService.csproj bench/LoadDriver/LoadDriver.csproj
port=$(free_port)
start_ours soak "$port" "$BENCH_TMP/ours.log" Storage__Provider=Sqlite Storage__Sqlite__Path="$BENCH_TMP/bot.db"
seconds=$(( MINUTES * 60 ))
# A steady rate without a rate flag in the driver: one request budget per 10 s slice at low concurrency, so each
# slice sends RATE*10 requests and then idles out the slice. The slice is also the RSS sampling period.
: >"$BENCH_TMP/rss.tsv"
fails=0; total=0; slices=$(( seconds / 10 ))
for ((i = 0; i < slices; i++)); do
  t0=$(date +%s%N)
  DRIVER --name "slice$i" --url "http://127.0.0.1:$port/sms/inbound" --target twilio --concurrency 4 --count $(( RATE * 10 )) \
    --duration 10 --warmup 0 --members 400 --seed "$i" --auth-token "$AUTH_TOKEN" --json "$BENCH_TMP/s$i.json" >/dev/null 2>&1 || true
  read -r n bad < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1],encoding="utf-8-sig")); print(d["Requests"], sum(v for k,v in d["Errors"].items() if k[0]=="5" or k.startswith("transport") or k=="timeout"))' "$BENCH_TMP/s$i.json" 2>/dev/null || echo "0 1")
  total=$((total + n)); fails=$((fails + bad))
  left=$(( 10000 - ($(date +%s%N) - t0) / 1000000 ))
  [ "$left" -gt 0 ] && sleep "$(printf '%d.%03d' $((left / 1000)) $((left % 1000)))"
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$OURS_PID/status" 2>/dev/null || echo 0)
  printf '%d\t%d\n' $(( (i + 1) * 10 )) "$rss" >>"$BENCH_TMP/rss.tsv"
  kill -0 "$OURS_PID" 2>/dev/null || { echo "bot died" >&2; fails=$((fails + 1)); break; }
done
python3 - "$BENCH_TMP/rss.tsv" "$total" "$fails" "$seconds" "${SOAK_MAX_GROWTH_MB:-64}" <<'PY'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
total, fails, seconds, limit = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
mb = [(t, k / 1024) for t, k in rows]
after = [p for p in mb if p[0] >= 60] or mb
base = after[0][1]
n = len(after); mt = sum(t for t, _ in after) / n; mr = sum(r for _, r in after) / n
den = sum((t - mt) ** 2 for t, _ in after) or 1
slope = sum((t - mt) * (r - mr) for t, r in after) / den * 60
growth = max(r for _, r in after) - base
print(f"soak: {total} requests in {seconds} s ({total / max(seconds, 1):.1f} req/s), {fails} 5xx/dropped")
print(f"RSS MB: min {min(r for _, r in mb):.1f}  max {max(r for _, r in mb):.1f}  after warm-up {base:.1f} -> max {max(r for _, r in after):.1f} (+{growth:.1f})  slope {slope:.2f} MB/min over {n} samples")
sys.exit(1 if fails or growth > limit else 0)
PY
