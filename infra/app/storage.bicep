// The hub's storage account: the Functions host's own storage (AzureWebJobsStorage: leases, timer state,
// queue triggers, the Flex Consumption deployment package) and the hub's data (tables, CV documents, work
// queues). Reached only with Entra ID: shared keys off, OAuth by default, HTTPS and TLS 1.2+ only.

@description('Storage account name: 3-24 lower-case letters and digits, unique in Azure.')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the account.')
param location string

@description('Tags of the account.')
param tags object

@description('Redundancy of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Tables the hub uses (IntegrationHub.Storage.Common.StorageNames.Tables).')
param tableNames string[]

@description('Blob containers the hub uses (StorageNames.Containers).')
param containerNames string[]

@description('Queues the hub uses, each with its "-poison" twin (HubQueues.All).')
param queueNames string[]

@description('Container that holds the Function App\'s deployment packages (Flex Consumption).')
param deploymentContainerName string

@description('Days a deleted or overwritten blob (a CV document, a deployment package) can still be restored.')
@minValue(1)
@maxValue(365)
param blobRetentionDays int

@description('Resource id of the Log Analytics workspace that receives the diagnostic logs.')
param logAnalyticsWorkspaceId string

@description('Container (one of containerNames) where the access log, breach ledger and incident records are also appended, under a time-based immutability policy.')
param auditContainerName string

@description('Days each audit blob stays immutable (nobody can overwrite or delete it), then it is deleted by the lifecycle policy.')
@minValue(1)
@maxValue(146000)
param auditRetentionDays int

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

// Versioning and soft delete are settings of the blob service, so they cover every container: CV documents
// (an overwrite or delete can be undone for blobRetentionDays) and deployment packages (a previous package
// can be restored, see docs/deploy.md).
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: blobRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobRetentionDays
    }
  }
}

// Old versions are kept no longer than soft-deleted blobs: an erased CV is really gone after blobRetentionDays.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: blobRetentionDays
                }
              }
            }
          }
        }
        // An audit blob is appended to for an hour at most (AuditTrail), so its last change is at most an hour after its
        // creation, when its immutability period starts: deleting it after as many days since its last change never
        // tries before the policy lets it.
        {
          name: 'expire-audit-records'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'appendBlob'
              ]
              prefixMatch: [
                '${auditContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: auditRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    blobService
  ]
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in containerNames: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

// Audit records (issue 21): a container-level time-based retention policy (WORM). Blobs can be created and appended to
// (allowProtectedAppendWrites: append blobs only) and read, never overwritten or deleted until auditRetentionDays after
// their creation, whoever asks, the hub's identity included (learn.microsoft.com/azure/storage/blobs/
// immutable-time-based-retention-policy-overview, immutable-container-level-worm-policies). The policy is created
// unlocked: it protects the blobs already, and an administrator locks it once reviewed (docs/deploy.md); a locked
// policy can be extended but never shortened or removed.
resource auditContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = {
  parent: blobService
  name: auditContainerName
}

resource auditImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = {
  parent: auditContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditRetentionDays
    allowProtectedAppendWrites: true
  }
  dependsOn: [
    containers
  ]
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

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

// Diagnostics: account-level metrics, and the read/write/delete logs of each service (who touched which
// blob, queue or table entity, and when; never the content).
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

#disable-next-line use-recent-api-versions
resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
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

#disable-next-line use-recent-api-versions
resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
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
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerName string = deploymentContainer.name
output auditContainerName string = auditContainer.name
