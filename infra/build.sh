#!/usr/bin/env bash
# Compiles and lints the hub's Bicep offline, with the Bicep CLI from NuGet (tools/bicep/Bicep.proj).
#   infra/build.sh            build infra/main.bicep to infra/.build/main.json, then lint it
#   BICEP_OUT=DIR infra/build.sh   write main.json to DIR instead
# Fails (exit 1) on any compile error and on any linter diagnostic at level error (infra/bicepconfig.json);
# prints warnings and goes on.
set -euo pipefail

BICEP_VERSION=0.49.2   # keep in step with tools/bicep/Bicep.proj
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
infra="$root/infra"
out="${BICEP_OUT:-$infra/.build}"
started=$SECONDS

say() { echo "[infra] $*"; }

packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  say "Bicep CLI $BICEP_VERSION not in $packages: restoring tools/bicep/Bicep.proj"
  if ! dotnet restore "$root/tools/bicep/Bicep.proj" --nologo -v quiet; then
    say "ERROR: could not restore Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION from NuGet" >&2
    exit 1
  fi
fi
if [[ ! -f "$bicep" ]]; then
  say "ERROR: the Bicep CLI is not at $bicep after the restore" >&2
  exit 1
fi
[[ -x "$bicep" ]] || chmod +x "$bicep"
say "bicep: $("$bicep" --version 2>&1 | head -n 1) ($bicep)"

mkdir -p "$out"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
failed=0

# One line per diagnostic: "<file>(line,col) : Error|Warning|Info <code>: <text>".
check() {
  local what="$1" status="$2"
  if [[ -s "$log" ]]; then sed 's/^/[infra]   /' "$log"; fi
  local errors warnings
  errors=$(grep -c ' : Error ' "$log" || true)
  warnings=$(grep -c ' : Warning ' "$log" || true)
  if [[ "$status" -ne 0 || "$errors" -ne 0 ]]; then
    say "$what: FAILED (exit $status, $errors error(s), $warnings warning(s))"
    failed=1
  else
    say "$what: ok ($warnings warning(s))"
  fi
}

status=0
"$bicep" build "$infra/main.bicep" --outfile "$out/main.json" >"$log" 2>&1 || status=$?
check "bicep build infra/main.bicep -> ${out#"$root/"}/main.json" "$status"

status=0
"$bicep" lint "$infra/main.bicep" >"$log" 2>&1 || status=$?
check "bicep lint infra/main.bicep (rules: infra/bicepconfig.json)" "$status"

if [[ "$failed" -ne 0 ]]; then
  rm -f "$out/main.json"   # never leave a template that did not pass
  say "FAILED in $((SECONDS - started)) s"
  exit 1
fi
say "done in $((SECONDS - started)) s"
