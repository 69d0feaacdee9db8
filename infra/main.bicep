// IntegrationHub in Azure: everything the hub runs on, in one resource group. Read this file to see the
// whole environment; the modules under app/ hold the details of each part.
//
//   identity     user-assigned managed identity the Function App runs as (all access is granted to it)
//   monitoring   Log Analytics + Application Insights (Entra ID-only ingestion)
//   storage      Storage account: the Functions host's storage, the hub's tables, CV blobs, work queues
//   serviceBus   Service Bus namespace: a topic per outbound integration event family
//   keyVault     Key Vault (RBAC mode, purge protection) for future secrets such as board certificates
//   roles        the identity's role assignments, least privilege, one place to review
//   functionApp  Function App on Flex Consumption (.NET 10 isolated) with identity-based settings only
//
// Scope: resource group, not subscription. Operators often receive a resource group whose policies and
// RBAC a platform team sets, without the right to create groups themselves; a group-scoped
// template deploys with `az deployment group create` and with azd alike (azd asks for the group, or reads
// AZURE_RESOURCE_GROUP). Whoever deploys needs Owner, or Contributor plus Role Based Access Control
// Administrator, on the group, because the template assigns roles.
targetScope = 'resourceGroup'

// ---------------------------------------------------------------- parameters

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd: AZURE_ENV_NAME), part of every generated resource name.')
param environmentName string

@description('Region of every resource (one where Flex Consumption is offered).')
param location string = resourceGroup().location

@description('Client (application) id of the hub API\'s Entra ID app registration, created outside Bicep (docs/deploy.md).')
@minLength(36)
@maxLength(36)
param azureAdClientId string

@description('Tenant of that app registration; empty means the tenant of this deployment.')
param azureAdTenantId string = ''

@description('Entra ID authority host.')
param azureAdInstance string = environment().authentication.loginEndpoint

@description('Which party each calling client acts for, a list: [ { "clientId": "<Entra client id, the token\'s azp>", "kind": "Registry", "id": "nav" } ].')
param hubClients clientBindings = []

@description('Registries and their jurisdiction, keyed by registry id (1-32 lower-case letters or digits, ^[a-z0-9]{1,32}$): { "nav": { "jurisdiction": "NO" } }.')
param hubRegistries registries = {}

@description('Most instances the Function App scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Storage redundancy. ZRS keeps CVs through a zone outage; GZRS/GRS add a second region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Days a deleted or overwritten blob (CV document, deployment package) can be restored.')
@minValue(1)
@maxValue(365)
param blobRetentionDays int = 30

@description('Service Bus tier: Standard, or Premium (one messaging unit) for isolation and private networking.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Extra tags for every resource.')
param tags object = {}

// Every name can be set; empty means "${abbreviation}${resourceToken}".
@description('Name of the user-assigned managed identity.')
param identityName string = ''
@description('Name of the Log Analytics workspace.')
param logAnalyticsName string = ''
@description('Name of the Application Insights component.')
param applicationInsightsName string = ''
@description('Name of the storage account.')
param storageAccountName string = ''
@description('Name of the search index\'s storage account.')
param searchStorageAccountName string = ''
@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string = ''
@description('Name of the Key Vault.')
param keyVaultName string = ''

@description('NAV\'s import API: { baseUrl (ending /stillingsimport), provider (NAV\'s numeric provider id) }; the token goes into the Key Vault as secret "nav-import-token".')
param navBoard object = { baseUrl: '', provider: '' }
@description('Name of the Flex Consumption plan.')
param appServicePlanName string = ''
@description('Name of the Function App.')
param functionAppName string = ''

import { clientBindings, registries } from 'app/functionapp.bicep'

// ---------------------------------------------------------------- names the code uses

// InfraAgreementTests fails when these and the code drift apart.
// Tables: IntegrationHub.Storage.Common.StorageNames.Tables.
var hubTables = [
  'Cvs'
  'CvFacts'
  'CitizenEvents'
  'Visibility'
  'OutboundEvents'
  'AccessLog'
  'AccessCounters'
  'Incidents'
  'BoardFeed'
  'JobAds'
  'Breaches'
  'BreachAudience'
  'BreachLedger'
  'Erasures'
]
// The search index's account (ADR 0013): StorageNames.SearchIndexTables, the manifest table and the shard tables
// CvSearch00..CvSearch63 (StorageNames.CvSearchShardCount).
var searchIndexTables = [
  'CvSearchManifest'
]
var searchIndexShards = 64
// Containers: StorageNames.Containers ("cvs": CV documents, versioned and soft-deleted).
var hubContainers = [
  'cvs'
]
// Queues: IntegrationHub.Core.Hub.HubQueues.All, each with the "-poison" queue the Functions host moves a
// message to after host.json's maxDequeueCount.
var hubQueues = [
  'cv-changes'
  'cv-changes-poison'
  'jobads-nav'
  'jobads-nav-poison'
  'jobads-jobnet'
  'jobads-jobnet-poison'
  'jobads-finn'
  'jobads-finn-poison'
  'breach-delivery'
  'breach-delivery-poison'
  'breach-dryrun'
  'breach-dryrun-poison'
  'citizen-erasure'
  'citizen-erasure-poison'
]
// Topics of the outbound integration events (ARCHITECTURE.md, 3): IntegrationHub.Core.Outbox.OutboundTopics.All.
var eventTopics = [
  'cv-visibility-changed'
  'jobad-status-changed'
  'breach-campaign-progress'
  'security-alerts'
  'citizen-notices'
]

// ---------------------------------------------------------------- binding checks

// The hub refuses to start with bindings that would misroute callers (HubOptionsValidator). The same rules here
// fail the deployment instead, before the Function App's settings are touched.
func isRegistryId(id string) bool =>
  length(id) >= 1 && length(id) <= 32 && empty(filter(
    range(0, length(id)),
    i => !contains('abcdefghijklmnopqrstuvwxyz0123456789', substring(id, i, 1))
  ))

var registryIds = map(items(hubRegistries), registry => registry.key)
// A registry id is part of an app setting name (Hub__Registries__<id>__Jurisdiction): ^[a-z0-9]{1,32}$.
var registryErrors = map(
  filter(registryIds, id => !isRegistryId(id)),
  id => 'hubRegistries: "${id}" is not a registry id (1-32 lower-case letters or digits)'
)
// Client ids compare case-insensitively, as the hub compares the token's azp.
var clientIds = map(hubClients, client => toLower(client.clientId))
var clientErrors = concat(
  map(
    filter(range(0, length(hubClients)), i => indexOf(clientIds, clientIds[i]) != i),
    i => 'hubClients[${i}]: client id "${hubClients[i].clientId}" is bound more than once'
  ),
  map(
    filter(range(0, length(hubClients)), i => hubClients[i].kind == 'Registry' && !contains(registryIds, hubClients[i].id)),
    i => 'hubClients[${i}]: registry "${hubClients[i].id}" has no entry in hubRegistries'
  )
)

// ---------------------------------------------------------------- resources

var abbrs = loadJsonContent('abbreviations.json')
// Data stays in the EU/EEA (issue 16, ADR 0022): every Azure region whose physical location is in an EU or EEA state, from
// Microsoft's region list (learn.microsoft.com/azure/reliability/regions-list). Not Switzerland or the UK: outside the EEA.
var euEeaRegions = [
  'austriaeast' // Vienna
  'belgiumcentral' // Brussels
  'francecentral' // Paris
  'francesouth' // Marseille
  'germanynorth' // Berlin
  'germanywestcentral' // Frankfurt
  'italynorth' // Milan
  'northeurope' // Ireland
  'norwayeast' // Oslo (EEA)
  'norwaywest' // Stavanger (EEA)
  'polandcentral' // Warsaw
  'spaincentral' // Madrid
  'swedencentral' // Gävle
  'westeurope' // Netherlands
]
// Every resource name derives from resourceToken, so a region outside the list fails the deployment before anything is created.
var euEeaLocation = contains(euEeaRegions, toLower(location))
  ? location
  : fail('location "${location}" is outside the EU/EEA; allowed: ${join(euEeaRegions, ', ')}')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, euEeaLocation))
var allTags = union(tags, { 'azd-env-name': environmentName })
var names = {
  identity: !empty(identityName) ? identityName : '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
  logAnalytics: !empty(logAnalyticsName) ? logAnalyticsName : '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: !empty(applicationInsightsName)
    ? applicationInsightsName
    : '${abbrs.insightsComponents}${resourceToken}'
  storage: !empty(storageAccountName) ? storageAccountName : '${abbrs.storageStorageAccounts}${resourceToken}'
  searchStorage: !empty(searchStorageAccountName)
    ? searchStorageAccountName
    : '${abbrs.storageStorageAccounts}srch${resourceToken}'
  serviceBus: !empty(serviceBusNamespaceName)
    ? serviceBusNamespaceName
    : '${abbrs.serviceBusNamespaces}${resourceToken}'
  keyVault: !empty(keyVaultName) ? keyVaultName : '${abbrs.keyVaultVaults}${resourceToken}'
  plan: !empty(appServicePlanName) ? appServicePlanName : '${abbrs.webServerFarms}${resourceToken}'
  functionApp: !empty(functionAppName) ? functionAppName : '${abbrs.webSitesFunctions}${resourceToken}'
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: allTags
    retentionInDays: logRetentionDays
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: allTags
    skuName: storageSku
    tableNames: hubTables
    containerNames: hubContainers
    queueNames: hubQueues
    deploymentContainerName: 'app-package'
    blobRetentionDays: blobRetentionDays
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module searchStorage 'app/search-storage.bicep' = {
  name: 'search-storage'
  params: {
    name: names.searchStorage
    location: location
    tags: allTags
    skuName: 'Standard_LRS'
    tableNames: searchIndexTables
    searchIndexShards: searchIndexShards
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    skuName: serviceBusSku
    topicNames: eventTopics
    duplicateDetectionWindow: 'PT10M'
    exampleSubscriptionName: 'example'
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    softDeleteRetentionInDays: 90
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

// Names known before deployment (not module outputs), so What-If can predict the assignments.
module roles 'app/roles.bicep' = {
  name: 'roles'
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    searchStorageAccountName: names.searchStorage
    serviceBusNamespaceName: names.serviceBus
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
  }
  dependsOn: [
    identity
    storage
    searchStorage
    serviceBus
    keyVault
    monitoring
  ]
}

module functionApp 'app/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    searchStorageTableEndpoint: searchStorage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    azureAdInstance: azureAdInstance
    azureAdTenantId: !empty(azureAdTenantId) ? azureAdTenantId : tenant().tenantId
    azureAdClientId: azureAdClientId
    hubClients: empty(clientErrors) ? hubClients : fail(join(clientErrors, '; '))
    hubRegistries: empty(registryErrors) ? hubRegistries : fail(join(registryErrors, '; '))
    navBoard: navBoard
    navTokenReference: '@Microsoft.KeyVault(VaultName=${names.keyVault};SecretName=nav-import-token)'
    erasureKeyReference: '@Microsoft.KeyVault(VaultName=${names.keyVault};SecretName=erasure-tombstone-key)'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: 2048
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
  // The app starts with identity-based connections only: its roles must exist before its first start.
  dependsOn: [
    roles
  ]
}

// ---------------------------------------------------------------- outputs (azd stores them in the environment)

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup().name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_SEARCH_STORAGE_ACCOUNT_NAME string = searchStorage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output SERVICEBUS_NAMESPACE string = serviceBus.outputs.name
output SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
