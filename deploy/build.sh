#!/usr/bin/env bash
# Compiles and lints deploy/main.bicep (and checks deploy/main.bicepparam against it) with the Bicep CLI from NuGet.
# Offline apart from NuGet: the CLI ships Azure's resource types, and the templates use no registry modules.
# Fails on any error or warning. Usage: bash deploy/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bicep_version=0.49.2

# The package is only downloaded into the NuGet cache (PackageDownload); nothing is built.
dotnet restore deploy/tools/BicepCli.csproj --nologo -v quiet >/dev/null

packages=$(dotnet nuget locals global-packages --list --force-english-output | sed -n 's/^global-packages: *//p')
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$bicep_version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "deploy/build.sh: no Bicep CLI at $bicep after restore" >&2
  exit 1
fi
[[ -x "$bicep" ]] || chmod u+x "$bicep"

failed=0
# Runs one Bicep command; anything it prints (its diagnostics: errors and warnings alike) fails the build.
check() {
  local what=$1 out rc=0
  shift
  out=$("$bicep" "$@" 2>&1 >/dev/null) || rc=$?
  if [[ $rc -ne 0 || -n "$out" ]]; then
    echo "deploy/build.sh: bicep $what failed (exit $rc):" >&2
    [[ -n "$out" ]] && echo "$out" >&2
    failed=1
  fi
}

check build build deploy/main.bicep --stdout
# bicep lint writes its diagnostics to stdout.
lint_rc=0
lint_out=$("$bicep" lint deploy/main.bicep 2>&1) || lint_rc=$?
if [[ $lint_rc -ne 0 || -n "$lint_out" ]]; then
  echo "deploy/build.sh: bicep lint failed (exit $lint_rc):" >&2
  [[ -n "$lint_out" ]] && echo "$lint_out" >&2
  failed=1
fi

# The parameters file as `az deployment group create -p deploy/main.bicepparam -p twilioAuthToken=...` compiles it:
# the CLI hands the command-line values to Bicep in BICEP_PARAMETERS_OVERRIDES. Placeholders of the minimum lengths.
BICEP_PARAMETERS_OVERRIDES=$(printf '{"twilioAuthToken":"%s","privacyHashKey":"%s","privacyEncryptionKey":"%s","adminApiKey":"%s"}' \
  "$(printf '0%.0s' {1..32})" "$(printf 'A%.0s' {1..43})=" "$(printf 'A%.0s' {1..43})=" "$(printf '0%.0s' {1..32})") \
  check build-params build-params deploy/main.bicepparam --stdout

if [[ $failed -ne 0 ]]; then exit 1; fi
echo "deploy: main.bicep and main.bicepparam build and lint clean (Bicep CLI $bicep_version)"
