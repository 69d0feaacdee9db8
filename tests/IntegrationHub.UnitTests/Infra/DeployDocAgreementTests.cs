using System.Text.RegularExpressions;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// docs/deploy.md names what the compiled template deploys (issue 21: it had drifted to 2 tables, 1 queue and 3 topics):
/// every module file, every parameter, every table, container, queue and topic, every role and every private DNS zone.
/// </summary>
public sealed partial class DeployDocAgreementTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private static readonly string Doc = File.ReadAllText(RepoPaths.Combine("docs", "deploy.md"));

    // Built-in role names (learn.microsoft.com/azure/role-based-access-control/built-in-roles), by id.
    private static readonly Dictionary<string, string> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    [Fact]
    public void DeployDoc_EveryModuleFile_IsInWhatIsCreated()
    {
        // Arrange
        var mainBicep = File.ReadAllText(RepoPaths.Combine("infra", "main.bicep"));

        // Act
        var missing = ModuleFile().Matches(mainBicep).Select(m => m.Groups[1].Value).Where(f => !Doc.Contains($"`{f}`", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.True(missing.Count == 0, $"docs/deploy.md does not describe: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void DeployDoc_EveryParameter_IsDocumented()
    {
        // Arrange / Act
        var missing = template.Root["parameters"]!.AsObject().Select(p => p.Key).Where(p => !Doc.Contains($"`{p}`", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.True(missing.Count == 0, $"docs/deploy.md does not document the parameters: {string.Join(", ", missing)}.");
    }

    [Theory]
    [InlineData("hubTables")]
    [InlineData("hubContainers")]
    [InlineData("hubQueues")]
    [InlineData("eventTopics")]
    [InlineData("searchIndexTables")]
    public void DeployDoc_EveryStorageNameAndTopic_IsListed(string variable)
    {
        // Arrange
        var names = template.Root["variables"]![variable]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

        // Act
        var missing = names.Where(n => !Doc.Contains($"`{n}`", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.NotEmpty(names);
        Assert.True(missing.Count == 0, $"docs/deploy.md does not list ({variable}): {string.Join(", ", missing)}.");
    }

    [Fact]
    public void DeployDoc_EveryRoleAndPrivateDnsZone_IsNamed()
    {
        // Arrange
        var roles = SecurityAgreementTests.AllowedRoles.Select(r => RoleNames[r.RoleId]).Distinct();
        var zones = template.Root["variables"]!["privateDnsZones"]!.AsObject()
            .Select(z => z.Value!.GetValue<string>().Replace("[format('", "", StringComparison.Ordinal).Replace("{0}', environment().suffixes.storage)]", "core.windows.net", StringComparison.Ordinal));

        // Act
        var missing = roles.Where(r => !Doc.Contains(r, StringComparison.Ordinal))
            .Concat(zones.Where(z => !Doc.Contains($"`{z}`", StringComparison.Ordinal)))
            .ToList();

        // Assert
        Assert.True(missing.Count == 0, $"docs/deploy.md does not name: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void DeployDoc_EveryStorageAccountDeployment_IsNamed()
    {
        // Arrange: a module file deployed twice (search-storage.bicep as "search-storage" and "period-storage", ADR 0030)
        // passes the module-file check once; each deployment that creates an account must be described on its own.
        var accounts = CompiledTemplate.Resources(template.Root)
            .Where(r => (string?)r["type"] == "Microsoft.Resources/deployments"
                && CompiledTemplate.Resources(r["properties"]!["template"]!.AsObject()).Any(x => (string?)x["type"] == "Microsoft.Storage/storageAccounts"))
            .Select(r => (string)r["name"]!)
            .ToList();

        // Act
        var missing = accounts.Where(a => a != "storage" && !Doc.Contains($"`{a}`", StringComparison.Ordinal)
            && !Doc.Contains($"`app/{a}.bicep`", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.Contains("period-storage", accounts);
        Assert.True(missing.Count == 0, $"docs/deploy.md does not describe the storage account deployments: {string.Join(", ", missing)}.");
        Assert.Contains("`AccessLog{NO|DK|NL}{yyyyMM}`", Doc, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^module \w+ '(app/[a-z-]+\.bicep)'", RegexOptions.Multiline)]
    private static partial Regex ModuleFile();
}
