using System.ComponentModel.DataAnnotations;
using System.Reflection;
using IntegrationHub.Core.Access;

namespace IntegrationHub.UnitTests.Access;

public sealed class IncidentRulesTests
{
    [Fact]
    public void ServedIncidentRule_AllowedValues_ListEveryRuleTheGuardSuspendsOn()
    {
        // Arrange: the OpenAPI document's Incident.rule enum is exported from this attribute (ADR 0038).
        var property = typeof(IncidentSummary).GetProperty(nameof(IncidentSummary.Rule))!;

        // Act
        var served = property.GetCustomAttribute<AllowedValuesAttribute>()!.Values.Select(v => (string)v!).ToList();

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
