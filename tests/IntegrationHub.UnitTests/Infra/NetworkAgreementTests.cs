namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// The private-network switch (main.bicep's vnetEnabled, issue 21): with it on, no data endpoint is public. Every data
/// service closes its public network access and denies by default; each has a private endpoint and a private DNS zone
/// (zone names: learn.microsoft.com/azure/private-link/private-endpoint-dns); Service Bus moves to Premium, the only tier
/// with private endpoints; the Function App sends through the network's delegated subnet.
/// </summary>
public sealed class NetworkAgreementTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string FollowsSwitch = "[if(parameters('privateNetworkOnly'), 'Disabled', 'Enabled')]";

    [Theory]
    [InlineData("storage", "Microsoft.Storage/storageAccounts")]
    [InlineData("search-storage", "Microsoft.Storage/storageAccounts")]
    [InlineData("period-storage", "Microsoft.Storage/storageAccounts")]
    [InlineData("keyvault", "Microsoft.KeyVault/vaults")]
    [InlineData("servicebus", "Microsoft.ServiceBus/namespaces")]
    public void DataService_PublicNetworkAccess_FollowsTheVnetSwitch(string module, string type)
    {
        // Arrange
        var resource = template.OnlyResource(template.ModuleTemplate(module), type);
        var given = template.Module(module)["properties"]!["parameters"]!["privateNetworkOnly"]?["value"]?.GetValue<string>();

        // Act
        var publicAccess = resource["properties"]!["publicNetworkAccess"]!.GetValue<string>();
        var defaultAction = (string?)resource["properties"]!["networkAcls"]?["defaultAction"];

        // Assert: off with the switch, which main.bicep hands every data module.
        Assert.Equal("[parameters('vnetEnabled')]", given);
        Assert.Equal(FollowsSwitch, publicAccess);
        if (defaultAction is not null)
        {
            Assert.Equal("[if(parameters('privateNetworkOnly'), 'Deny', 'Allow')]", defaultAction);
        }
    }

    [Fact]
    public void ServiceBus_WithTheSwitch_IsPremiumAndItsNetworkRulesDeny()
    {
        // Arrange
        var rules = template.OnlyResource(template.ModuleTemplate("servicebus"), "Microsoft.ServiceBus/namespaces/networkRuleSets");
        var sku = template.Module("servicebus")["properties"]!["parameters"]!["skuName"]!["value"]!.GetValue<string>();

        // Act
        var tier = template.Root["variables"]!["serviceBusTier"]!.GetValue<string>();

        // Assert
        Assert.Equal("[variables('serviceBusTier')]", sku);
        Assert.Equal("[if(or(parameters('vnetEnabled'), parameters('zoneRedundant')), 'Premium', parameters('serviceBusSku'))]", tier);
        Assert.Equal("[parameters('privateNetworkOnly')]", rules["condition"]!.GetValue<string>());
        Assert.Equal("Deny", rules["properties"]!["defaultAction"]!.GetValue<string>());
        Assert.Equal("Disabled", rules["properties"]!["publicNetworkAccess"]!.GetValue<string>());
    }

    [Fact]
    public void PrivateEndpoints_EveryDataService_HasOneInItsZone()
    {
        // Arrange
        var targets = template.Root["variables"]!["privateEndpointTargets"]!.AsArray()
            .Select(t => ($"{t!["type"]}", $"{t["name"]}", $"{t["groupId"]}"))
            .ToHashSet();
        var zones = template.Root["variables"]!["privateDnsZones"]!.AsObject().ToDictionary(z => z.Key, z => z.Value!.GetValue<string>());

        // Act
        var expected = new[]
        {
            ("Microsoft.Storage/storageAccounts", "[variables('names').storage]", "blob"),
            ("Microsoft.Storage/storageAccounts", "[variables('names').storage]", "queue"),
            ("Microsoft.Storage/storageAccounts", "[variables('names').storage]", "table"),
            ("Microsoft.Storage/storageAccounts", "[variables('names').searchStorage]", "table"),
            ("Microsoft.Storage/storageAccounts", "[variables('names').periodStorage]", "table"),
            ("Microsoft.ServiceBus/namespaces", "[variables('names').serviceBus]", "namespace"),
            ("Microsoft.KeyVault/vaults", "[variables('names').keyVault]", "vault"),
        };

        // Assert: one endpoint per service the hub reaches, and the zone Microsoft names for each group id.
        Assert.Subset(targets, expected.ToHashSet());
        Assert.Equal("[format('privatelink.blob.{0}', environment().suffixes.storage)]", zones["blob"]);
        Assert.Equal("[format('privatelink.queue.{0}', environment().suffixes.storage)]", zones["queue"]);
        Assert.Equal("[format('privatelink.table.{0}', environment().suffixes.storage)]", zones["table"]);
        Assert.Equal("privatelink.servicebus.windows.net", zones["namespace"]);
        Assert.Equal("privatelink.vaultcore.azure.net", zones["vault"]);
        Assert.Equal("[parameters('vnetEnabled')]", template.Module("private-endpoints")["condition"]!.GetValue<string>());
        Assert.Equal("[parameters('vnetEnabled')]", template.Module("network")["condition"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_WithTheSwitch_SendsThroughTheDelegatedSubnet()
    {
        // Arrange
        var subnetId = template.Module("functionapp")["properties"]!["parameters"]!["virtualNetworkSubnetId"]!.GetValue<string>();
        var vnet = template.OnlyResource(template.ModuleTemplate("network"), "Microsoft.Network/virtualNetworks");

        // Act
        var app = vnet["properties"]!["subnets"]!.AsArray().Single(s => (string?)s!["name"] == "app")!;

        // Assert
        Assert.StartsWith("[if(parameters('vnetEnabled'), createObject('value', resourceId('Microsoft.Network/virtualNetworks/subnets', variables('names').vnet, 'app'))", subnetId, StringComparison.Ordinal);
        Assert.Equal("Microsoft.App/environments", app["properties"]!["delegations"]![0]!["properties"]!["serviceName"]!.GetValue<string>());
    }

    [Fact]
    public void Template_WithTheSwitchOff_StillDefaultsToPublicForAFirstDeployment()
    {
        // Arrange / Act
        var parameter = template.Root["parameters"]!["vnetEnabled"]!;

        // Assert
        Assert.False(parameter["defaultValue"]!.GetValue<bool>());
        Assert.Equal("bool", parameter["type"]!.GetValue<string>());
    }
}
