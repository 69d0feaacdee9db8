// One private endpoint per data service the hub reaches (main.bicep's vnetEnabled), each registering its address in
// the matching private DNS zone (network.bicep) through a zone group, so the app keeps using the services' usual
// host names. Group ids: blob, queue, table (storage), namespace (Service Bus), vault (Key Vault).

@export()
@description('One endpoint: the service (type and name, in this resource group), the sub-resource (group id) and its private DNS zone.')
type endpoint = {
  @description('Name of the private endpoint.')
  name: string

  @description('Resource type of the service: Microsoft.Storage/storageAccounts, Microsoft.ServiceBus/namespaces or Microsoft.KeyVault/vaults.')
  resourceType: string

  @description('Name of the storage account, Service Bus namespace or Key Vault.')
  resourceName: string

  @description('The sub-resource: blob, queue, table, namespace or vault.')
  groupId: 'blob' | 'queue' | 'table' | 'namespace' | 'vault'

  @description('Name of the private DNS zone (network.bicep) that receives the endpoint\'s A record.')
  privateDnsZoneName: string
}

@description('Region of the endpoints.')
param location string

@description('Tags of the endpoints.')
param tags object

@description('Resource id of the subnet that holds the endpoints.')
param subnetId string

@description('The endpoints.')
param endpoints endpoint[]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2025-05-01' = [
  for item in endpoints: {
    name: item.name
    location: location
    tags: tags
    properties: {
      subnet: {
        id: subnetId
      }
      privateLinkServiceConnections: [
        {
          name: item.name
          properties: {
            privateLinkServiceId: resourceId(item.resourceType, item.resourceName)
            groupIds: [
              item.groupId
            ]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-05-01' = [
  for (item, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: item.groupId
          properties: {
            privateDnsZoneId: resourceId('Microsoft.Network/privateDnsZones', item.privateDnsZoneName)
          }
        }
      ]
    }
  }
]
