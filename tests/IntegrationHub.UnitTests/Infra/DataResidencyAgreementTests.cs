using System.Text.Json.Nodes;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// Data stays in the EU/EEA (issue 16): the compiled template refuses, with fail(), any location outside an allow-list
/// of EU/EEA regions (Microsoft's region list, learn.microsoft.com/azure/reliability/regions-list), and every resource
/// name depends on that check, so the deployment cannot start elsewhere.
/// </summary>
public sealed class DataResidencyAgreementTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private JsonObject Variables => template.Root["variables"]!.AsObject();

    [Fact]
    public void AllowedRegions_AreEuOrEeaOnly()
    {
        // Arrange
        var allowed = Variables["euEeaRegions"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        // Act / Assert: the EU/EEA regions, and none of the European regions outside the EEA, nor any other.
        Assert.Superset(new HashSet<string> { "westeurope", "northeurope", "swedencentral", "norwayeast", "germanywestcentral", "francecentral" }, allowed);
        foreach (var outside in new[] { "switzerlandnorth", "switzerlandwest", "uksouth", "ukwest", "eastus", "westus2", "southeastasia", "uaenorth" })
        {
            Assert.DoesNotContain(outside, allowed);
        }
        Assert.All(allowed, r => Assert.Equal(r.ToLowerInvariant(), r));
    }

    [Fact]
    public void Location_OutsideTheList_FailsTheDeployment()
    {
        // Arrange
        var check = Variables["euEeaLocation"]!.GetValue<string>();

        // Act / Assert: the location is checked against the list, case-insensitively, and refused with fail().
        Assert.Contains("contains(variables('euEeaRegions'), toLower(parameters('location')))", check, StringComparison.Ordinal);
        Assert.Contains("fail(", check, StringComparison.Ordinal);
    }

    [Fact]
    public void ResourceNames_DependOnTheCheckedLocation()
    {
        // Arrange: the token every generated name derives from must evaluate the check, so it cannot be skipped.
        var token = Variables["resourceToken"]!.GetValue<string>();

        // Act / Assert
        Assert.Contains("variables('euEeaLocation')", token, StringComparison.Ordinal);
        Assert.DoesNotContain("parameters('location')", token, StringComparison.Ordinal);
    }
}
