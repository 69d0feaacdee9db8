#!/usr/bin/env bash
# Locks the "audit" container's time-based immutability policy when the deployment asks for it (main.bicep's
# auditPolicyLocked, false by default; azd stores its output AUDIT_POLICY_LOCK and runs this as a postprovision hook).
# Bicep cannot: a container policy's "state" is read-only in the template, and locking is its own action,
# POST .../containers/audit/immutabilityPolicies/default/lock with the policy's ETag in If-Match
# (learn.microsoft.com/rest/api/storagerp/blob-containers/lock-immutability-policy).
# IRREVERSIBLE: once locked, nobody (not an Owner, not Microsoft support) can shorten or remove the policy or delete the
# account while a blob in it is under retention; the period can only be extended (docs/deploy.md, "Audit records").
set -euo pipefail

say() { echo "[audit-lock] $*"; }

if [ "${AUDIT_POLICY_LOCK:-false}" != "true" ]; then
  say "auditPolicyLocked is false: the 'audit' container's immutability policy stays unlocked (docs/deploy.md)"
  exit 0
fi
account="${AZURE_STORAGE_ACCOUNT_NAME:?AZURE_STORAGE_ACCOUNT_NAME is not in the azd environment (main.bicep output)}"
group="${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not in the azd environment (main.bicep output)}"

read -r state etag < <(az storage container immutability-policy show --account-name "$account" --resource-group "$group" \
  --container-name audit --query "[state, etag]" -o tsv | tr '\n' ' ')
if [ "$state" = "Locked" ]; then
  say "the 'audit' container's immutability policy is already locked"
  exit 0
fi
az storage container immutability-policy lock --account-name "$account" --resource-group "$group" \
  --container-name audit --if-match "$etag" --output none
say "locked the 'audit' container's immutability policy of $account (irreversible)"
