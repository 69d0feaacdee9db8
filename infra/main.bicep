// IntegrationHub in Azure: everything the hub runs on, in one resource group. Read this file to see the
// whole environment; the modules under app/ hold the details of each part.
//
//   identity     user-assigned managed identity the Function App runs as (all access is granted to it)
//   monitoring   Log Analytics + Application Insights (Entra ID-only ingestion)
//   storage      Storage account: the Functions host's storage, the hub's tables, CV blobs, work queues
//   searchStorage, periodStorage  tables-only accounts: the search index (ADR 0013), the month tables (ADR 0030)
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

@description('Client (application) id of the hub API\'s Entra ID app registration, created by infra/entra/setup-entra.sh (azd preprovision hook; docs/deploy.md).')
@minLength(36)
@maxLength(36)
param azureAdClientId string

@description('Tenant of that app registration; empty means the tenant of this deployment.')
param azureAdTenantId string = ''

@description('Client id of the privacy console\'s single-page-app registration (infra/entra/setup-entra.sh); empty: the console asks for a pasted token.')
param consoleClientId string = ''

@description('Entra ID authority host.')
param azureAdInstance string = environment().authentication.loginEndpoint

@description('Which party each calling client acts for, a list: [ { "clientId": "<Entra client id, the token\'s azp>", "kind": "Registry", "id": "nav" } ].')
param hubClients clientBindings = []

@description('Registries and their jurisdiction, keyed by registry id (1-32 lower-case letters or digits, ^[a-z0-9]{1,32}$): { "nav": { "jurisdiction": "NO" } }.')
param hubRegistries registries = {}

@description('Registries that receive breach letters, a list: [ { "id": "nav", "deliveryUrl": "https://...", "audience": "api://...", "complaintUrl": "https://...", "dpoContact": "...", "channelRates": { "secure": 500 } } ] (Hub__Breach__Registries__<id>__*; checked as the hub checks them at start).')
param breachRegistries breachRegistry[] = []

@description('Most instances the Function App scales out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one Function App instance, MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions (billed while idle); 0 lets the app scale to zero.')
@minValue(0)
@maxValue(1000)
param alwaysReadyHttpInstances int = 0

// The private-network switch (issue 21), off for a first deployment as in Azure-Samples/functions-quickstart-dotnet-azd.
@description('Private networking: a virtual network the Function App sends through, private endpoints and DNS zones for both storage accounts, Service Bus (moved to Premium) and Key Vault, whose public network access is then disabled.')
param vnetEnabled bool = false

@description('Address space of the virtual network (vnetEnabled); the app subnet is its .2.0/24, the endpoints\' subnet its .1.0/24.')
param vnetAddressPrefix string = '10.0.0.0/16'

@description('Zone redundancy: the Flex Consumption plan spread over availability zones, Service Bus on Premium (zone-redundant), the search index\'s account on ZRS (keep storageSku a zone-redundant one too). The region must offer zones.')
param zoneRedundant bool = false

@description('Create an "example" subscription on each topic (a template for subscribers). Off: nothing keeps a copy no one reads. On: an alert fires while messages wait in the topics.')
param exampleSubscriptions bool = false

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

// 400 days until the data-lifecycle work (issue 16, docs/data-lifecycle.md) settles the audit retention: the access log
// must answer "who saw my CV" for the past year, plus a month's margin for a late request (assumed, see ADR 0026).
@description('Days the audit copies (access log, breach ledger, incidents) stay immutable in the "audit" container; then they are deleted.')
@minValue(1)
@maxValue(146000)
param auditRetentionDays int = 400

@description('E-mail addresses the alerts\' action group notifies. Empty (the default): the alerts fire but tell nobody until receivers are added (docs/deploy.md).')
param alertEmails string[] = []

@description('Lock the "audit" container\'s immutability policy after provisioning (irreversible: the period can then only be extended). Bicep cannot lock it; azd\'s postprovision hook infra/lock-audit-policy.sh does when this is true.')
param auditPolicyLocked bool = false

@description('Put a CanNotDelete lock on the resource group (production): nobody deletes the group or a resource in it until an Owner removes the lock.')
param resourceGroupDeleteLock bool = false

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
@description('Name of the period tables\' storage account (AccessLog{J}{yyyyMM}, VisibilityHistory{J}{yyyyMM}, ADR 0030).')
param periodStorageAccountName string = ''
@description('Name of the Service Bus namespace.')
param serviceBusNamespaceName string = ''
@description('Name of the Key Vault.')
param keyVaultName string = ''
@description('Name of the virtual network (vnetEnabled).')
param vnetName string = ''

@description('NAV\'s import API: { baseUrl (ending /stillingsimport), provider (NAV\'s numeric provider id) }; the token goes into the Key Vault as secret "nav-import-token".')
param navBoard object = { baseUrl: '', provider: '' }
@description('Name of the Flex Consumption plan.')
param appServicePlanName string = ''
@description('Name of the Function App.')
param functionAppName string = ''

import { breachRegistry, clientBindings, registries } from 'app/functionapp.bicep'

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
  'BreachAudiencePacks'
  'BreachLedger'
  'Erasures'
]
// The search index's account (ADR 0013): StorageNames.SearchIndexTables, the manifest table and the shard tables
// CvSearch00..CvSearch63 (StorageNames.CvSearchShardCount).
var searchIndexTables = [
  'CvSearchManifest'
]
var searchIndexShards = 64
// The period tables' account (ADR 0030): none at deployment; PeriodTables creates "{base}{J}{yyyyMM}" (AccessLog,
// VisibilityHistory, any later family) at run time and retention drops them, so the role is on the account.
// Containers: StorageNames.Containers ("cvs": CV documents, versioned and soft-deleted; "audit": the append-only,
// immutable copy of the access log, breach ledger and incidents, StorageNames.AuditContainer).
var hubContainers = [
  'cvs'
  'audit'
]
// Queues: IntegrationHub.Core.Kernel.HubQueues.All, each with the "-poison" queue the Functions host moves a
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

// The breach registries, by BreachDeliveryOptionsValidator's rules (outside Development, so https only), each error
// naming the item and its field: the hub would refuse to start with any of them.
func isHttpsUrl(url string) bool => startsWith(url, 'https://') && length(url) > 8 && !contains(url, ' ')
// An audience is an absolute URI (a scheme, so a ":") or a client id (a GUID: 36 characters in five groups).
func isGuid(value string) bool => length(value) == 36 && length(split(value, '-')) == 5

var breachIds = map(breachRegistries, r => r.id)
var breachErrors = flatten(map(range(0, length(breachRegistries)), i => filter(
  [
    !isRegistryId(breachIds[i])
      ? 'breachRegistries[${i}].id: "${breachIds[i]}" is not a registry id (1-32 lower-case letters or digits)'
      : ''
    indexOf(breachIds, breachIds[i]) != i ? 'breachRegistries[${i}].id: "${breachIds[i]}" is listed more than once' : ''
    !empty(breachRegistries[i].?deliveryUrl ?? '') && !isHttpsUrl(breachRegistries[i].?deliveryUrl ?? '')
      ? 'breachRegistries[${i}].deliveryUrl must be an https URL outside Development (an absolute https URL in Azure)'
      : ''
    !empty(breachRegistries[i].?audience ?? '') && !contains(breachRegistries[i].?audience ?? '', ':') && !isGuid(breachRegistries[i].?audience ?? '')
      ? 'breachRegistries[${i}].audience must be the endpoint\'s app id URI or client id'
      : ''
    !empty(breachRegistries[i].?complaintUrl ?? '') && !isHttpsUrl(breachRegistries[i].?complaintUrl ?? '')
      ? 'breachRegistries[${i}].complaintUrl must be an absolute https URL'
      : ''
    empty(breachRegistries[i].?complaintUrl ?? '') && !empty(breachRegistries[i].?deliveryUrl ?? '')
      ? 'breachRegistries[${i}].complaintUrl is required with a deliveryUrl (letters say where to complain)'
      : ''
    breachRegistries[i].?dpoContact != null && (empty(trim(breachRegistries[i].?dpoContact ?? '')) || length(breachRegistries[i].?dpoContact ?? '') > 500)
      ? 'breachRegistries[${i}].dpoContact must be 1-500 characters (an e-mail address, postal address or https URL)'
      : ''
    breachRegistries[i].?dpoContact == null && !empty(breachRegistries[i].?deliveryUrl ?? '')
      ? 'breachRegistries[${i}].dpoContact is required with a deliveryUrl (letters give the data protection officer\'s contact)'
      : ''
    join(
      map(
        filter(items(breachRegistries[i].?channelRates ?? {}), rate => rate.value < 1),
        rate => 'breachRegistries[${i}].channelRates.${rate.key} must be at least 1 letter per minute'
      ),
      '; '
    )
  ],
  error => !empty(error)
)))

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
  periodStorage: !empty(periodStorageAccountName)
    ? periodStorageAccountName
    : '${abbrs.storageStorageAccounts}per${resourceToken}'
  serviceBus: !empty(serviceBusNamespaceName)
    ? serviceBusNamespaceName
    : '${abbrs.serviceBusNamespaces}${resourceToken}'
  keyVault: !empty(keyVaultName) ? keyVaultName : '${abbrs.keyVaultVaults}${resourceToken}'
  vnet: !empty(vnetName) ? vnetName : '${abbrs.networkVirtualNetworks}${resourceToken}'
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

// Alert rules on the hub's own telemetry, to one action group (issue 17, ADR 0024) with an e-mail receiver per alertEmails.
module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: allTags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    actionGroupName: 'ag-hub-${resourceToken}'
    alertEmails: alertEmails
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
    auditContainerName: 'audit'
    auditRetentionDays: auditRetentionDays
    blobRetentionDays: blobRetentionDays
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    privateNetworkOnly: vnetEnabled
  }
}

module searchStorage 'app/search-storage.bicep' = {
  name: 'search-storage'
  params: {
    name: names.searchStorage
    location: location
    tags: allTags
    skuName: zoneRedundant ? 'Standard_ZRS' : 'Standard_LRS'
    tableNames: searchIndexTables
    searchIndexShards: searchIndexShards
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    privateNetworkOnly: vnetEnabled
  }
}

// The same tables-only module, for the tables created at run time (ADR 0030): a role scoped per table can only name a table
// that exists (learn.microsoft.com/azure/storage/tables/assign-azure-role-data-access: a table scope is
// .../tableServices/default/tables/<table-name>), so they live here with Table Data Contributor on this account alone.
// Audit data (the access log answers "who saw my CV"): the hub account's redundancy, not the rebuildable index's LRS.
module periodStorage 'app/search-storage.bicep' = {
  name: 'period-storage'
  params: {
    name: names.periodStorage
    location: location
    tags: allTags
    skuName: storageSku
    tableNames: []
    searchIndexShards: 0
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    privateNetworkOnly: vnetEnabled
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    skuName: serviceBusTier
    topicNames: eventTopics
    duplicateDetectionWindow: 'PT10M'
    exampleSubscriptionName: 'example'
    createExampleSubscriptions: exampleSubscriptions
    zoneRedundant: zoneRedundant
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    privateNetworkOnly: vnetEnabled
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
    privateNetworkOnly: vnetEnabled
  }
}

// Private endpoints need Service Bus Premium: the switch moves the namespace there whatever serviceBusSku says.
// Zone redundancy too: Premium is the tier whose namespaces are zone-redundant.
var serviceBusTier = vnetEnabled || zoneRedundant ? 'Premium' : serviceBusSku

// Zone names: learn.microsoft.com/azure/private-link/private-endpoint-dns ("Azure services DNS zone configuration").
// Service Bus and Key Vault have no suffix in environment(): these are the public cloud's.
var privateDnsZones = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  namespace: 'privatelink.servicebus.windows.net'
  vault: 'privatelink.vaultcore.azure.net'
}

module network 'app/network.bicep' = if (vnetEnabled) {
  name: 'network'
  params: {
    name: names.vnet
    location: location
    tags: allTags
    addressPrefix: vnetAddressPrefix
    privateEndpointSubnetPrefix: cidrSubnet(vnetAddressPrefix, 24, 1)
    appSubnetPrefix: cidrSubnet(vnetAddressPrefix, 24, 2)
    privateDnsZoneNames: map(items(privateDnsZones), zone => zone.value)
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

// Every data endpoint the hub reaches. The search index's and the period tables' accounts hold tables only, so they get a table endpoint only
// (its blob and queue services are closed with the rest of its public access).
var privateEndpointTargets = [
  { service: 'storage', type: 'Microsoft.Storage/storageAccounts', name: names.storage, groupId: 'blob' }
  { service: 'storage', type: 'Microsoft.Storage/storageAccounts', name: names.storage, groupId: 'queue' }
  { service: 'storage', type: 'Microsoft.Storage/storageAccounts', name: names.storage, groupId: 'table' }
  { service: 'search', type: 'Microsoft.Storage/storageAccounts', name: names.searchStorage, groupId: 'table' }
  { service: 'period', type: 'Microsoft.Storage/storageAccounts', name: names.periodStorage, groupId: 'table' }
  { service: 'servicebus', type: 'Microsoft.ServiceBus/namespaces', name: names.serviceBus, groupId: 'namespace' }
  { service: 'keyvault', type: 'Microsoft.KeyVault/vaults', name: names.keyVault, groupId: 'vault' }
]

module privateEndpoints 'app/private-endpoints.bicep' = if (vnetEnabled) {
  name: 'private-endpoints'
  params: {
    location: location
    tags: allTags
    subnetId: resourceId('Microsoft.Network/virtualNetworks/subnets', names.vnet, 'private-endpoints')
    endpoints: map(privateEndpointTargets, target => {
      name: '${abbrs.networkPrivateEndpoints}${target.service}-${target.groupId}-${resourceToken}'
      resourceType: target.type
      resourceName: target.name
      groupId: target.groupId
      privateDnsZoneName: privateDnsZones[target.groupId]
    })
  }
  dependsOn: [
    network
    storage
    searchStorage
    periodStorage
    serviceBus
    keyVault
  ]
}

// Names known before deployment (not module outputs), so What-If can predict the assignments.
module roles 'app/roles.bicep' = {
  name: 'roles'
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    searchStorageAccountName: names.searchStorage
    periodStorageAccountName: names.periodStorage
    serviceBusNamespaceName: names.serviceBus
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    tableNames: hubTables
    queueNames: hubQueues
    topicNames: eventTopics
  }
  dependsOn: [
    identity
    storage
    searchStorage
    periodStorage
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
    periodStorageTableEndpoint: periodStorage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    azureAdInstance: azureAdInstance
    azureAdTenantId: !empty(azureAdTenantId) ? azureAdTenantId : tenant().tenantId
    azureAdClientId: azureAdClientId
    consoleClientId: consoleClientId
    hubClients: empty(clientErrors) ? hubClients : fail(join(clientErrors, '; '))
    hubRegistries: empty(registryErrors) ? hubRegistries : fail(join(registryErrors, '; '))
    breachRegistries: empty(breachErrors) ? breachRegistries : fail(join(breachErrors, '; '))
    navBoard: navBoard
    navTokenReference: '@Microsoft.KeyVault(VaultName=${names.keyVault};SecretName=nav-import-token)'
    tokenSigningKeyReference: '@Microsoft.KeyVault(VaultName=${names.keyVault};SecretName=hub-token-signing-key)'
    erasureKeyReference: '@Microsoft.KeyVault(VaultName=${names.keyVault};SecretName=erasure-tombstone-key)'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    virtualNetworkSubnetId: vnetEnabled ? resourceId('Microsoft.Network/virtualNetworks/subnets', names.vnet, 'app') : ''
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    zoneRedundant: zoneRedundant
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
  // The app starts with identity-based connections only: its roles must exist before its first start.
  dependsOn: [
    roles
    network
    privateEndpoints
  ]
}

// Opt-in, for production: a deleted storage account takes every CV, log and audit record with it, whatever the
// immutability policy says of single blobs. Creating a lock needs Microsoft.Authorization/locks/write (Owner or User
// Access Administrator). learn.microsoft.com/azure/azure-resource-manager/management/lock-resources.
resource deleteLock 'Microsoft.Authorization/locks@2020-05-01' = if (resourceGroupDeleteLock) {
  name: 'integrationhub-no-delete'
  properties: {
    level: 'CanNotDelete'
    notes: 'IntegrationHub production data (CVs, access log, audit records). Remove only to retire the environment.'
  }
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
output AZURE_PERIOD_STORAGE_ACCOUNT_NAME string = periodStorage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
// Read by infra/lock-audit-policy.sh (azd postprovision hook): lock the audit container's policy, or leave it unlocked.
output AUDIT_POLICY_LOCK bool = auditPolicyLocked
output SERVICEBUS_NAMESPACE string = serviceBus.outputs.name
output SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
