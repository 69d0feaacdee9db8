using System.Text.Json.Nodes;
using IntegrationHub.Core.Access;

namespace IntegrationHub.UnitTests.Access;

public sealed class IncidentRulesTests
{
    [Fact]
    public void ServedIncidentSchema_RuleEnum_ListsEveryRuleTheGuardSuspendsOn()
    {
        // Arrange: the response schemas the served OpenAPI document is built from.
        var schemas = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("functions", "IntegrationHub.Functions", "Docs", "response-schemas.json")))!;

        // Act
        var served = schemas["Incident"]!["properties"]!["rule"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

        // Assert
        Assert.Equal(IncidentRules.All, served);
    }

    [Fact]
    public void AccessGuard_SuspendsOnlyWithNamedRules_NoStringLiteralLeft()
    {
        // Arrange
        var source = File.ReadAllText(RepoPaths.Combine("src", "IntegrationHub.Core", "Access", "AccessGuard.cs"));

        // Act: every suspension names its rule through IncidentRules, so the list above is complete.
        var literal = System.Text.RegularExpressions.Regex.IsMatch(source, @"SuspendAsync\(caller, party, """);

        // Assert
        Assert.False(literal);
    }
}
