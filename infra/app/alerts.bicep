// Alert rules on the hub's own telemetry (issue 17, ADR 0024), each to one action group. The queries read what the
// Azure Monitor OpenTelemetry exporter writes to Application Insights: metrics in customMetrics (name = the
// instrument's name, tags in customDimensions), server spans in requests. The metric names are the ones the code
// emits (HubMetrics, BoardSignals); tests/IntegrationHub.UnitTests/Telemetry/AlertAgreementTests.cs checks them.
// Log search alerts rather than metric alerts: the per-queue and per-board dimensions are tags, and the platform's
// queue metric has no per-queue dimension and is hourly.

@description('Region of the rules and the action group.')
param location string

@description('Tags of every resource.')
param tags object

@description('Resource id of the Application Insights component the rules query.')
param applicationInsightsId string

@description('Name of the action group.')
param actionGroupName string

@description('E-mail addresses the action group notifies (none: the group exists and can be given receivers later).')
param alertEmails string[] = []

@description('Share of a board\'s deliveries that may fail in 15 minutes before the board alert fires.')
param boardFailureRatio string = '0.2'

@description('Hours before the GDPR art. 33 72-hour deadline at which an unreported campaign alerts.')
param breachDeadlineHours int = 12

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'hubalerts'
    enabled: true
    emailReceivers: [
      for (email, i) in alertEmails: {
        name: 'email-${i}'
        emailAddress: email
        useCommonAlertSchema: true
      }
    ]
  }
}

var rules = [
  {
    name: 'poison-queue-not-empty'
    description: 'A poison queue holds messages: work failed five times and waits for a person (hub.queue.messages, queue *-poison).'
    severity: 1
    query: 'customMetrics | where name == \'hub.queue.messages\' | extend queue = tostring(customDimensions["queue"]) | where queue endswith "-poison" | summarize depth = max(value) by queue | where depth > 0'
  }
  {
    name: 'board-failed-delivery-ratio'
    description: 'A board fails more than the set share of job-ad deliveries (hub.jobads.deliveries by board and outcome).'
    severity: 2
    query: 'customMetrics | where name == \'hub.jobads.deliveries\' | extend board = tostring(customDimensions["board"]), outcome = tostring(customDimensions["outcome"]) | summarize total = sum(valueSum), failed = sumif(valueSum, outcome in ("transient", "rejected", "unauthorized")) by board | where total >= 10 and failed / total > ${boardFailureRatio}'
  }
  {
    name: 'board-credentials-refused'
    description: 'A board answers 401/403: the hub\'s credentials for it are wrong; its ads wait (hub.boards.auth_failures).'
    severity: 1
    query: 'customMetrics | where name == \'hub.boards.auth_failures\' | extend board = tostring(customDimensions["board"]) | summarize calls = sum(valueSum) by board | where calls > 0'
  }
  {
    name: 'harvesting-incident-opened'
    description: 'An account was suspended for harvesting CVs: the privacy team reviews the incident (hub.incidents.opened).'
    severity: 1
    query: 'customMetrics | where name == \'hub.incidents.opened\' | summarize opened = sum(valueSum) | where opened > 0'
  }
  {
    name: 'breach-report-deadline'
    description: 'A breach campaign\'s 72-hour deadline for the report to the authority is near and the report is not filed (hub.breach.campaign.deadline.hours_left).'
    severity: 0
    query: 'customMetrics | where name == \'hub.breach.campaign.deadline.hours_left\' | extend campaign = tostring(customDimensions["campaign.id"]) | summarize arg_max(timestamp, value) by campaign | where value < ${breachDeadlineHours}'
  }
  {
    name: 'function-failures'
    description: 'Function invocations or HTTP requests failed (server spans with an error status, as requests).'
    severity: 2
    query: 'requests | where success == false and toint(resultCode) !between (400 .. 499) | summarize failures = count() by operation_Name | where failures > 0'
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: 'hub-${rule.name}'
    location: location
    tags: tags
    properties: {
      displayName: rule.name
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsightsId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

output actionGroupId string = actionGroup.id
