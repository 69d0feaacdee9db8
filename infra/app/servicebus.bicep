// Service Bus carries the hub's outbound integration events to external subscribers (ARCHITECTURE.md, 3):
// a topic per event family, MessageId = event id (duplicate detection), SessionId = the CV or ad key
// (ordered per key). Entra ID only: local (SAS) auth off.

@description('Name of the Service Bus namespace, unique in Azure.')
@minLength(6)
@maxLength(50)
param name string

@description('Region of the namespace.')
param location string

@description('Tags of the namespace.')
param tags object

@description('Standard, or Premium for isolation, private endpoints and predictable latency.')
@allowed([
  'Standard'
  'Premium'
])
param skuName string

@description('Topics of the outbound integration events.')
param topicNames string[]

@description('How long the namespace remembers a MessageId to drop a resent duplicate (ISO 8601).')
param duplicateDetectionWindow string

@description('Name of the example subscription created on each topic. Real subscribers create their own, alike.')
param exampleSubscriptionName string

@description('Create the example subscriptions (and the alert that says they are filling up). Off by default: nothing keeps an unread copy.')
param createExampleSubscriptions bool

@description('Zone-redundant namespace (Premium only).')
param zoneRedundant bool

@description('Resource id of the Log Analytics workspace that receives the diagnostic logs.')
param logAnalyticsWorkspaceId string

@description('True with main.bicep\'s vnetEnabled: public network access off, network rule set deny (Premium only), reached at private endpoints only.')
param privateNetworkOnly bool

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
    // One messaging unit for Premium (scale it up in the portal or here); Standard has no units.
    capacity: skuName == 'Premium' ? 1 : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: privateNetworkOnly ? 'Disabled' : 'Enabled'
    zoneRedundant: skuName == 'Premium' && zoneRedundant
  }
}

// Private endpoints and network rules need Premium (main.bicep moves the namespace there with vnetEnabled).
resource networkRules 'Microsoft.ServiceBus/namespaces/networkRuleSets@2026-01-01' = if (privateNetworkOnly) {
  parent: namespace
  name: 'default'
  properties: {
    publicNetworkAccess: 'Disabled'
    defaultAction: 'Deny'
    trustedServiceAccessEnabled: false
    ipRules: []
    virtualNetworkRules: []
  }
}

resource topics 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = [
  for topic in topicNames: {
    parent: namespace
    name: topic
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
      supportOrdering: true
      enableBatchedOperations: true
      defaultMessageTimeToLive: 'P14D'
    }
  }
]

// One example subscription per topic, opt-in, shaped as subscribers should shape theirs: sessions (per-key order),
// dead-lettering of expired messages, ten deliveries before a message is dead-lettered, a one-minute lock. Nothing in
// the hub reads them: each keeps a copy of every event (CVs' visibility, security alerts) for 14 days, so they exist only
// when asked for, and the alert below fires while they hold messages.
resource exampleSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for (topic, i) in topicNames: if (createExampleSubscriptions) {
    parent: topics[i]
    name: exampleSubscriptionName
    properties: {
      requiresSession: true
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P14D'
    }
  }
]

// Every subscription is read or alerted on: the example ones are read by nobody, so messages waiting in the topics
// (ActiveMessages, split by EntityName, the topic) raise an alert an hour after they arrive. Real subscribers watch their own.
resource unreadExampleCopies 'Microsoft.Insights/metricAlerts@2026-01-01' = if (createExampleSubscriptions) {
  name: '${name}-unread-example-subscriptions'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages wait in the example subscriptions, which nothing reads: delete them (exampleSubscriptions=false) or read them.'
    severity: 3
    enabled: true
    scopes: [
      namespace.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'active-messages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'ActiveMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: topicNames
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Minimum'
        }
      ]
    }
  }
  dependsOn: [
    exampleSubscriptions
  ]
}

// 2021-05-01-preview is the newest version with category groups (the linter suggests 2016-09-01, which has none).
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
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

output id string = namespace.id
output name string = namespace.name
// serviceBusEndpoint is "https://<name>.<cloud's Service Bus suffix>:443/"; clients want the bare host name.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
