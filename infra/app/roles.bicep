// Every role the hub's identity holds, in one place, each at the narrowest scope the hub can work with and
// each named for what the hub does with it. Names are guid(scope, identity, role): stable across
// redeployments, so a redeploy updates nothing and a second identity gets its own assignments.

@description('Name of the hub\'s user-assigned managed identity, which receives every role below.')
param identityName string

@description('Name of the hub\'s storage account.')
param storageAccountName string

@description('Name of the search index\'s storage account.')
param searchStorageAccountName string

@description('Name of the Service Bus namespace of the outbound events.')
param serviceBusNamespaceName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

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

resource searchStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: searchStorageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Storage Blob Data Owner, not Contributor: the Functions host with an identity-based AzureWebJobsStorage
// needs Owner for its own blobs (singleton and listener leases, timer schedule state, the primary-host lock),
// and Flex Consumption reads the deployment package with it. The hub itself reads and writes CV documents
// in the "cvs" container. Account scope, because the host creates its own containers (azure-webjobs-*).
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

// Storage Queue Data Contributor: the hub sends pages of CV changes to "cv-changes"; the host's queue
// trigger receives and deletes them and moves a failing message to "cv-changes-poison".
resource storageQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageQueueDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageQueueDataContributor
    )
    description: 'IntegrationHub: work queues (cv-changes) and their poison queues.'
  }
}

// Storage Table Data Contributor: the hub's state (the CV index "Cvs", the derived facts "CvFacts").
resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageTableDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageTableDataContributor
    )
    description: 'IntegrationHub: state tables (Cvs, CvFacts).'
  }
}

// Storage Table Data Contributor on the search index's account: the index rows, manifests and bucket directory.
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

// Azure Service Bus Data Sender: the outbox relay publishes integration events to the topics. Send only:
// the hub never receives from its own topics, and the namespace holds nothing but those topics.
resource serviceBusDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus.id, identity.id, roleIds.serviceBusDataSender)
  scope: serviceBus
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.serviceBusDataSender)
    description: 'IntegrationHub: publishes outbound integration events.'
  }
}

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
