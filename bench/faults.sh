#!/usr/bin/env bash
# Fault, kill and leak runs against our bot (Release, Production settings, 127.0.0.1 only):
#   a. outbound faults: Twilio stand-in failing 30 % (429 / 500 / hang); every page ends Sent or Failed-with-reason,
#      none lost, none accepted twice;
#   b. storage stopped: Azurite killed for ~5 s under load; zero 5xx, every crisis text answered with 988, and the
#      bot recovers by itself;
#   c. SIGKILL mid check-in fan-out: restart on the same SQLite file; exactly one prompt per member, none missing;
#   d. no phone number and no member text in any bot log.
#   bash bench/faults.sh [--short] [--skip-build]      (exit 1 on any violation)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

SHORT=0; BUILD=1
for a in "$@"; do case "$a" in --short) SHORT=1 ;; --skip-build) BUILD=0 ;; *) echo "unknown option $a" >&2; exit 2 ;; esac; done
BENCH_TMP=$(mktemp -d)
trap bench_cleanup EXIT
trap 'exit 130' INT TERM
AUTH_TOKEN="faults-$(random_key | tr -dc 'a-zA-Z0-9' | head -c 24)"
ADMIN_KEY="admin-$(random_key | tr -dc 'a-zA-Z0-9' | head -c 24)"
NODE_MODULES_DIR=${NODE_MODULES_DIR:-$ROOT/tests/node/node_modules}
CHECK() { python3 "$ROOT/bench/faults_check.py" "$@"; }
START=$(date +%s)

if [ "$SHORT" = 1 ]; then A_MEMBERS=8; B_SECONDS=15; C_MEMBERS=40; else A_MEMBERS=40; B_SECONDS=60; C_MEMBERS=200; fi
[ "$BUILD" = 1 ] && build_release src/BotService/BotService.csproj bench/LoadDriver/LoadDriver.csproj

RESULTS=()   # "run|check|value|verdict"
FAILED=0
result() { # result RUN CHECK VALUE ok|FAIL
  RESULTS+=("$1|$2|$3|$4")
  [ "$4" = ok ] || FAILED=1
}
jget() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d.get(sys.argv[2], 0))' "$1" "$2"; }

start_standin() { # start_standin RECORD FAIL_RATE HANG_RATE -> STANDIN_PORT, STANDIN_PID
  STANDIN_PORT=$(free_port)
  # exec, so the recorded pid is dotnet itself: killing the subshell a function call would leave behind kept the
  # stand-in running after the script ended.
  (exec dotnet "$ROOT/bench/LoadDriver/bin/Release/net10.0/LoadDriver.dll" twilio-standin --port "$STANDIN_PORT" --record "$1" \
    --fail-rate "$2" --hang-rate "$3" --seed 7) >"$BENCH_TMP/standin-$STANDIN_PORT.log" 2>&1 &
  STANDIN_PID=$!; STARTED_PIDS+=("$STANDIN_PID")
  wait_http "http://127.0.0.1:$STANDIN_PORT/stats" 30 "$STANDIN_PID"
}

# Settings every run shares: the Twilio REST client points at the stand-in, retries and pacing fit in a run,
# re-pages and coordinator pages are pushed past the run so the page count is exact.
common_env() {
  echo Twilio__AccountSid=AC00000000000000000000000000000000 Twilio__PhoneNumber=+15550009999 \
    Twilio__ApiBaseUrl="http://127.0.0.1:$STANDIN_PORT" Twilio__MessagesPerSecond=20 Admin__ApiKey="$ADMIN_KEY" \
    Outbox__InitialRetryDelay=00:00:01 Outbox__MaxRetryDelay=00:00:05 Outbox__PollInterval=00:00:01 Outbox__Lease=00:00:25 \
    Escalation__RepageAfter=00:30:00 Escalation__CoordinatorAfter=01:00:00
}

# ---------------------------------------------------------------------------------------------------------------
echo "== a. Outbound faults: stand-in fails 30 % (429 Retry-After 1, 500, hang past the 10 s client timeout)"
A_REC="$BENCH_TMP/a-accepted.jsonl"
start_standin "$A_REC" 0.3 0.03
port=$(free_port)
# shellcheck disable=SC2046
start_ours a "$port" "$BENCH_TMP/ours-a.log" Storage__Provider=Sqlite Storage__Sqlite__Path="$BENCH_TMP/a.db" $(common_env)
url="http://127.0.0.1:$port/sms/inbound"
for v in 1 2; do
  curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Vol$v\",\"phone\":\"+1555200000$v\",\"languages\":[\"en\"]}" "http://127.0.0.1:$port/admin/volunteers"
done
: >"$BENCH_TMP/a-script.tsv"
printf '+15552000001\tON\n+15552000002\tON\n' >>"$BENCH_TMP/a-script.tsv"
DRIVER send --url "$url" --auth-token "$AUTH_TOKEN" --script "$BENCH_TMP/a-script.tsv" --out "$BENCH_TMP/a-on.jsonl" >/dev/null
: >"$BENCH_TMP/a-crisis.tsv"
for ((i = 0; i < A_MEMBERS; i++)); do printf '+1555301%04d\tI want to kill myself\n' "$i" >>"$BENCH_TMP/a-crisis.tsv"; done
DRIVER send --url "$url" --auth-token "$AUTH_TOKEN" --script "$BENCH_TMP/a-crisis.tsv" --out "$BENCH_TMP/a-crisis.jsonl" --concurrency 4 \
  || result a "crisis webhooks" "5xx or dropped" FAIL
no988=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if "988" not in json.loads(l)["reply"]))' "$BENCH_TMP/a-crisis.jsonl")
result a "crisis replies without 988" "$no988 of $A_MEMBERS" "$([ "$no988" = 0 ] && echo ok || echo FAIL)"
expected=$((A_MEMBERS * 2))   # each case pages both on-call volunteers
# Bounded drain: worst case a message needs 6 attempts with up to 5 s between them, plus a few 10 s hangs.
deadline=$(( $(date +%s) + (SHORT ? 75 : 180) ))
while :; do
  s=$(CHECK outbox "$BENCH_TMP/a.db" "$A_REC")
  [ "$(jget "$s" pending)" = 0 ] && [ "$(jget "$s" messages)" -ge "$expected" ] && break
  [ "$(date +%s)" -ge "$deadline" ] && break
  sleep 1
done
echo "   outbox: $s"
echo "   stand-in: $(curl -s "http://127.0.0.1:$STANDIN_PORT/stats")"
msgs=$(jget "$s" messages); pending=$(jget "$s" pending)
result a "pages in outbox (expected $expected)" "$msgs" "$([ "$msgs" = "$expected" ] && echo ok || echo FAIL)"
result a "not final after drain wait" "$pending" "$([ "$pending" = 0 ] && echo ok || echo FAIL)"
result a "Failed without reason / Sent without sid" "$(jget "$s" failed_without_reason) / $(jget "$s" sent_without_sid)" \
  "$([ "$(jget "$s" failed_without_reason)" = 0 ] && [ "$(jget "$s" sent_without_sid)" = 0 ] && echo ok || echo FAIL)"
sent=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["status"].get("Sent",0))' "$s")
result a "Sent rows vs stand-in distinct accepts" "$sent / $(jget "$s" accepted_distinct)" \
  "$([ "$sent" = "$(jget "$s" accepted_distinct)" ] && [ "$(jget "$s" sent_sid_unknown)" = 0 ] && echo ok || echo FAIL)"
result a "duplicates accepted by the stand-in" "$(jget "$s" duplicates)" "$([ "$(jget "$s" duplicates)" = 0 ] && echo ok || echo FAIL)"
kill -0 "$OURS_PID" 2>/dev/null || result a "bot alive" "died" FAIL
bench_stop "$OURS_PID"; bench_stop "$STANDIN_PID"

# ---------------------------------------------------------------------------------------------------------------
echo "== b. Storage stopped: Azurite killed for ~5 s during ${B_SECONDS} s of load (2 % crisis texts)"
azport=$(free_port)
start_azurite() {
  # Through node and the package's own entry: an install made with --no-bin-links has no .bin/ folder.
  node "$NODE_MODULES_DIR/azurite/dist/src/table/main.js" --tableHost 127.0.0.1 --tablePort "$azport" --inMemoryPersistence \
    --skipApiVersionCheck --disableProductStyleUrl --silent >>"$BENCH_TMP/azurite.log" 2>&1 &
  AZ_PID=$!; STARTED_PIDS+=("$AZ_PID")
  wait_http "http://127.0.0.1:$azport/devstoreaccount1" 60 "$AZ_PID"
}
start_azurite
# Azurite's documented development account (public, well-known; not a secret).
conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:$azport/devstoreaccount1;"
start_standin "$BENCH_TMP/b-accepted.jsonl" 0 0
port=$(free_port)
# shellcheck disable=SC2046
start_ours b "$port" "$BENCH_TMP/ours-b.log" Storage__Provider=AzureTables Storage__AzureTables__ConnectionString="$conn" $(common_env)
url="http://127.0.0.1:$port/sms/inbound"
DRIVER --name storage-outage --url "$url" --target twilio --pid "$OURS_PID" --concurrency 8 --duration "$B_SECONDS" --warmup 0 \
  --members 200 --crisis-rate 0.02 --auth-token "$AUTH_TOKEN" --json "$BENCH_TMP/b-load.json" >"$BENCH_TMP/b-load.txt" 2>&1 &
LOAD_PID=$!; STARTED_PIDS+=("$LOAD_PID")
sleep 4
kill -9 "$AZ_PID" 2>/dev/null || true; wait "$AZ_PID" 2>/dev/null || true
down_at=$(date +%s)
: >"$BENCH_TMP/b-crisis.tsv"
for i in 1 2 3 4 5; do printf '+1555401%04d\tI want to kill myself\n' "$i" >>"$BENCH_TMP/b-crisis.tsv"; done
DRIVER send --url "$url" --auth-token "$AUTH_TOKEN" --script "$BENCH_TMP/b-crisis.tsv" --out "$BENCH_TMP/b-crisis-down.jsonl" --timeout 20 \
  >/dev/null || true
sleep $(( 5 - ($(date +%s) - down_at) > 0 ? 5 - ($(date +%s) - down_at) : 0 ))
outage=$(( $(date +%s) - down_at ))
start_azurite
restarted_at=$(date +%s)
# Recovery is timed from the restart, while the load is still running (the loop below only starts once it ended).
( for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://127.0.0.1:$port/healthz")" = 200 ] && { echo $(( $(date +%s) - restarted_at )) >"$BENCH_TMP/b-healthy"; exit 0; }
    sleep 0.5
  done ) &
HEALTH_PID=$!; STARTED_PIDS+=("$HEALTH_PID")
wait "$LOAD_PID" || true
cat "$BENCH_TMP/b-load.txt" | sed 's/^/   /'
five=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8-sig")); print(sum(v for k,v in d["Errors"].items() if k.startswith("5") or k.startswith("transport") or k=="timeout"))' "$BENCH_TMP/b-load.json" 2>/dev/null || echo missing)
result b "5xx / dropped under load (outage ${outage} s)" "$five" "$([ "$five" = 0 ] && echo ok || echo FAIL)"
bad=$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if (d:=json.loads(l))["status"]!=200 or "988" not in d["reply"]))' "$BENCH_TMP/b-crisis-down.jsonl")
result b "crisis texts during outage without 200+988" "$bad of 5" "$([ "$bad" = 0 ] && echo ok || echo FAIL)"
# Recovery: by itself, bounded (the poller gives up 2 minutes after the restart).
wait "$HEALTH_PID" 2>/dev/null || true
if [ -s "$BENCH_TMP/b-healthy" ]; then healthy="yes ($(cat "$BENCH_TMP/b-healthy") s after the restart)"; else healthy=no; fi
result b "healthz 200 after restart" "$healthy" "$([ "$healthy" != no ] && echo ok || echo FAIL)"
printf '+15554020001\thello\n+15554020001\t1\n+15554020002\tI want to kill myself\n' >"$BENCH_TMP/b-after.tsv"
DRIVER send --url "$url" --auth-token "$AUTH_TOKEN" --script "$BENCH_TMP/b-after.tsv" --out "$BENCH_TMP/b-after.jsonl" >/dev/null || true
turns_ok=$(python3 -c '
import json,sys
r=[json.loads(l) for l in open(sys.argv[1])]
ok=all(d["status"]==200 for d in r)
ok=ok and any("text line run by peer volunteers" in d["reply"] for d in r)
ok=ok and any("988" in d["reply"] and d["body"].startswith("I want") for d in r)
print("yes" if ok else "no")' "$BENCH_TMP/b-after.jsonl")
result b "turns succeed after restart (welcome + 988)" "$turns_ok" "$([ "$turns_ok" = yes ] && echo ok || echo FAIL)"
kill -0 "$OURS_PID" 2>/dev/null || result b "bot alive" "died" FAIL
bench_stop "$OURS_PID"; bench_stop "$STANDIN_PID"; bench_stop "$AZ_PID"

# ---------------------------------------------------------------------------------------------------------------
echo "== c. SIGKILL mid check-in fan-out: $C_MEMBERS members due the same minute"
# A zone where it is daytime now (quiet hours are 21:00-08:00 local and may not shrink), offered as choice 1.
IFS='|' read -r ZONE CHECKIN_AT DUE_EPOCH < <(python3 - <<'PY'
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
now = datetime.now(timezone.utc)
for z in ["America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu", "Asia/Tokyo", "Asia/Kolkata",
          "Asia/Dubai", "Europe/Berlin", "Europe/London", "Atlantic/Azores", "America/Sao_Paulo", "Pacific/Auckland"]:
    local = now.astimezone(ZoneInfo(z))
    # Due at the start of the minute after next: onboarding takes seconds, and the scheduler reads by minute.
    due = (local + timedelta(minutes=2 if local.second < 30 else 3)).replace(second=0, microsecond=0)
    if 9 <= local.hour and due.hour < 20:
        print(z, due.strftime("%I:%M %p").lstrip("0").lower(), int(due.timestamp()), sep="|")
        break
PY
)
echo "   zone $ZONE, check-ins at $CHECKIN_AT"
C_REC="$BENCH_TMP/c-accepted.jsonl"
start_standin "$C_REC" 0 0
port=$(free_port)
C_ENV=(Privacy__HashKey="$(random_key)" Privacy__EncryptionKey="$(random_key)" Storage__Provider=Sqlite Storage__Sqlite__Path="$BENCH_TMP/c.db" Members__TimeZones__0="$ZONE"
  CheckIns__TickInterval=00:00:02 CheckIns__LeaseDuration=00:00:05 CheckIns__Parallelism=1)
# shellcheck disable=SC2046
start_ours c1 "$port" "$BENCH_TMP/ours-c1.log" "${C_ENV[@]}" $(common_env)
url="http://127.0.0.1:$port/sms/inbound"
: >"$BENCH_TMP/c-onboard.tsv"
for ((i = 0; i < C_MEMBERS; i++)); do
  n=$(printf '+1555501%04d' "$i")
  for b in "Hi, a friend gave me this number" 1 1 "$CHECKIN_AT" 1 2 SKIP; do printf '%s\t%s\n' "$n" "$b" >>"$BENCH_TMP/c-onboard.tsv"; done
done
DRIVER send --url "$url" --auth-token "$AUTH_TOKEN" --script "$BENCH_TMP/c-onboard.tsv" --out "$BENCH_TMP/c-onboard.jsonl" >/dev/null \
  || result c "onboarding webhooks" "5xx or dropped" FAIL
onboarded=$(grep -c 'All set: check-ins at' "$BENCH_TMP/c-onboard.jsonl" || true)
result c "members onboarded" "$onboarded of $C_MEMBERS" "$([ "$onboarded" = "$C_MEMBERS" ] && echo ok || echo FAIL)"
# Wait for the fan-out to start, then SIGKILL at the first enqueued prompt(s). Bounded: the due minute plus 60 s.
# One long-lived poller (5 ms), not a process per poll: the whole fan-out of a short run takes well under a second.
killed_at=$(CHECK kill-at "$BENCH_TMP/c.db" "$OURS_PID" $(( DUE_EPOCH + 60 - $(date +%s) )) --priority CheckIn)
wait "$OURS_PID" 2>/dev/null || true
after_kill=$(CHECK count "$BENCH_TMP/c.db" --priority CheckIn)
result c "killed mid fan-out (prompts queued at kill)" "$after_kill of $C_MEMBERS" \
  "$([ "$killed_at" -ge 1 ] && [ "$after_kill" -lt "$C_MEMBERS" ] && echo ok || echo FAIL)"
bench_stop "$OURS_PID"
# shellcheck disable=SC2046
start_ours c2 "$port" "$BENCH_TMP/ours-c2.log" "${C_ENV[@]}" $(common_env)
deadline=$(( $(date +%s) + (SHORT ? 60 : 150) ))
while :; do
  s=$(CHECK outbox "$BENCH_TMP/c.db" "$C_REC" --priority CheckIn)
  [ "$(jget "$s" messages)" -ge "$C_MEMBERS" ] && [ "$(jget "$s" pending)" = 0 ] && break
  [ "$(date +%s)" -ge "$deadline" ] && break
  sleep 1
done
echo "   outbox: $s"
result c "check-in prompts in outbox" "$(jget "$s" messages) of $C_MEMBERS" "$([ "$(jget "$s" messages)" = "$C_MEMBERS" ] && echo ok || echo FAIL)"
result c "members who received a prompt" "$(jget "$s" accepted_recipients) of $C_MEMBERS" \
  "$([ "$(jget "$s" accepted_recipients)" = "$C_MEMBERS" ] && echo ok || echo FAIL)"
# The documented crash rule: the one message in Sending at the kill may go once more (lease recovery).
result c "duplicate prompts (crash rule allows <= 1)" "$(jget "$s" duplicates)" "$([ "$(jget "$s" duplicates)" -le 1 ] && echo ok || echo FAIL)"
bench_stop "$OURS_PID"; bench_stop "$STANDIN_PID"

# ---------------------------------------------------------------------------------------------------------------
echo "== d. Bot logs: no phone number, no member text"
logs=("$BENCH_TMP"/ours-*.log)
# Not inside a longer run of letters and digits: a random message id (hex) can contain 555 and seven digits.
numbers=$(grep -EhoI '(^|[^0-9A-Za-z])\+?1?555[0-9]{7}([^0-9A-Za-z]|$)' "${logs[@]}" | sort -u | head -5 || true)
texts=$(grep -FhoI -e 'I want to kill myself' -e 'a friend gave me this number' -e "$CHECKIN_AT" "${logs[@]}" | sort -u | head -5 || true)
result d "phone numbers in bot logs" "$(printf '%s' "$numbers" | grep -c . || true)" "$([ -z "$numbers" ] && echo ok || echo FAIL)"
result d "member texts in bot logs" "$(printf '%s' "$texts" | grep -c . || true)" "$([ -z "$texts" ] && echo ok || echo FAIL)"
errors=$(grep -hc -E '^(fail|crit):' "${logs[@]}" | paste -sd+ | bc 2>/dev/null || echo "?")

echo
echo "| Run | Check | Value | Verdict |"
echo "| --- | --- | --- | --- |"
for r in "${RESULTS[@]}"; do IFS='|' read -r a b c d <<<"$r"; echo "| $a | $b | $c | $d |"; done
echo
echo "error/critical log lines across runs: $errors; total $(( $(date +%s) - START )) s"
if [ "$FAILED" != 0 ]; then
  echo "== FAULTS FAILED; bot logs kept in $BENCH_TMP-logs" >&2
  mkdir -p "$BENCH_TMP-logs"; cp "$BENCH_TMP"/*.log "$BENCH_TMP-logs/" 2>/dev/null || true
  exit 1
fi
