// The hub's Function App on the Flex Consumption plan (.NET 10 isolated worker), running as the hub's
// user-assigned identity. Its app settings are the whole configuration the hub reads in Azure: identity-based
// connections only, no connection strings or keys, and never the local dev issuer (Auth__DevIssuer__KeyFile).

@export()
@description('Kind of party a client acts for (IntegrationHub.Core.Callers.PartyKind).')
type partyKind = 'Registry' | 'Employer' | 'System' | 'Board' | 'PrivacyTeam'

@export()
@description('One calling client application and the party it acts for; item <i> of the list becomes the app settings Hub__Clients__<i>__ClientId / __Kind / __Id.')
type clientBinding = {
  @description('The Entra application (client) id of the caller: the "azp" of its tokens.')
  @minLength(1)
  clientId: string

  @description('What the client acts for.')
  kind: partyKind

  @description('The registry, employer, system or board id it acts for (a registry id has an entry in hubRegistries).')
  @minLength(1)
  id: string
}

@export()
@description('The calling clients, a list (not keyed by client id: client ids contain "-", which app setting names in Azure cannot).')
type clientBindings = clientBinding[]

@export()
@description('Registry id -> its settings. A registry id is 1-32 lower-case letters or digits (^[a-z0-9]{1,32}$): it is part of the app setting name Hub__Registries__<id>__Jurisdiction, and the hub refuses to start with any other.')
type registries = {
  @description('Keyed by registry id (^[a-z0-9]{1,32}$).')
  *: {
    @description('Picks the visibility policy.')
    jurisdiction: 'NO' | 'DK' | 'NL'
  }
}

@export()
@description('A registry that receives breach letters (BreachDeliveryOptions, section Hub:Breach:Registries:<id>); item becomes the app settings Hub__Breach__Registries__<id>__DeliveryUrl / __Audience / __ComplaintUrl / __DpoContact / __ChannelRates__<channel>. main.bicep checks the rules BreachDeliveryOptionsValidator checks at start.')
type breachRegistry = {
  @description('The registry id (^[a-z0-9]{1,32}$), as in hubRegistries.')
  id: string

  @description('Absolute https URL the hub POSTs letters to (contracts/breach-delivery.md).')
  deliveryUrl: string?

  @description('Entra audience of the endpoint (its app id URI or client id): the hub\'s identity asks for "<audience>/.default".')
  audience: string?

  @description('Where the registry\'s citizens complain, an absolute https URL (every letter\'s {{complaint}}); required with deliveryUrl.')
  complaintUrl: string?

  @description('The registry\'s data protection officer, 1-500 characters (every letter\'s {{dpo}}); required with deliveryUrl.')
  dpoContact: string?

  @description('Letters per minute per channel the registry\'s support can take: { "secure": 500 }; each at least 1.')
  channelRates: object?
}

@description('Name of the Function App (part of its host name), unique in Azure.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app.')
param location string

@description('Tags of the plan; the app adds azd-service-name.')
param tags object

@description('Resource id of the hub\'s user-assigned managed identity.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Blob endpoint of the hub\'s storage account ("https://<account>.blob.<suffix>/").')
param storageBlobEndpoint string

@description('Queue endpoint of the hub\'s storage account.')
param storageQueueEndpoint string

@description('Table endpoint of the hub\'s storage account.')
param storageTableEndpoint string

@description('Table endpoint of the search index\'s storage account.')
param searchStorageTableEndpoint string

@description('Table endpoint of the period tables\' storage account (ADR 0030).')
param periodStorageTableEndpoint string

@description('Container of the deployment packages in that account.')
param deploymentContainerName string

@description('Host name of the Service Bus namespace of the outbound events.')
param serviceBusFullyQualifiedNamespace string

@description('Application Insights connection string (not a secret: local auth is off, sending needs the identity).')
param applicationInsightsConnectionString string

@description('Entra ID authority host.')
param azureAdInstance string

@description('Tenant of the hub API\'s app registration.')
param azureAdTenantId string

@description('Client id of the hub API\'s app registration (the audience of callers\' tokens).')
param azureAdClientId string

@description('Client id of the privacy console\'s SPA app registration; empty leaves Console__ClientId unset.')
param consoleClientId string = ''

@description('Client bindings, turned into Hub__Clients__<i>__ClientId / __Kind / __Id settings (i = position in the list).')
param hubClients clientBindings

@description('Registries, turned into Hub__Registries__<id>__Jurisdiction settings (ids: ^[a-z0-9]{1,32}$).')
param hubRegistries registries

@description('Registries that receive breach letters, a list (main.bicep has checked them).')
param breachRegistries breachRegistry[] = []

@description('NAV\'s import API: base URL (ending /stillingsimport) and the hub\'s numeric provider id; empty baseUrl leaves NAV unconfigured.')
param navBoard object = { baseUrl: '', provider: '' }

@description('The Key Vault reference to NAV\'s provider token, "@Microsoft.KeyVault(VaultName=...;SecretName=nav-import-token)".')
param navTokenReference string

@description('The Key Vault reference to the continuation-token key, "@Microsoft.KeyVault(VaultName=...;SecretName=hub-token-signing-key)".')
param tokenSigningKeyReference string

@description('The Key Vault reference to the erasure tombstones\' HMAC key, "@Microsoft.KeyVault(VaultName=...;SecretName=erasure-tombstone-key)" (ADR 0022).')
param erasureKeyReference string

// Flex Consumption's documented range is 40-1000 (Azure-Samples/azure-functions-flex-consumption-samples,
// IaC/bicep/main.bicep and main.bicepparam: "Range: 40-1000"); below 40 ARM refuses the site.
@description('Most instances the app scales out to (Flex Consumption: 40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of one instance, MB (Flex Consumption offers 512, 2048 and 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Instances kept running for the HTTP functions (Flex Consumption "always ready"); 0 scales to zero.')
@minValue(0)
@maxValue(1000)
param alwaysReadyHttpInstances int = 0

@description('Spread the plan\'s instances over availability zones (Flex Consumption zone redundancy; the region must offer it).')
param zoneRedundant bool = false

@description('Resource id of the subnet the app\'s outbound traffic goes through (virtual network integration); empty: none.')
param virtualNetworkSubnetId string = ''

@description('Resource id of the Log Analytics workspace that receives the diagnostic logs.')
param logAnalyticsWorkspaceId string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Key Vault references in app settings, if any are added, resolve with the hub's identity.
    keyVaultReferenceIdentity: identityId
    // Outbound through the hub's virtual network when vnetEnabled (main.bicep): storage, Service Bus and Key Vault
    // are then reached at their private endpoints only.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    // Only properties Flex Consumption supports. Microsoft lists ftpsState, alwaysOn, use32BitWorkerProcess,
    // linuxFxVersion, netFrameworkVersion, functionAppScaleLimit, preWarmedInstanceCount, containerSize among the
    // "Flex Consumption plan deprecations" (learn.microsoft.com/azure/azure-functions/functions-app-settings
    // #flex-consumption-plan-deprecations); ARM refuses them. FTP is off through the basic-publishing policy below.
    // InfraAgreementTests.FlexConsumption_* fail on any of them.
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // "http" is the group of every HTTP-triggered function (aka.ms/flexconsumption/alwaysready).
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No FTP and no basic-auth (publishing profile) deployments: azd and `az functionapp deployment` use Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// What the hub needs at start (InfraAgreementTests checks this list against the app). Flex Consumption
// takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are
// not allowed here.
var hubSettings = {
  // Storage through the identity, for the Functions host (triggers, leases) and the hub's HubStorage alike.
  // HubStorage needs all three service URIs.
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // The search index's own account (ADR 0013): tables only.
  SearchStorage__tableServiceUri: searchStorageTableEndpoint
  SearchStorage__credential: 'managedidentity'
  SearchStorage__clientId: identityClientId
  // The period tables' own account (ADR 0030): the month tables the hub creates and drops at run time.
  PeriodStorage__tableServiceUri: periodStorageTableEndpoint
  PeriodStorage__credential: 'managedidentity'
  PeriodStorage__clientId: identityClientId
  // Bicep creates the tables, containers and queues (storage.bicep); the hub does not create them at start,
  // so a name the code uses and the template lacks fails loudly instead of drifting.
  Hub__Storage__CreateResources: 'false'
  // Access log, breach ledger and incidents also appended to the immutable "audit" container (storage.bicep, ADR 0026).
  Hub__Audit__Enabled: 'true'
  // Entra ID: the hub API's app registration.
  AzureAd__Instance: azureAdInstance
  AzureAd__TenantId: azureAdTenantId
  AzureAd__ClientId: azureAdClientId
  // Service Bus, identity-based: the outbound integration events.
  ServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBus__credential: 'managedidentity'
  ServiceBus__clientId: identityClientId
  // The outbox relay publishes to Service Bus (locally it writes to the OutboundEvents table).
  Hub__Outbox__Sink: 'ServiceBus'
  // Telemetry with Entra ID authentication (the component's local auth is off).
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // DefaultAzureCredential, where code uses it, picks the hub's identity.
  AZURE_CLIENT_ID: identityClientId
  // The key that seals continuation tokens (ADR 0021), one for every instance: a Key Vault reference, never a value here.
  Hub__Tokens__SigningKey: tokenSigningKeyReference
  // The erased citizens' keyed hashes (ADR 0022): required outside Development, from Key Vault.
  Hub__Erasure__TombstoneKey: erasureKeyReference
}

// Hub__Clients__<i>__ClientId / __Kind / __Id: which party each calling client acts for. A list, because app setting
// names in Azure are letters, digits, "." and "_" only, and Entra client ids contain "-".
var clientSettings = toObject(
  flatten(map(range(0, length(hubClients)), i => [
    { name: 'Hub__Clients__${i}__ClientId', value: hubClients[i].clientId }
    { name: 'Hub__Clients__${i}__Kind', value: hubClients[i].kind }
    { name: 'Hub__Clients__${i}__Id', value: hubClients[i].id }
  ])),
  setting => setting.name,
  setting => setting.value
)

// Hub__Registries__<id>__Jurisdiction (main.bicep refuses registry ids other than ^[a-z0-9]{1,32}$).
var registrySettings = toObject(
  items(hubRegistries),
  registry => 'Hub__Registries__${registry.key}__Jurisdiction',
  registry => registry.value.jurisdiction
)

// Hub__Breach__Registries__<id>__*: where each registry's breach letters go and what they say about complaints and the DPO
// (BreachDeliveryOptions). Only the fields given become settings, so an absent audience or rate stays unset as in the code.
var breachSettings = toObject(
  flatten(map(breachRegistries, r => concat(
    map(
      filter(
        [
          { name: 'DeliveryUrl', value: r.?deliveryUrl ?? '' }
          { name: 'Audience', value: r.?audience ?? '' }
          { name: 'ComplaintUrl', value: r.?complaintUrl ?? '' }
          { name: 'DpoContact', value: r.?dpoContact ?? '' }
        ],
        field => !empty(field.value)
      ),
      field => { name: 'Hub__Breach__Registries__${r.id}__${field.name}', value: field.value }
    ),
    map(items(r.?channelRates ?? {}), rate => {
      name: 'Hub__Breach__Registries__${r.id}__ChannelRates__${rate.key}'
      value: string(rate.value)
    })
  ))),
  setting => setting.name,
  setting => setting.value
)

// NAV's import API: the bearer token is a Key Vault reference, read with the hub's identity (keyVaultReferenceIdentity,
// Key Vault Secrets User in roles.bicep); it never appears in the template or the deployment history.
var navSettings = empty(navBoard.baseUrl) ? {} : {
  Hub__Boards__Nav__BaseUrl: navBoard.baseUrl
  Hub__Boards__Nav__Provider: navBoard.provider
  Hub__Boards__Nav__Token: navTokenReference
}

// The privacy console signs people in with Entra ID when it knows its client (ConsoleFunctions, ADR 0010).
var consoleSettings = empty(consoleClientId) ? {} : {
  Console__ClientId: consoleClientId
}

// The complete set: a redeploy replaces settings changed by hand (change them here or in the parameters).
// hubSettings last, so no binding can shadow them.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(clientSettings, registrySettings, breachSettings, navSettings, consoleSettings, hubSettings)
}

// 2021-05-01-preview is the newest version with category groups (the linter suggests 2016-09-01, which has none).
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
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
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output planName string = plan.name
