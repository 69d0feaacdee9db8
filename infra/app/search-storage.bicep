// A tables-only storage account, reached only with Entra ID. main.bicep deploys it twice:
// - "search-storage", the employer search index's own account (docs/adr/0013-search-index-account.md): the index's
//   manifest and shard tables, nothing else. The index is derived data (rebuilt from the visibility states), written 13
//   rows per CV change, and read on every search; in its own account its load neither shares the hub account's
//   transaction limits nor slows the state, log and counter calls of the same search.
// - "period-storage", the period tables' account (docs/adr/0030-period-tables-account.md): no table at deployment; the
//   hub creates and drops "AccessLog{J}{yyyyMM}", "VisibilityHistory{J}{yyyyMM}" and the like at run time, which a
//   per-table role cannot name in advance.

@description('Storage account name: 3-24 lower-case letters and digits, unique in Azure.')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the account.')
param location string

@description('Tags of the account.')
param tags object

@description('Redundancy of the account. The index can be rebuilt, so LRS is enough for it; the period tables (audit data) take the hub account\'s.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Tables created with the account: the index tables other than the shards (StorageNames.SearchIndexTables without the shards); none for the period account.')
param tableNames string[]

@description('Shard tables of the employer search index, CvSearch00 upwards (StorageNames.CvSearchShardCount); 0 for the period account.')
@minValue(0)
@maxValue(100)
param searchIndexShards int

@description('Resource id of the Log Analytics workspace that receives the diagnostic logs.')
param logAnalyticsWorkspaceId string

@description('True with main.bicep\'s vnetEnabled: public network access off, firewall deny, reached at private endpoints only.')
param privateNetworkOnly bool

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Private only with vnetEnabled: no public endpoint, deny by default and no trusted-service bypass, as
    // Azure-Samples/functions-quickstart-dotnet-azd (infra/main.bicep, vnetEnabled) does.
    publicNetworkAccess: privateNetworkOnly ? 'Disabled' : 'Enabled'
    networkAcls: {
      bypass: privateNetworkOnly ? 'None' : 'AzureServices'
      defaultAction: privateNetworkOnly ? 'Deny' : 'Allow'
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

// The index rows are spread over shard tables by a hash of the partition (docs/adr/0011-search-index-shards.md).
resource searchIndexTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for shard in range(0, searchIndexShards): {
    parent: tableService
    name: 'CvSearch${padLeft(shard, 2, '0')}'
  }
]

// Account-level transaction metrics, as for the hub account.
// 2021-05-01-preview is the newest version with category groups (the linter suggests 2016-09-01, which has none).
#disable-next-line use-recent-api-versions
resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

// Who read or wrote which entity, and when (never the content), as for the hub account.
// 2021-05-01-preview is the newest version with category groups (the linter suggests 2016-09-01, which has none).
#disable-next-line use-recent-api-versions
resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

output id string = account.id
output name string = account.name
output tableEndpoint string = account.properties.primaryEndpoints.table
