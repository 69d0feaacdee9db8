// Every role the hub's identity holds, in one place, each at the narrowest scope the hub can work with and
// each named for what the hub does with it. Names are guid(scope, identity, role): stable across
// redeployments, so a redeploy updates nothing and a second identity gets its own assignments.
// Data roles are scoped per table, queue and topic where Azure allows it (a role assignment's scope may be a single
// table, queue or container: learn.microsoft.com/azure/storage/blobs/authorize-access-azure-active-directory, "Resource
// scope"); SecurityAgreementTests holds every assignment against an allow-list of (role, scope) pairs with reasons.
// Built-in role ids: learn.microsoft.com/azure/role-based-access-control/built-in-roles.

@description('Name of the hub\'s user-assigned managed identity, which receives every role below.')
param identityName string

@description('Name of the hub\'s storage account.')
param storageAccountName string

@description('Name of the search index\'s storage account.')
param searchStorageAccountName string

@description('Name of the period tables\' storage account (ADR 0030).')
param periodStorageAccountName string

@description('Name of the Service Bus namespace of the outbound events.')
param serviceBusNamespaceName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('The hub\'s tables in its storage account (main.bicep hubTables): Storage Table Data Contributor on each.')
param tableNames string[]

@description('The hub\'s queues and their poison twins (main.bicep hubQueues): Storage Queue Data Contributor on each.')
param queueNames string[]

@description('The outbound event topics (main.bicep eventTopics): Azure Service Bus Data Sender on each.')
param topicNames string[]

// Built-in role definition ids (the same in every tenant and cloud).
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' existing = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' existing = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' existing = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' existing = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

resource searchStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: searchStorageAccountName
}

resource periodStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: periodStorageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource topics 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' existing = [
  for topic in topicNames: {
    parent: serviceBus
    name: topic
  }
]

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Storage Blob Data Owner, not Contributor: the Functions host with an identity-based AzureWebJobsStorage
// needs Owner for its own blobs (singleton and listener leases, timer schedule state, the primary-host lock),
// and Flex Consumption reads the deployment package with it. The hub itself reads and writes CV documents
// in the "cvs" container and appends audit records to "audit". Account scope, because the host creates its own
// containers (azure-webjobs-*). The "audit" container's immutability policy refuses this role's overwrite and delete
// alike: a data role cannot change a policy (that is the management plane's Microsoft.Storage/.../immutabilityPolicies).
resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageBlobDataOwner)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    description: 'IntegrationHub: Functions host leases and deployment package; CV documents (cvs).'
  }
}

// Storage Queue Data Contributor on each work queue, not the account: the hub sends pages of work ("cv-changes",
// "jobads-*", "breach-*"); the host's queue triggers receive and delete them and move a failing message to its
// "-poison" twin. No other queue exists for the hub to touch.
resource storageQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (queue, i) in queueNames: {
    name: guid(queues[i].id, identity.id, roleIds.storageQueueDataContributor)
    scope: queues[i]
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId(
        'Microsoft.Authorization/roleDefinitions',
        roleIds.storageQueueDataContributor
      )
      description: 'IntegrationHub: work queue ${queue}.'
    }
  }
]

// Storage Table Data Contributor on each of the hub's tables, not the account. There is no append-only table role: the
// audit rows (AccessLog, BreachLedger, Incidents) are also appended to the immutable "audit" container (storage.bicep).
resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (table, i) in tableNames: {
    name: guid(tables[i].id, identity.id, roleIds.storageTableDataContributor)
    scope: tables[i]
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId(
        'Microsoft.Authorization/roleDefinitions',
        roleIds.storageTableDataContributor
      )
      description: 'IntegrationHub: table ${table}.'
    }
  }
]

// Storage Table Data Contributor on the search index's account: the index rows, manifests and bucket directory. Account
// scope: the account holds the index's 65 tables and nothing else, all of which the hub reads and writes.
resource searchTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(searchStorage.id, identity.id, roleIds.storageTableDataContributor)
  scope: searchStorage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageTableDataContributor
    )
    description: 'IntegrationHub: the employer search index (CvSearchManifest, CvSearch00-63).'
  }
}

// Storage Table Data Contributor on the period tables' account (ADR 0030): the hub creates "AccessLog{J}{yyyyMM}",
// "VisibilityHistory{J}{yyyyMM}" and any later family at run time, writes and reads them, and drops an expired month
// whole. A table scope names one existing table (learn.microsoft.com/azure/storage/tables/assign-azure-role-data-access),
// so account scope; the account holds these tables and nothing else.
resource periodTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(periodStorage.id, identity.id, roleIds.storageTableDataContributor)
  scope: periodStorage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageTableDataContributor
    )
    description: 'IntegrationHub: the period tables (AccessLog{J}{yyyyMM}, VisibilityHistory{J}{yyyyMM}), created and dropped at run time.'
  }
}

// Azure Service Bus Data Sender on each topic: the outbox relay publishes integration events. Send only: the hub never
// receives from its own topics.
resource serviceBusDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (topic, i) in topicNames: {
    name: guid(topics[i].id, identity.id, roleIds.serviceBusDataSender)
    scope: topics[i]
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
      description: 'IntegrationHub: publishes to topic ${topic}.'
    }
  }
]

// Key Vault Secrets User: read secrets (and Key Vault references in app settings); never write or delete.
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roleIds.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    description: 'IntegrationHub: reads its secrets (board certificates).'
  }
}

// Monitoring Metrics Publisher: send telemetry to Application Insights, whose local (key) auth is off.
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roleIds.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.monitoringMetricsPublisher
    )
    description: 'IntegrationHub: sends logs, traces and metrics with Entra ID authentication.'
  }
}
