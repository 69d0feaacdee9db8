#!/usr/bin/env bash
# Entra ID in code (issue 21): the hub API's app registration with its app roles, its service principal, and the privacy
# console's single-page-app registration, created or brought up to date. Run by azd (azure.yaml hooks):
#   preprovision:   infra/entra/setup-entra.sh            -> sets HUB_API_CLIENT_ID, HUB_API_TENANT_ID, HUB_CONSOLE_CLIENT_ID
#   postprovision:  infra/entra/setup-entra.sh --redirect -> adds https://<app>/api/console as the console's redirect URI
# Needs the az CLI signed in (`az login`) as someone who may create app registrations in the tenant, and jq.
#
# Why a script and not Bicep's Microsoft Graph extension: the extension is fetched from a registry at build time, and
# infra/build.sh must compile offline. The script does what the extension would, with Microsoft Graph's upsert:
# PATCH /applications(uniqueName='...') with "Prefer: create-if-missing" (learn.microsoft.com/graph/api/application-upsert),
# so it is safe to run again; the roles' ids are fixed in app-roles.json, so existing role assignments survive.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
graph="https://graph.microsoft.com/v1.0"
env_name="${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set (run through azd, or export it)}"
api_unique="integrationhub-api-${env_name}"
console_unique="integrationhub-console-${env_name}"

say() { echo "[entra] $*"; }
command -v az >/dev/null || { say "ERROR: the az CLI is needed" >&2; exit 1; }
command -v jq >/dev/null || { say "ERROR: jq is needed" >&2; exit 1; }

set_env() {
  # azd keeps the value in .azure/<env>/.env, where main.parameters.json reads it.
  if command -v azd >/dev/null; then azd env set "$1" "$2" >/dev/null; fi
  say "$1=$2"
}

upsert() { # uniqueName, JSON body -> the application's JSON
  az rest --method PATCH --url "$graph/applications(uniqueName='$1')" \
    --headers "Content-Type=application/json" "Prefer=create-if-missing" --body "$2" >/dev/null
  az rest --method GET --url "$graph/applications(uniqueName='$1')?\$select=id,appId,identifierUris,spa"
}

ensure_service_principal() { # appId
  if ! az rest --method GET --url "$graph/servicePrincipals(appId='$1')?\$select=id" >/dev/null 2>&1; then
    az rest --method POST --url "$graph/servicePrincipals" --headers "Content-Type=application/json" \
      --body "{\"appId\":\"$1\"}" >/dev/null
  fi
}

# The hub API: app roles (HubRoles), v2 access tokens, single tenant.
roles="$(jq '[.appRoles[] | . + {isEnabled: true}]' "$here/app-roles.json")"
api_body="$(jq -n --arg name "IntegrationHub API ($env_name)" --argjson roles "$roles" \
  '{displayName: $name, signInAudience: "AzureADMyOrg", appRoles: $roles, api: {requestedAccessTokenVersion: 2}}')"
api="$(upsert "$api_unique" "$api_body")"
api_app_id="$(jq -r .appId <<<"$api")"
if [[ "$(jq -r '.identifierUris | index("api://'"$api_app_id"'")' <<<"$api")" == "null" ]]; then
  az rest --method PATCH --url "$graph/applications(uniqueName='$api_unique')" --headers "Content-Type=application/json" \
    --body "{\"identifierUris\":[\"api://$api_app_id\"]}" >/dev/null
fi
ensure_service_principal "$api_app_id"

# The privacy console: a single-page app signing people in with authorization code + PKCE (no secret). It asks for
# api://<hub API>/.default; the app roles assigned to the person arrive in the token's "roles".
console_body="$(jq -n --arg name "IntegrationHub privacy console ($env_name)" \
  '{displayName: $name, signInAudience: "AzureADMyOrg"}')"
console="$(upsert "$console_unique" "$console_body")"
console_app_id="$(jq -r .appId <<<"$console")"
ensure_service_principal "$console_app_id"

if [[ "${1:-}" == "--redirect" ]]; then
  url="${AZURE_FUNCTION_APP_URL:?AZURE_FUNCTION_APP_URL is not set (an output of infra/main.bicep, after provisioning)}"
  uris="$(jq -c --arg uri "$url/api/console" '(.spa.redirectUris // []) + [$uri] | unique' <<<"$console")"
  az rest --method PATCH --url "$graph/applications(uniqueName='$console_unique')" --headers "Content-Type=application/json" \
    --body "{\"spa\":{\"redirectUris\":$uris}}" >/dev/null
  say "console redirect URI: $url/api/console"
fi

set_env HUB_API_CLIENT_ID "$api_app_id"
set_env HUB_API_TENANT_ID "$(az account show --query tenantId -o tsv)"
set_env HUB_CONSOLE_CLIENT_ID "$console_app_id"
