using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// The compiled ARM template (infra/main.bicep, built by infra/build.sh) and the app agree: every storage
/// resource the code names is created, every setting the app needs at start is set, no key or dev issuer
/// reaches Azure, and the hub's identity holds the roles it works with.
/// </summary>
public sealed partial class InfraAgreementTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    // ------------------------------------------------------------ (1) storage resources the code names

    [Fact]
    public void StorageModule_EveryTableTheCodeNames_IsCreated()
    {
        // Arrange
        var created = template.CreatedByStorageLoop("tableNames", "Microsoft.Storage/storageAccounts/tableServices/tables");

        // Act
        var missing = StorageNames.Tables.Except(StorageNames.SearchIndexTables).Except(created, StringComparer.Ordinal).ToList();

        // Assert: every table but the search index's, which live in their own account (ADR 0013).
        Assert.NotEmpty(StorageNames.Tables);
        Assert.True(missing.Count == 0, $"infra/main.bicep (hubTables) does not create the tables: {string.Join(", ", missing)}.");
        Assert.DoesNotContain(created, StorageNames.IsSearchIndexTable);
    }

    [Fact]
    public void SearchStorageModule_TheIndexTablesOtherThanShards_AreCreated()
    {
        // Arrange
        var created = template.CreatedByStorageLoop("tableNames", "Microsoft.Storage/storageAccounts/tableServices/tables", "search-storage");

        // Act
        var expected = StorageNames.SearchIndexTables.Except(AccessTables.CvSearchShards).ToList();

        // Assert
        Assert.Equal(expected, created);
    }

    [Fact]
    public void SearchStorageModule_ShardTables_AreCreatedWithTheCodesCountAndNames()
    {
        // Arrange: a loop over range(0, searchIndexShards) naming CvSearch + the two-digit shard number.
        var loop = CompiledTemplate.Resources(template.ModuleTemplate("search-storage")).Single(r =>
            ((string?)r["copy"]?["count"])?.Contains("parameters('searchIndexShards')", StringComparison.Ordinal) == true);
        var count = template.Resolve(template.Module("search-storage")["properties"]!["parameters"]!["searchIndexShards"]?["value"]);

        // Act
        var name = (string?)loop["name"] ?? "";

        // Assert
        Assert.Equal("Microsoft.Storage/storageAccounts/tableServices/tables", (string?)loop["type"], ignoreCase: true);
        Assert.Equal(AccessTables.CvSearchShardCount, count!.GetValue<int>());
        Assert.Contains("format('CvSearch{0}', padLeft(", name, StringComparison.Ordinal);
        Assert.Contains(", 2, '0')", name, StringComparison.Ordinal);
        Assert.Equal(AccessTables.CvSearchShardPrefix + "00", AccessTables.CvSearchShards[0]);
    }

    [Fact]
    public void Alerts_ActionGroup_NotifiesTheAlertEmailsParameter_EmptyByDefault()
    {
        // Arrange (issue 17): receivers come from main.bicep's alertEmails; none by default (docs/deploy.md warns).
        var given = template.Module("alerts")["properties"]!["parameters"]!["alertEmails"]!["value"]!.GetValue<string>();
        var group = template.OnlyResource(template.ModuleTemplate("alerts"), "Microsoft.Insights/actionGroups");

        // Act
        var receivers = group["properties"]!["copy"]!.AsArray().Single(c => (string?)c!["name"] == "emailReceivers")!;

        // Assert
        Assert.Equal("[parameters('alertEmails')]", given);
        Assert.Equal("[length(parameters('alertEmails'))]", receivers["count"]!.GetValue<string>());
        Assert.Empty(template.Root["parameters"]!["alertEmails"]!["defaultValue"]!.AsArray());
    }

    [Fact]
    public void PeriodStorageModule_CreatesNoTable_AndKeepsTheHubAccountsRedundancy()
    {
        // Arrange: the period tables are created at run time (PeriodTables, ADR 0030), so the account starts empty.
        var parameters = template.Module("period-storage")["properties"]!["parameters"]!;

        // Act
        var tables = template.Resolve(parameters["tableNames"]?["value"])!.AsArray();
        var shards = template.Resolve(parameters["searchIndexShards"]?["value"])!.GetValue<int>();
        var sku = parameters["skuName"]!["value"]!.GetValue<string>();

        // Assert: no table and no shard; audit data, so the hub account's redundancy and not the rebuildable index's LRS.
        Assert.Empty(tables);
        Assert.Equal(0, shards);
        Assert.Equal("[parameters('storageSku')]", sku);
        Assert.DoesNotContain(template.CreatedByStorageLoop("tableNames", "Microsoft.Storage/storageAccounts/tableServices/tables"),
            t => t.StartsWith("VisibilityHistory", StringComparison.Ordinal));
    }

    [Fact]
    public void StorageModule_EveryContainerTheCodeNames_IsCreated()
    {
        // Arrange
        var created = template.CreatedByStorageLoop("containerNames", "Microsoft.Storage/storageAccounts/blobServices/containers");

        // Act
        var missing = StorageNames.Containers.Except(created, StringComparer.Ordinal).ToList();

        // Assert
        Assert.NotEmpty(StorageNames.Containers);
        Assert.True(missing.Count == 0, $"infra/main.bicep (hubContainers) does not create the containers: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void StorageModule_EveryQueueTheCodeNamesAndItsPoisonTwin_IsCreated()
    {
        // Arrange: the Functions host moves a message to "<queue>-poison" after maxDequeueCount.
        var expected = HubQueues.All.SelectMany(queue => new[] { queue, queue + "-poison" }).ToList();
        var created = template.CreatedByStorageLoop("queueNames", "Microsoft.Storage/storageAccounts/queueServices/queues");

        // Act
        var missing = expected.Except(created, StringComparer.Ordinal).ToList();

        // Assert
        Assert.NotEmpty(HubQueues.All);
        Assert.True(missing.Count == 0, $"infra/main.bicep (hubQueues) does not create the queues: {string.Join(", ", missing)}.");
    }

    [Theory]
    [InlineData("storage")]
    [InlineData("search-storage")]
    [InlineData("period-storage")]
    public void StorageAccount_Created_AllowsNoSharedKeyAndOnlyTls12OverHttps(string module)
    {
        // Arrange
        var account = template.OnlyResource(template.ModuleTemplate(module), "Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;

        // Act / Assert
        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.True(properties["defaultToOAuthAuthentication"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void BlobService_CvDocuments_AreVersionedAndSoftDeleted()
    {
        // Arrange
        var blobService = template.OnlyResource(template.ModuleTemplate("storage"), "Microsoft.Storage/storageAccounts/blobServices");
        var properties = blobService["properties"]!;

        // Act / Assert
        Assert.True(properties["isVersioningEnabled"]!.GetValue<bool>());
        Assert.True(properties["deleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["containerDeleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
    }

    // ------------------------------------------------------------ (2) settings the app needs at start

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri", null)]
    [InlineData("AzureWebJobsStorage__queueServiceUri", null)]
    [InlineData("AzureWebJobsStorage__tableServiceUri", null)]
    [InlineData("AzureWebJobsStorage__credential", "managedidentity")]
    [InlineData("AzureWebJobsStorage__clientId", null)]
    [InlineData("SearchStorage__tableServiceUri", null)]
    [InlineData("SearchStorage__credential", "managedidentity")]
    [InlineData("SearchStorage__clientId", null)]
    [InlineData("PeriodStorage__tableServiceUri", null)]
    [InlineData("PeriodStorage__credential", "managedidentity")]
    [InlineData("PeriodStorage__clientId", null)]
    [InlineData("AzureAd__Instance", null)]
    [InlineData("AzureAd__TenantId", null)]
    [InlineData("AzureAd__ClientId", null)]
    [InlineData("Hub__Storage__CreateResources", "false")]
    [InlineData("ServiceBus__fullyQualifiedNamespace", null)]
    [InlineData("ServiceBus__credential", "managedidentity")]
    [InlineData("ServiceBus__clientId", null)]
    [InlineData("Hub__Outbox__Sink", "ServiceBus")]
    [InlineData("Hub__Tokens__SigningKey", null)]
    public void AppSettings_RequiredAtStart_AreSet(string name, string? expectedValue)
    {
        // Arrange
        var settings = template.AppSettings();

        // Act
        var found = settings.TryGetValue(name, out var value);

        // Assert
        Assert.True(found, $"The Function App's app settings lack '{name}'. They hold: {string.Join(", ", settings.Keys)}.");
        Assert.False(string.IsNullOrWhiteSpace(value), $"'{name}' is empty.");
        if (expectedValue is not null)
        {
            Assert.Equal(expectedValue, value);
        }
    }

    [Fact]
    public void AppSettings_ClientIds_NameTheHubIdentity()
    {
        // Arrange: the settings take the identity's client id from a module parameter...
        var settings = template.AppSettings();
        var parameters = template.Module("functionapp")["properties"]!["parameters"]!;

        // Act
        var clientIdParameter = parameters["identityClientId"]!["value"]!.GetValue<string>();
        var identityIdParameter = parameters["identityId"]!["value"]!.GetValue<string>();

        // Assert: ...which main.bicep fills from the identity module, the same identity the site runs as.
        Assert.Equal("[parameters('identityClientId')]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("[parameters('identityClientId')]", settings["ServiceBus__clientId"]);
        Assert.Equal("[parameters('identityClientId')]", settings["SearchStorage__clientId"]);
        Assert.Equal("[parameters('identityClientId')]", settings["PeriodStorage__clientId"]);
        Assert.Contains("identityClientId", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Matches(@"reference\('identity'[^)]*\)\.outputs\.clientId\.value", clientIdParameter);
        Assert.Matches(@"reference\('identity'[^)]*\)\.outputs\.id\.value", identityIdParameter);
    }

    [Fact]
    public void AppSettings_ClientBindings_BecomeHubClientsAndRegistriesSettings()
    {
        // Arrange: the parameters are turned into settings by expressions, not literal names.
        var variables = template.ModuleTemplate("functionapp")["variables"]!;

        // Act
        var clients = variables["clientSettings"]!.GetValue<string>();
        var registries = variables["registrySettings"]!.GetValue<string>();
        var loop = ClientLoop().Match(clients);

        // Assert: the shapes HubOptions binds. Clients are a list ("Hub:Clients:<i>:ClientId|Kind|Id"), one index per
        // item of the hubClients array, each setting's value taken from that same item.
        Assert.True(loop.Success, $"clientSettings does not loop over range(0, length(parameters('hubClients'))): {clients}");
        var index = Regex.Escape($"lambdaVariables('{loop.Groups[1].Value}')");
        foreach (var (setting, property) in new[] { ("ClientId", "clientId"), ("Kind", "kind"), ("Id", "id") })
        {
            Assert.Matches(
                $@"createObject\('name', format\('Hub__Clients__\{{0\}}__{setting}', {index}\), 'value', parameters\('hubClients'\)\[{index}\]\.{property}\)",
                clients);
        }
        Assert.Contains("Hub__Registries__{0}__Jurisdiction", registries, StringComparison.Ordinal);
        Assert.Contains("parameters('hubRegistries')", registries, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_EveryNameTheTemplateCanProduce_IsLettersDigitsDotsAndUnderscores()
    {
        // Arrange: App Service on Linux takes setting names of letters, digits, "." and "_" only. The names are the
        // literal ones and the format strings of the generated ones, whose "{0}" is filled at deployment (a list
        // index for clients; a registry id, which main.bicep checks, for registries).
        var (literalNames, formats) = template.AppSettingNameSources();

        // Act
        var offending = literalNames
            .Concat(formats.Select(f => Placeholder().Replace(f, "")))
            .Where(name => !SettingName().IsMatch(name))
            .ToList();

        // Assert: the scan saw the names it is about, and none of them is outside [A-Za-z0-9._].
        Assert.Contains("AzureWebJobsStorage__credential", literalNames);
        Assert.Contains("Hub__Clients__{0}__ClientId", formats);
        Assert.Contains("Hub__Clients__{0}__Kind", formats);
        Assert.Contains("Hub__Clients__{0}__Id", formats);
        Assert.Contains("Hub__Registries__{0}__Jurisdiction", formats);
        Assert.True(offending.Count == 0, $"App setting names Azure rejects: {string.Join(", ", offending)}.");
    }

    [Fact]
    public void FunctionAppModule_Bindings_AreCheckedAsTheHubChecksThemBeforeTheyAreDeployed()
    {
        // Arrange: main.bicep hands the module its bindings only when they pass the rules the hub applies at start
        // (HubOptionsValidator); otherwise fail() stops the deployment.
        var parameters = template.Module("functionapp")["properties"]!["parameters"]!;
        var variables = template.Root["variables"]!;
        var isRegistryId = template.Root["functions"]!.AsArray()
            .Select(f => f!["members"]?["isRegistryId"]).SingleOrDefault(f => f is not null)
            ?? throw new InvalidOperationException("main.bicep defines no function isRegistryId.");

        // Act
        var clients = parameters["hubClients"]!.GetValue<string>();
        var registries = parameters["hubRegistries"]!.GetValue<string>();
        var clientErrors = variables["clientErrors"]!.GetValue<string>();
        var registryErrors = variables["registryErrors"]!.GetValue<string>();
        var registryIdRule = isRegistryId["output"]!["value"]!.GetValue<string>();

        // Assert
        Assert.Equal(
            "[if(empty(variables('clientErrors')), createObject('value', parameters('hubClients')), createObject('value', fail(join(variables('clientErrors'), '; '))))]",
            clients);
        Assert.Equal(
            "[if(empty(variables('registryErrors')), createObject('value', parameters('hubRegistries')), createObject('value', fail(join(variables('registryErrors'), '; '))))]",
            registries);
        // Registry ids: ^[a-z0-9]{1,32}$, the only part of a setting name an operator chooses.
        Assert.Contains("not(__bicep.isRegistryId(", registryErrors, StringComparison.Ordinal);
        Assert.Contains("greaterOrEquals(length(parameters('id')), 1)", registryIdRule, StringComparison.Ordinal);
        Assert.Contains("lessOrEquals(length(parameters('id')), 32)", registryIdRule, StringComparison.Ordinal);
        Assert.Contains("not(contains('abcdefghijklmnopqrstuvwxyz0123456789', substring(parameters('id'), ", registryIdRule, StringComparison.Ordinal);
        // Client ids bound once (case-insensitively), and a Registry client names a registry of hubRegistries.
        Assert.Contains("toLower(", variables["clientIds"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("indexOf(variables('clientIds'), ", clientErrors, StringComparison.Ordinal);
        Assert.Contains("equals(parameters('hubClients')[lambdaVariables('i')].kind, 'Registry')", clientErrors, StringComparison.Ordinal);
        Assert.Contains("not(contains(variables('registryIds'), parameters('hubClients')[lambdaVariables('i')].id))", clientErrors, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_Runtime_MatchesTheProjectsTargetFramework()
    {
        // Arrange: net10.0 -> "10.0".
        var targetFramework = XDocument.Load(RepoPaths.Combine("Directory.Build.props"))
            .Descendants("TargetFramework").Single().Value;
        var expectedVersion = targetFramework.Replace("net", "", StringComparison.Ordinal);
        var site = template.OnlyResource(template.ModuleTemplate("functionapp"), "Microsoft.Web/sites");

        // Act
        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;

        // Assert
        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal(expectedVersion, runtime["version"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_DeploymentPackage_ComesFromItsOwnContainerThroughTheIdentity()
    {
        // Arrange
        var site = template.OnlyResource(template.ModuleTemplate("functionapp"), "Microsoft.Web/sites");
        var storage = site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
        var packageContainer = template.Resolve(template.Module("storage")["properties"]!["parameters"]!["deploymentContainerName"]!["value"]);

        // Act
        var authentication = storage["authentication"]!;

        // Assert
        Assert.Equal("UserAssignedIdentity", authentication["type"]!.GetValue<string>());
        Assert.Contains("deploymentContainerName", storage["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(packageContainer!.GetValue<string>(), StorageNames.Containers);
    }

    // ------------------------------------------------------------ (3) no keys, no dev issuer

    [Theory]
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessKey=")]
    [InlineData("listKeys(")]
    [InlineData("listConnectionStrings(")]
    [InlineData("DevIssuer")]
    public void Template_Anywhere_HoldsNoKeyOrDevIssuer(string forbidden)
    {
        // Arrange / Act
        var index = template.Text.IndexOf(forbidden, StringComparison.OrdinalIgnoreCase);

        // Assert
        Assert.True(index < 0, $"The compiled template contains '{forbidden}': ...{Excerpt(template.Text, index)}...");
    }

    [Fact]
    public void AppSettings_Values_HoldNoKeysAndNoConnectionString()
    {
        // Arrange
        var settings = template.AppSettings();

        // Act
        var offending = settings.Where(s =>
                s.Value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase)
                || s.Value.Contains("SharedAccessKey=", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Key)
            .ToList();

        // Assert: identity-based connections only, never the plain "AzureWebJobsStorage" connection string.
        Assert.Empty(offending);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("Auth__DevIssuer__KeyFile", settings.Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Services_LocalAuthentication_IsOff()
    {
        // Arrange
        var serviceBus = template.OnlyResource(template.ModuleTemplate("servicebus"), "Microsoft.ServiceBus/namespaces");
        var insights = template.OnlyResource(template.ModuleTemplate("monitoring"), "Microsoft.Insights/components");
        var vault = template.OnlyResource(template.ModuleTemplate("keyvault"), "Microsoft.KeyVault/vaults");

        // Act / Assert
        Assert.True(serviceBus["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.True(insights["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["properties"]!["enablePurgeProtection"]!.GetValue<bool>());
    }

    // ------------------------------------------------------------ (4) the identity's roles

    [Fact]
    public void Identity_StorageAccount_HasBlobDataRole()
    {
        // Arrange / Act
        var roles = template.RolesOn("Microsoft.Storage/storageAccounts", "storageAccountName");

        // Assert: Owner (the Functions host's own blobs) or at least Contributor.
        Assert.True(roles.Contains(BlobDataOwner) || roles.Contains(BlobDataContributor),
            $"No blob data role for the hub's identity on the storage account; it has: {string.Join(", ", roles)}.");
    }

    [Theory]
    // Per queue, per table and per topic since issue 21 (roles.bicep); the search account holds the index only, the period
    // account only the tables created at run time (ADR 0030), which no per-table role can name in advance.
    [InlineData("Microsoft.Storage/storageAccounts/queueServices/queues", "storageAccountName", QueueDataContributor)]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices/tables", "storageAccountName", TableDataContributor)]
    [InlineData("Microsoft.Storage/storageAccounts", "searchStorageAccountName", TableDataContributor)]
    [InlineData("Microsoft.Storage/storageAccounts", "periodStorageAccountName", TableDataContributor)]
    [InlineData("Microsoft.ServiceBus/namespaces/topics", "serviceBusNamespaceName", ServiceBusDataSender)]
    [InlineData("Microsoft.KeyVault/vaults", "keyVaultName", KeyVaultSecretsUser)]
    [InlineData("Microsoft.Insights/components", "applicationInsightsName", MonitoringMetricsPublisher)]
    public void Identity_Resource_HasRole(string resourceType, string nameParameter, string roleDefinitionId)
    {
        // Arrange / Act
        var roles = template.RolesOn(resourceType, nameParameter);

        // Assert
        Assert.Contains(roleDefinitionId, roles);
    }

    [Theory]
    [InlineData("identityName", "identity", "name")]
    [InlineData("storageAccountName", "storage", "name")]
    [InlineData("searchStorageAccountName", "search-storage", "name")]
    [InlineData("periodStorageAccountName", "period-storage", "name")]
    [InlineData("serviceBusNamespaceName", "servicebus", "name")]
    [InlineData("keyVaultName", "keyvault", "name")]
    [InlineData("applicationInsightsName", "monitoring", "applicationInsightsName")]
    public void RolesModule_Names_AreTheDeployedResources(string rolesParameter, string module, string moduleParameter)
    {
        // Arrange: roles.bicep finds its scopes and principal by name.
        var roles = template.Module("roles")["properties"]!["parameters"]!;
        var deployed = template.Module(module)["properties"]!["parameters"]!;

        // Act
        var nameGivenToRoles = roles[rolesParameter]!["value"]!.GetValue<string>();
        var nameGivenToModule = deployed[moduleParameter]!["value"]!.GetValue<string>();

        // Assert: the very same expression, so the same resource.
        Assert.Equal(nameGivenToModule, nameGivenToRoles);
    }

    // ------------------------------------------------------------ Service Bus topics

    [Fact]
    public void ServiceBus_EventTopics_HaveDuplicateDetectionAndADeadLetteringExampleSubscription()
    {
        // Arrange: the event families of ARCHITECTURE.md (3), as the outbox relay names them.
        var expected = IntegrationHub.Core.Outbox.OutboundTopics.All;
        var module = template.ModuleTemplate("servicebus");
        var topicNames = template.Resolve(template.Module("servicebus")["properties"]!["parameters"]!["topicNames"]!["value"])!
            .AsArray().Select(n => n!.GetValue<string>()).ToList();
        var topic = template.OnlyResource(module, "Microsoft.ServiceBus/namespaces/topics");
        var subscription = template.OnlyResource(module, "Microsoft.ServiceBus/namespaces/topics/subscriptions");

        // Act
        var topicProperties = topic["properties"]!;
        var subscriptionProperties = subscription["properties"]!;

        // Assert
        Assert.True(!expected.Except(topicNames).Any(), $"Missing topics: {string.Join(", ", expected.Except(topicNames))}.");
        Assert.Contains("topicNames", topic["copy"]!["count"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(topicProperties["requiresDuplicateDetection"]!.GetValue<bool>());
        Assert.NotNull(topicProperties["duplicateDetectionHistoryTimeWindow"]);
        Assert.True(subscriptionProperties["deadLetteringOnMessageExpiration"]!.GetValue<bool>());
        Assert.Equal(10, subscriptionProperties["maxDeliveryCount"]!.GetValue<int>());
        Assert.Equal("PT1M", subscriptionProperties["lockDuration"]!.GetValue<string>());
    }

    private static string Excerpt(string text, int index) =>
        index < 0 ? "" : text.Substring(Math.Max(0, index - 80), Math.Min(200, text.Length - Math.Max(0, index - 80)));

    [GeneratedRegex(@"map\(range\(0, length\(parameters\('hubClients'\)\)\), lambda\('([A-Za-z0-9_]+)'")]
    private static partial Regex ClientLoop();

    [GeneratedRegex(@"\{[0-9]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^[A-Za-z0-9._]+$")]
    private static partial Regex SettingName();
}

/// <summary>
/// infra/.build/main.json, compiled and linted first by infra/build.sh when it is missing or older than any
/// Bicep input. Failing to build fails every test of the class with the script's output (never a skip).
/// </summary>
public sealed partial class CompiledTemplate
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    public CompiledTemplate()
    {
        var path = RepoPaths.Combine("infra", ".build", "main.json");
        if (IsStale(path))
        {
            Build(path);
        }
        Text = File.ReadAllText(path);
        Root = JsonNode.Parse(Text)?.AsObject() ?? throw new InvalidOperationException($"{path} is not a JSON object.");
    }

    public string Text { get; }

    public JsonObject Root { get; }

    /// <summary>The top-level deployment (module) named <paramref name="name"/>.</summary>
    public JsonObject Module(string name) =>
        Resources(Root).SingleOrDefault(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name)
        ?? throw new InvalidOperationException($"main.bicep deploys no module named '{name}'.");

    public JsonObject ModuleTemplate(string name) => Module(name)["properties"]!["template"]!.AsObject();

    /// <summary>The one resource of <paramref name="type"/> in <paramref name="template"/>.</summary>
    public JsonObject OnlyResource(JsonObject template, string type)
    {
        var matches = Resources(template).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Expected one resource of type {type}, found {matches.Count}.");
    }

    /// <summary>A literal, or "[variables('x')]" / "[variables('x').y]" of the main template, resolved.</summary>
    public JsonNode? Resolve(JsonNode? value) => Resolve(value, Root);

    /// <summary>
    /// The names a copy loop of the storage module creates: the loop must run over the module parameter
    /// <paramref name="parameter"/>, whose value main.bicep gives.
    /// </summary>
    public IReadOnlyList<string> CreatedByStorageLoop(string parameter, string type, string module = "storage")
    {
        var loop = Resources(ModuleTemplate(module)).SingleOrDefault(r =>
            string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)
            && ((string?)r["copy"]?["count"])?.Contains($"parameters('{parameter}')", StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException($"The {module} module has no {type} loop over parameter '{parameter}'.");
        Assert.Contains($"parameters('{parameter}')[copyIndex()]", (string?)loop["name"], StringComparison.Ordinal);

        var value = Resolve(Module(module)["properties"]!["parameters"]![parameter]?["value"])
            ?? throw new InvalidOperationException($"main.bicep gives the {module} module no '{parameter}'.");
        return [.. value.AsArray().Select(n => n!.GetValue<string>())];
    }

    /// <summary>
    /// The Function App's app settings (the "appsettings" config resource): literal members, and the members
    /// of every object variable its expression unions. Values are literals or ARM expressions.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in AppSettingsParts().Objects.SelectMany(o => o))
        {
            settings[member.Key] = member.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : member.Value?.ToJsonString() ?? "";
        }
        return settings;
    }

    /// <summary>
    /// Every app setting name the template can produce: the literal names (members of the literal objects the
    /// appsettings resource unions), and the format strings of the generated ones (the first argument of each
    /// format() in the appsettings expression and in the expression variables it unions), "{0}" left in place.
    /// </summary>
    public (IReadOnlyList<string> LiteralNames, IReadOnlyList<string> Formats) AppSettingNameSources()
    {
        var (objects, expressions) = AppSettingsParts();
        var literalNames = objects.SelectMany(o => o.Select(member => member.Key)).ToList();
        var formats = expressions
            .SelectMany(e => FormatString().Matches(e).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)))
            .ToList();
        return (literalNames, formats);
    }

    /// <summary>
    /// What the "appsettings" config resource is made of: literal objects (its own properties, or object variables
    /// its expression names) and expressions (its own, and the expression variables it names).
    /// </summary>
    private (List<JsonObject> Objects, List<string> Expressions) AppSettingsParts()
    {
        var module = ModuleTemplate("functionapp");
        var config = Resources(module).SingleOrDefault(r =>
            (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])?.Contains("appsettings", StringComparison.Ordinal) == true)
            ?? throw new InvalidOperationException("The functionapp module has no 'appsettings' config resource.");
        var objects = new List<JsonObject>();
        var expressions = new List<string>();
        switch (config["properties"])
        {
            case JsonObject literal:
                objects.Add(literal);
                break;
            case JsonValue value:
                var expression = value.GetValue<string>();
                expressions.Add(expression);
                foreach (Match match in VariableReference().Matches(expression))
                {
                    switch (module["variables"]?[match.Groups[1].Value])
                    {
                        case JsonObject variable:
                            objects.Add(variable);
                            break;
                        case JsonValue variable when variable.TryGetValue<string>(out var text):
                            expressions.Add(text);
                            break;
                    }
                }
                break;
            default:
                throw new InvalidOperationException("The appsettings resource has no properties.");
        }
        return (objects, expressions);
    }

    /// <summary>
    /// Role definition ids assigned, in the roles module, to the hub's identity ("identityName") at the resource
    /// of <paramref name="resourceType"/> named by module parameter <paramref name="nameParameter"/>.
    /// </summary>
    public IReadOnlySet<string> RolesOn(string resourceType, string nameParameter)
    {
        var module = ModuleTemplate("roles");
        // The resource itself, or (child types) one of its tables, queues or topics: "resourceId('<type>', parameters('<name>')...".
        var scope = $"resourceId('{resourceType}', parameters('{nameParameter}')";
        var variables = module["variables"]?.AsObject() ?? [];
        return Resources(module)
            .Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments")
            .Where(r => ((string?)r["scope"])?.Contains(scope, StringComparison.Ordinal) == true)
            .Where(r => IsHubIdentity((string?)r["properties"]?["principalId"], module))
            .Select(r => ExpandVariables((string?)r["properties"]?["roleDefinitionId"] ?? "", variables))
            .SelectMany(id => RoleGuid().Matches(id).Select(m => m.Value.ToLowerInvariant()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// True when a role assignment's principal is the identity named by the module's "identityName" parameter: a
    /// resourceId() of it, or (languageVersion 2.0) reference() to the module's existing identity resource of that name.
    /// </summary>
    public static bool IsHubIdentity(string? principal, JsonObject module)
    {
        if (principal is null)
        {
            return false;
        }
        if (principal.Contains("resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName'))", StringComparison.Ordinal))
        {
            return true;
        }
        var symbol = SymbolicReference().Match(principal);
        return symbol.Success
            && module["resources"] is JsonObject symbolic
            && symbolic[symbol.Groups[1].Value] is JsonObject identity
            && (string?)identity["type"] == "Microsoft.ManagedIdentity/userAssignedIdentities"
            && (string?)identity["name"] == "[parameters('identityName')]";
    }

    public static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),                         // classic templates
        JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(), // languageVersion 2.0
        _ => [],
    };

    private static JsonNode? Resolve(JsonNode? value, JsonObject template)
    {
        if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || !text.StartsWith('['))
        {
            return value;
        }
        var match = WholeVariable().Match(text);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Cannot resolve the expression {text}: expected a literal or [variables('x')].");
        }
        var resolved = template["variables"]?[match.Groups[1].Value];
        if (match.Groups[2].Success)
        {
            resolved = resolved?[match.Groups[2].Value];
        }
        return resolved;
    }

    private static string ExpandVariables(string expression, JsonObject variables) =>
        VariableMember().Replace(expression, m =>
            variables[m.Groups[1].Value]?[m.Groups[2].Value] is JsonValue v && v.TryGetValue<string>(out var s) ? $"'{s}'" : m.Value);

    private static bool IsStale(string compiled)
    {
        if (!File.Exists(compiled))
        {
            return true;
        }
        var infra = RepoPaths.Combine("infra");
        var build = Path.Combine(infra, ".build");
        var inputs = Directory.EnumerateFiles(infra, "*.bicep", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(infra, "*.json", SearchOption.AllDirectories))
            .Where(f => !f.StartsWith(build, StringComparison.Ordinal));
        var builtAt = File.GetLastWriteTimeUtc(compiled);
        return inputs.Any(f => File.GetLastWriteTimeUtc(f) > builtAt);
    }

    private static void Build(string compiled)
    {
        var script = RepoPaths.Combine("infra", "build.sh");
        var start = new ProcessStartInfo("bash", [script])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run 'bash {script}' to compile infra/main.bicep: {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"infra/build.sh did not finish within {BuildTimeout}. Output so far:\n{output}");
        }
        process.WaitForExit(); // flush the output readers
        if (process.ExitCode != 0 || !File.Exists(compiled))
        {
            throw new InvalidOperationException(
                $"infra/build.sh failed (exit {process.ExitCode}): the Bicep CLI (NuGet Azure.Bicep.CommandLine.linux-x64, "
                + $"restored by tools/bicep/Bicep.proj) could not be found, run, or build and lint infra/main.bicep without errors.\n{output}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[reference\('([A-Za-z0-9_]+)'[^)]*\)\.principalId\]$")]
    private static partial Regex SymbolicReference();

    [GeneratedRegex(@"^\[variables\('([A-Za-z0-9_]+)'\)(?:\.([A-Za-z0-9_]+))?\]$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)\.([A-Za-z0-9_]+)")]
    private static partial Regex VariableMember();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex RoleGuid();

    // format('<string>', ...): an ARM string literal, "'" written as "''".
    [GeneratedRegex(@"format\('((?:[^']|'')*)'")]
    private static partial Regex FormatString();
}
