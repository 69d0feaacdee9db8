// The hub's private network (main.bicep's vnetEnabled): a virtual network with a subnet the Function App's outbound
// traffic goes through (Flex Consumption virtual network integration, subnet delegated to Microsoft.App/environments
// as in Azure-Samples/functions-quickstart-dotnet-azd infra/app/vnet.bicep), a subnet for the private endpoints, and
// the private DNS zones that make the services' usual host names resolve to those endpoints inside the network.
// Zone names: Microsoft's "Azure Private Endpoint DNS zone values" (learn.microsoft.com/azure/private-link/private-endpoint-dns).

@description('Name of the virtual network.')
param name string

@description('Region of the virtual network.')
param location string

@description('Tags of every resource.')
param tags object

@description('Address space of the virtual network.')
param addressPrefix string

@description('Subnet of the Function App\'s outbound traffic (delegated to Microsoft.App/environments).')
param appSubnetPrefix string

@description('Subnet of the private endpoints.')
param privateEndpointSubnetPrefix string

@description('Private DNS zones to create and link to the network (privatelink.<service> names).')
param privateDnsZoneNames string[]

@description('Resource id of the Log Analytics workspace that receives the diagnostic logs.')
param logAnalyticsWorkspaceId string

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in privateDnsZoneNames: {
    name: zone
    location: 'global'
    tags: tags
  }
]

// Without a link the network's resolver never consults the zone, and the names resolve to the (closed) public endpoints.
resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in privateDnsZoneNames: {
    parent: zones[i]
    name: name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

// 2021-05-01-preview is the newest version with category groups (the linter suggests 2016-09-01, which has none).
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vnet
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

output id string = vnet.id
output appSubnetId string = '${vnet.id}/subnets/app'
output privateEndpointSubnetId string = '${vnet.id}/subnets/private-endpoints'
