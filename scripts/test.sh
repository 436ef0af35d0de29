#!/usr/bin/env bash
# Runs every test. Installs what the tests need and the tests start it themselves on free 127.0.0.1 ports:
# Azurite (table storage emulator), Prism (Twilio API mock), the twilio and botbuilder reference SDKs, Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "== Installing Chromium for the browser tests (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "== Chromium is not installed and this is not root: the browser tests will be SKIPPED (they always run under CI)."
  fi
fi

echo "== Installing test peers (npm: azurite, prism, twilio, botbuilder)"
# --ignore-scripts: botbuilder-dialogs' postinstall calls npx, which cannot prompt here; nothing we run needs it.
npm ci --prefix tests/node --no-audit --no-fund --ignore-scripts --loglevel=error

echo "== Building"
dotnet build BotService.sln -c Release -nologo -clp:ErrorsOnly

echo "== Testing"
log=$(mktemp)
set +e
dotnet test BotService.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain closing line with the totals of every test project (from "Passed!/Failed!  - Failed: N, Passed: N, Skipped: N").
awk '/(Passed|Failed)! +- / { line = $0; gsub(/,/, "", line); n = split(line, w, " ");
       for (i = 1; i < n; i++) { if (w[i] == "Failed:") f += w[i+1]; if (w[i] == "Passed:") p += w[i+1]; if (w[i] == "Skipped:") s += w[i+1] } }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
