using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// What the compiled template (infra/.build/main.json) promises about security, every module included (issue 21): HTTPS
/// only and TLS 1.2 at least, no basic publishing credentials, no key-based authentication anywhere, every role
/// assignment on an allow-list of (role, scope) pairs with its reason, diagnostics on every resource that has them, and
/// the audit records' immutable container. The checks run on any template, so the mutation tests show each one fail.
/// </summary>
public sealed partial class SecurityAgreementTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    // Built-in role ids: learn.microsoft.com/azure/role-based-access-control/built-in-roles.
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string Owner = "8e3af657-a8ff-443e-a75c-2fe8c4bcb635";

    /// <summary>Every (role, scope type, scope name parameter) the hub's identity may hold, and why. Nothing else.</summary>
    public static readonly IReadOnlyList<AllowedRole> AllowedRoles =
    [
        new(BlobDataOwner, "Microsoft.Storage/storageAccounts", "storageAccountName",
            "The Functions host's own blobs (leases, timers, host lock) need Owner at account scope, as it creates its azure-webjobs-* containers; Flex Consumption reads the deployment package; the hub writes cvs and appends to audit (immutable)."),
        new(QueueDataContributor, "Microsoft.Storage/storageAccounts/queueServices/queues", "storageAccountName",
            "Each work queue and its poison twin: the hub sends, the host's queue triggers receive and delete."),
        new(TableDataContributor, "Microsoft.Storage/storageAccounts/tableServices/tables", "storageAccountName",
            "Each of the hub's tables, one assignment per table: the hub reads and writes its state (no append-only table role exists)."),
        new(TableDataContributor, "Microsoft.Storage/storageAccounts", "searchStorageAccountName",
            "The search index's own account, which holds the index's tables and nothing else (ADR 0013)."),
        new(TableDataContributor, "Microsoft.Storage/storageAccounts", "periodStorageAccountName",
            "The period tables' own account (ADR 0030): the hub creates, writes and drops AccessLog{J}{yyyyMM} and the like at run time, and a role cannot be scoped to a table before it exists."),
        new(ServiceBusDataSender, "Microsoft.ServiceBus/namespaces/topics", "serviceBusNamespaceName",
            "Each outbound topic: the outbox relay publishes; the hub never receives."),
        new(KeyVaultSecretsUser, "Microsoft.KeyVault/vaults", "keyVaultName",
            "Reads secrets (NAV's token as a Key Vault reference, board certificates); never writes them."),
        new(MonitoringMetricsPublisher, "Microsoft.Insights/components", "applicationInsightsName",
            "Sends telemetry to Application Insights, whose key-based ingestion is off."),
    ];

    /// <summary>Resource types that take diagnostic settings: each one deployed must send them to Log Analytics.</summary>
    private static readonly HashSet<string> Diagnosable = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Storage/storageAccounts", "Microsoft.Storage/storageAccounts/blobServices", "Microsoft.Storage/storageAccounts/queueServices",
        "Microsoft.Storage/storageAccounts/tableServices", "Microsoft.ServiceBus/namespaces", "Microsoft.KeyVault/vaults", "Microsoft.Web/sites",
        "Microsoft.Network/virtualNetworks", "Microsoft.OperationalInsights/workspaces",
    };

    /// <summary>Resource types without diagnostic settings of their own, or covered by their parent's, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoDiagnostics = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Insights/diagnosticSettings"] = "the settings themselves",
        ["Microsoft.Insights/actionGroups"] = "an action group has no diagnostic log categories; what it sends shows in the activity log",
        ["Microsoft.Insights/scheduledQueryRules"] = "a log alert rule has no diagnostic settings; its evaluations are in Azure Monitor's alert history",
        ["Microsoft.Authorization/roleAssignments"] = "recorded in the subscription's activity log",
        ["Microsoft.Authorization/locks"] = "recorded in the subscription's activity log",
        ["Microsoft.ManagedIdentity/userAssignedIdentities"] = "no diagnostic settings; its sign-ins are in Entra ID's logs",
        ["Microsoft.Insights/components"] = "workspace-based: its telemetry is stored in the Log Analytics workspace already",
        ["Microsoft.Web/serverfarms"] = "Flex Consumption: one app per plan, whose diagnostics the site sends",
        ["Microsoft.Web/sites/basicPublishingCredentialsPolicies"] = "a setting of the site",
        ["Microsoft.Web/sites/config"] = "a setting of the site",
        ["Microsoft.Storage/storageAccounts/managementPolicies"] = "a setting of the account",
        ["Microsoft.Storage/storageAccounts/blobServices/containers"] = "covered by the blob service's logs",
        ["Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies"] = "a setting of the container; changes are in the activity log",
        ["Microsoft.Storage/storageAccounts/queueServices/queues"] = "covered by the queue service's logs",
        ["Microsoft.Storage/storageAccounts/tableServices/tables"] = "covered by the table service's logs",
        ["Microsoft.ServiceBus/namespaces/topics"] = "covered by the namespace's logs",
        ["Microsoft.ServiceBus/namespaces/topics/subscriptions"] = "covered by the namespace's logs",
        ["Microsoft.ServiceBus/namespaces/networkRuleSets"] = "a setting of the namespace",
        ["Microsoft.Network/privateDnsZones"] = "no diagnostic log categories (assumed; metrics in Azure Monitor)",
        ["Microsoft.Network/privateDnsZones/virtualNetworkLinks"] = "a setting of the zone",
        ["Microsoft.Network/privateEndpoints"] = "no diagnostic log categories (assumed; metrics in Azure Monitor)",
        ["Microsoft.Network/privateEndpoints/privateDnsZoneGroups"] = "a setting of the endpoint",
        ["Microsoft.Insights/metricAlerts"] = "an alert rule; its firings are in the activity log",
    };

    public sealed record AllowedRole(string RoleId, string ScopeType, string ScopeNameParameter, string Reason);

    // ------------------------------------------------------------ roles

    [Fact]
    public void RoleAssignments_Everywhere_AreOnTheAllowList()
    {
        // Arrange / Act
        var violations = RoleViolations(template.Root);
        var found = RoleAssignments(template.Root).ToList();

        // Assert: the scan saw the assignments, and each is an allowed pair given to the hub's identity.
        Assert.True(found.Count >= AllowedRoles.Count, $"Only {found.Count} role assignments found.");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void RoleAssignments_EveryAllowedPair_IsUsed()
    {
        // Arrange
        var found = RoleAssignments(template.Root).Select(a => (a.RoleId, a.ScopeType, a.ScopeName)).ToHashSet();

        // Act
        var unused = AllowedRoles.Where(r => !found.Contains((r.RoleId, r.ScopeType, r.ScopeNameParameter))).ToList();

        // Assert: the list says what is deployed, not more.
        Assert.Empty(unused);
        Assert.All(AllowedRoles, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
    }

    [Theory]
    [InlineData("[subscription().id]")]
    [InlineData("[resourceGroup().id]")]
    [InlineData("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]")]
    public void RoleAssignments_AQueueRoleWidened_IsRefused(string widerScope)
    {
        // Arrange: the queue role moved from the queues to the subscription, the group or the whole account.
        var mutated = JsonNode.Parse(template.Text)!.AsObject();
        var queueRole = RoleAssignmentNodes(mutated).Single(r => r.Key == "storageQueueDataContributor").Value;
        queueRole["scope"] = widerScope;

        // Act
        var violations = RoleViolations(mutated);

        // Assert
        Assert.Single(violations);
        Assert.Contains(QueueDataContributor, violations[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignments_ARoleSwappedForOwner_IsRefused()
    {
        // Arrange: Key Vault Secrets User becomes Owner on the vault.
        var mutated = JsonNode.Parse(template.Text)!.AsObject();
        var roles = mutated["resources"]!["roles"]!["properties"]!["template"]!["variables"]!["roleIds"]!;
        roles["keyVaultSecretsUser"] = Owner;

        // Act
        var violations = RoleViolations(mutated);

        // Assert
        Assert.Single(violations);
        Assert.Contains(Owner, violations[0], StringComparison.Ordinal);
    }

    // ------------------------------------------------------------ transport and authentication

    [Fact]
    public void FunctionApp_Transport_IsHttpsOnlyWithTls12AndNoBasicPublishingCredentials()
    {
        // Arrange
        var module = template.ModuleTemplate("functionapp");
        var site = template.OnlyResource(module, "Microsoft.Web/sites")["properties"]!;
        var policies = CompiledTemplate.Resources(module)
            .Where(r => (string?)r["type"] == "Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .ToDictionary(r => LastNameSegment((string)r["name"]!), r => r["properties"]!["allow"]!.GetValue<bool>());

        // Act / Assert
        Assert.True(site["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", site["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
        Assert.Equal("1.2", site["siteConfig"]!["scmMinTlsVersion"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, bool> { ["ftp"] = false, ["scm"] = false }, policies);
    }

    [Fact]
    public void DataServices_Transport_IsTls12AtLeast()
    {
        // Arrange
        var serviceBus = template.OnlyResource(template.ModuleTemplate("servicebus"), "Microsoft.ServiceBus/namespaces");
        var accounts = new[] { "storage", "search-storage", "period-storage" }
            .Select(m => template.OnlyResource(template.ModuleTemplate(m), "Microsoft.Storage/storageAccounts")["properties"]!);

        // Act / Assert
        Assert.Equal("1.2", serviceBus["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        Assert.All(accounts, a =>
        {
            Assert.Equal("TLS1_2", a["minimumTlsVersion"]!.GetValue<string>());
            Assert.True(a["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        });
    }

    [Fact]
    public void Template_Anywhere_AllowsNoKeyBasedAuthentication()
    {
        // Arrange: every resource of every module, whatever its module.
        var all = AllResources(template.Root).Select(r => r.Resource).ToList();

        // Act
        var offending = all.SelectMany(r => ((string)r["type"]!).ToLowerInvariant() switch
        {
            "microsoft.storage/storageaccounts" when r["existing"] is null => Expect(r, "allowSharedKeyAccess", false),
            "microsoft.servicebus/namespaces" when r["existing"] is null => Expect(r, "disableLocalAuth", true),
            "microsoft.insights/components" when r["existing"] is null => Expect(r, "DisableLocalAuth", true),
            "microsoft.keyvault/vaults" when r["existing"] is null => Expect(r, "enableRbacAuthorization", true),
            _ => [],
        }).ToList();

        // Assert
        Assert.Contains(all, r => (string?)r["type"] == "Microsoft.Storage/storageAccounts");
        Assert.Empty(offending);
    }

    // ------------------------------------------------------------ diagnostics

    [Fact]
    public void Resources_EveryOneThatTakesDiagnostics_SendsThemToLogAnalytics()
    {
        // Arrange
        var resources = AllResources(template.Root).Where(r => r.Resource["existing"] is null).ToList();

        // Act
        var unknown = resources.Select(r => (string)r.Resource["type"]!)
            .Where(t => !Diagnosable.Contains(t) && !NoDiagnostics.ContainsKey(t) && !t.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .ToList();
        var missing = resources
            .Where(r => Diagnosable.Contains((string)r.Resource["type"]!))
            .Where(r => !resources.Any(d =>
                d.Module == r.Module
                && (string?)d.Resource["type"] == "Microsoft.Insights/diagnosticSettings"
                && ((string?)d.Resource["scope"])?.StartsWith($"[resourceId('{r.Resource["type"]}', ", StringComparison.Ordinal) == true
                && d.Resource["properties"]?["workspaceId"] is not null))
            .Select(r => $"{r.Module}: {r.Resource["type"]}")
            .ToList();

        // Assert: a new resource type needs a decision (diagnostics, or a reason in NoDiagnostics).
        Assert.True(unknown.Count == 0, $"Resource types neither diagnosed nor exempted: {string.Join(", ", unknown)}.");
        Assert.True(missing.Count == 0, $"No diagnostic setting for: {string.Join(", ", missing)}.");
    }

    // ------------------------------------------------------------ audit records

    [Fact]
    public void AuditContainer_TheCodesOne_HasATimeBasedImmutabilityPolicyThatAllowsAppends()
    {
        // Arrange
        var module = template.ModuleTemplate("storage");
        var policy = template.OnlyResource(module, "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");
        var parameters = template.Module("storage")["properties"]!["parameters"]!;
        var created = template.CreatedByStorageLoop("containerNames", "Microsoft.Storage/storageAccounts/blobServices/containers");

        // Act
        var container = parameters["auditContainerName"]!["value"]!.GetValue<string>();
        var days = parameters["auditRetentionDays"]!["value"]!.GetValue<string>();

        // Assert: the container the code appends to, created, and immutable for auditRetentionDays (400 by default).
        Assert.Equal(StorageNames.AuditContainer, container);
        Assert.Contains(container, created);
        Assert.Equal("default", LastNameSegment((string)policy["name"]!));
        Assert.Equal("[parameters('auditRetentionDays')]", policy["properties"]!["immutabilityPeriodSinceCreationInDays"]!.GetValue<string>());
        Assert.True(policy["properties"]!["allowProtectedAppendWrites"]!.GetValue<bool>());
        Assert.Equal("[parameters('auditRetentionDays')]", days);
        Assert.Equal(400, template.Root["parameters"]!["auditRetentionDays"]!["defaultValue"]!.GetValue<int>());
    }

    [Fact]
    public void ResourceGroup_DeleteLock_IsOptIn()
    {
        // Arrange
        var lockResource = CompiledTemplate.Resources(template.Root).Single(r => (string?)r["type"] == "Microsoft.Authorization/locks");

        // Act
        var condition = lockResource["condition"]!.GetValue<string>();

        // Assert
        Assert.Equal("[parameters('resourceGroupDeleteLock')]", condition);
        Assert.Equal("CanNotDelete", lockResource["properties"]!["level"]!.GetValue<string>());
        Assert.False(template.Root["parameters"]!["resourceGroupDeleteLock"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void AuditPolicyLock_IsOptIn_AndTheHookLocksWithTheEtagOnlyWhenAsked()
    {
        // Arrange: Bicep cannot lock a container policy (its state is read-only), so azd's postprovision hook does.
        var azureYaml = File.ReadAllText(RepoPaths.Combine("azure.yaml"));
        var hook = File.ReadAllText(RepoPaths.Combine("infra", "lock-audit-policy.sh"));

        // Act
        var output = template.Root["outputs"]!["AUDIT_POLICY_LOCK"]!;

        // Assert: off by default, handed to the hook as an output, and the hook locks only when it says true.
        Assert.False(template.Root["parameters"]!["auditPolicyLocked"]!["defaultValue"]!.GetValue<bool>());
        Assert.Equal("[parameters('auditPolicyLocked')]", output["value"]!.GetValue<string>());
        Assert.Contains("&& bash infra/lock-audit-policy.sh", azureYaml, StringComparison.Ordinal);
        Assert.Contains("if [ \"${AUDIT_POLICY_LOCK:-false}\" != \"true\" ]; then", hook, StringComparison.Ordinal);
        Assert.Contains("immutability-policy lock", hook, StringComparison.Ordinal);
        Assert.Contains("--container-name audit --if-match \"$etag\"", hook, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------ subscriptions and zones

    [Fact]
    public void ServiceBus_EverySubscriptionTheTemplateCreates_IsOptInAndAlertedOn()
    {
        // Arrange: nothing in the hub reads a subscription, so each one the template creates needs an alert.
        var module = template.ModuleTemplate("servicebus");
        var subscriptions = CompiledTemplate.Resources(module).Where(r => (string?)r["type"] == "Microsoft.ServiceBus/namespaces/topics/subscriptions").ToList();
        var alert = template.OnlyResource(module, "Microsoft.Insights/metricAlerts");

        // Act
        var criterion = alert["properties"]!["criteria"]!["allOf"]![0]!;

        // Assert: off by default; when on, messages waiting in the topics alert.
        Assert.NotEmpty(subscriptions);
        Assert.All(subscriptions, s => Assert.Equal("[parameters('createExampleSubscriptions')]", (string?)s["condition"]));
        Assert.Equal("[parameters('createExampleSubscriptions')]", (string?)alert["condition"]);
        Assert.Equal("ActiveMessages", criterion["metricName"]!.GetValue<string>());
        Assert.Equal("[parameters('topicNames')]", criterion["dimensions"]![0]!["values"]!.GetValue<string>());
        Assert.Equal("[parameters('exampleSubscriptions')]", template.Module("servicebus")["properties"]!["parameters"]!["createExampleSubscriptions"]!["value"]!.GetValue<string>());
        Assert.False(template.Root["parameters"]!["exampleSubscriptions"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void ZoneRedundancy_TheSwitch_ReachesThePlanServiceBusAndTheSearchAccount()
    {
        // Arrange
        var plan = template.OnlyResource(template.ModuleTemplate("functionapp"), "Microsoft.Web/serverfarms");
        var serviceBus = template.OnlyResource(template.ModuleTemplate("servicebus"), "Microsoft.ServiceBus/namespaces");
        var searchSku = template.Module("search-storage")["properties"]!["parameters"]!["skuName"]!.GetValue<string>();

        // Act
        var tier = template.Root["variables"]!["serviceBusTier"]!.GetValue<string>();

        // Assert
        Assert.Equal("[parameters('zoneRedundant')]", plan["properties"]!["zoneRedundant"]!.GetValue<string>());
        Assert.Contains("parameters('zoneRedundant')", serviceBus["properties"]!["zoneRedundant"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("parameters('zoneRedundant')", tier, StringComparison.Ordinal);
        Assert.Equal("[if(parameters('zoneRedundant'), createObject('value', 'Standard_ZRS'), createObject('value', 'Standard_LRS'))]", searchSku);
        Assert.Equal("Standard_ZRS", template.Root["parameters"]!["storageSku"]!["defaultValue"]!.GetValue<string>());
    }

    // ------------------------------------------------------------ helpers

    private sealed record FoundRole(string Module, string Name, string RoleId, string ScopeType, string ScopeName, string Principal, bool IsHubIdentity);

    /// <summary>Every violation of the allow-list, one line each.</summary>
    private static List<string> RoleViolations(JsonObject root) =>
        [.. RoleAssignments(root)
            .Where(a => !AllowedRoles.Any(r => r.RoleId == a.RoleId && r.ScopeType == a.ScopeType && r.ScopeNameParameter == a.ScopeName)
                || !a.IsHubIdentity)
            .Select(a => $"{a.Module}/{a.Name}: role {a.RoleId} at {a.ScopeType} ({a.ScopeName}) for {a.Principal} is not on the allow-list.")];

    private static IEnumerable<FoundRole> RoleAssignments(JsonObject root) =>
        AllResources(root)
            .Where(r => (string?)r.Resource["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r =>
            {
                var role = Expand((string?)r.Resource["properties"]?["roleDefinitionId"] ?? "", r.Template);
                var scope = (string?)r.Resource["scope"] ?? "";
                var scopeMatch = ScopeExpression().Match(scope);
                return new FoundRole(
                    r.Module,
                    r.Key,
                    RoleGuid().Match(role) is { Success: true } m ? m.Value.ToLowerInvariant() : role,
                    scopeMatch.Success ? scopeMatch.Groups[1].Value : scope,
                    scopeMatch.Success ? scopeMatch.Groups[2].Value : "",
                    (string?)r.Resource["properties"]?["principalId"] ?? "",
                    CompiledTemplate.IsHubIdentity((string?)r.Resource["properties"]?["principalId"], r.Template));
            });

    private static IEnumerable<(string Module, string Key, JsonObject Template, JsonObject Resource)> RoleAssignmentNodesIn(JsonObject template, string module)
    {
        foreach (var (key, node) in ResourceEntries(template))
        {
            yield return (module, key, template, node);
            if ((string?)node["type"] == "Microsoft.Resources/deployments" && node["properties"]?["template"] is JsonObject inner)
            {
                foreach (var nested in RoleAssignmentNodesIn(inner, (string?)node["name"] ?? key))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Every resource in the template and its modules, with the module (deployment) name and its own template.</summary>
    private static IEnumerable<(string Module, string Key, JsonObject Template, JsonObject Resource)> AllResources(JsonObject root) =>
        RoleAssignmentNodesIn(root, "main");

    private static IEnumerable<KeyValuePair<string, JsonObject>> RoleAssignmentNodes(JsonObject root) =>
        AllResources(root).Where(r => (string?)r.Resource["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r => new KeyValuePair<string, JsonObject>(r.Key, r.Resource));

    private static IEnumerable<(string Key, JsonObject Node)> ResourceEntries(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>().Select((r, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), r)),
        JsonObject symbolic => symbolic.Where(p => p.Value is JsonObject).Select(p => (p.Key, (JsonObject)p.Value!)),
        _ => [],
    };

    private static string Expand(string expression, JsonObject template) =>
        VariableMember().Replace(expression, m =>
            template["variables"]?[m.Groups[1].Value]?[m.Groups[2].Value] is JsonValue v && v.TryGetValue<string>(out var s) ? $"'{s}'" : m.Value);

    private static IEnumerable<string> Expect(JsonObject resource, string property, bool expected) =>
        resource["properties"]?[property] is JsonValue v && v.TryGetValue<bool>(out var actual) && actual == expected
            ? []
            : [$"{resource["type"]} {resource["name"]}: {property} is not {expected}"];

    private static string LastNameSegment(string name) => Regex.Match(name, @"'([^']*)'\)\]$|([^/\]]+)$") is { Success: true } m
        ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
        : name;

    [GeneratedRegex(@"^\[resourceId\('([^']+)', parameters\('([A-Za-z0-9_]+)'\)")]
    private static partial Regex ScopeExpression();

    [GeneratedRegex(@"variables\('([A-Za-z0-9_]+)'\)\.([A-Za-z0-9_]+)")]
    private static partial Regex VariableMember();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex RoleGuid();
}
