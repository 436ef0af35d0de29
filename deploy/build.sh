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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The three checks run side by side (each is mostly the CLI's start-up); what each prints goes to its own file.
# bicep build writes its diagnostics to stderr, bicep lint to stdout: both are kept, the compiled JSON is not.
"$bicep" build deploy/main.bicep --stdout 2>"$tmp/build" >/dev/null & build=$!
"$bicep" lint deploy/main.bicep >"$tmp/lint" 2>&1 & lint=$!
# The parameters file as `az deployment group create -p deploy/main.bicepparam -p twilioAuthToken=...` compiles it:
# the CLI hands the command-line values to Bicep in BICEP_PARAMETERS_OVERRIDES. Placeholders of the minimum lengths.
zeros32=$(printf '0%.0s' {1..32})
key=$(printf 'A%.0s' {1..43})=
BICEP_PARAMETERS_OVERRIDES="{\"twilioAuthToken\":\"$zeros32\",\"privacyHashKey\":\"$key\",\"privacyEncryptionKey\":\"$key\",\"adminApiKey\":\"$zeros32\"}" \
  "$bicep" build-params deploy/main.bicepparam --stdout 2>"$tmp/build-params" >/dev/null & params=$!

# Any output (an error or a warning) or a non-zero exit fails the build.
failed=0
for step in build:$build lint:$lint build-params:$params; do
  name=${step%%:*} rc=0
  wait "${step##*:}" || rc=$?
  if [[ $rc -ne 0 || -s "$tmp/$name" ]]; then
    echo "deploy/build.sh: bicep $name failed (exit $rc):" >&2
    cat "$tmp/$name" >&2
    failed=1
  fi
done

if [[ $failed -ne 0 ]]; then exit 1; fi
echo "deploy: main.bicep and main.bicepparam build and lint clean (Bicep CLI $bicep_version)"
