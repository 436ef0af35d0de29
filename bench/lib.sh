# Shared by run-side-by-side.sh and smoke.sh: ports, processes, waiting, and starting our bot.
# Everything listens on 127.0.0.1 only, and every process started here is recorded so the EXIT trap stops it.

STARTED_PIDS=()

bench_cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
  [ -n "${BENCH_TMP:-}" ] && rm -rf "$BENCH_TMP"
}

# Stops one process we started (by pid) and forgets it.
bench_stop() {
  local pid=$1 keep=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${STARTED_PIDS[@]:-}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
  STARTED_PIDS=("${keep[@]:-}")
}

# A free port on 127.0.0.1: bind port 0 and let the kernel choose (a tiny race, acceptable for a bench).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL SECONDS PID: until URL answers (any status below 500), or fail if the process died.
wait_http() {
  local url=$1 seconds=$2 pid=$3 i code
  for ((i = 0; i < seconds * 5; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "process $pid exited before $url answered" >&2; return 1; fi
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 2 "$url" || true)
    if [ -n "$code" ] && [ "$code" != "000" ] && [ "$code" -lt 500 ]; then return 0; fi
    sleep 0.2
  done
  echo "$url did not answer within ${seconds}s" >&2
  return 1
}

random_key() { head -c 32 /dev/urandom | base64; }

# start_ours NAME PORT LOG [extra env assignments...]: our bot from the Release build, Production settings.
# Sets OURS_PID. Run from the repository root so the app root (appsettings.json, dialogs/) is found.
start_ours() {
  local name=$1 port=$2 log=$3
  shift 3
  env ASPNETCORE_ENVIRONMENT=Production \
    Twilio__AuthToken="$AUTH_TOKEN" \
    Privacy__HashKey="$(random_key)" Privacy__EncryptionKey="$(random_key)" \
    "$@" \
    dotnet "$ROOT/src/BotService/bin/Release/net10.0/BotService.dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
  OURS_PID=$!
  STARTED_PIDS+=("$OURS_PID")
  if ! wait_http "http://127.0.0.1:$port/healthz" 60 "$OURS_PID"; then
    echo "== $name failed to start; last log lines:" >&2
    tail -20 "$log" >&2
    return 1
  fi
}

# 0 when our bot has the Twilio webhook: an unsigned POST is refused (403/401/400), not 404/405.
has_webhook() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -X POST -d 'Body=x' "http://127.0.0.1:$1/sms/inbound" || true)
  [ "$code" != "404" ] && [ "$code" != "405" ] && [ "$code" != "000" ]
}

DRIVER() { dotnet "$ROOT/bench/LoadDriver/bin/Release/net10.0/LoadDriver.dll" "$@"; }

build_release() {
  local project
  for project in "$@"; do
    echo "== Building $project (Release)"
    dotnet build "$ROOT/$project" -c Release -nologo -clp:ErrorsOnly -v:q
  done
}
