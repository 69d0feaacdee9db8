using System.Diagnostics;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// Entra ID in code (issue 21): infra/entra/setup-entra.sh creates the hub API's app registration with the app roles the
/// code checks (HubRoles) and the console's client, azd runs it around provisioning, and the ids it records reach the
/// template's parameters.
/// </summary>
public sealed class EntraAgreementTests
{
    private static readonly string Script = RepoPaths.Combine("infra", "entra", "setup-entra.sh");

    private static JsonArray AppRoles() =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("infra", "entra", "app-roles.json")))!["appRoles"]!.AsArray();

    [Fact]
    public void AppRoles_Values_AreTheRolesTheCodeChecks()
    {
        // Arrange / Act
        var values = AppRoles().Select(r => r!["value"]!.GetValue<string>()).ToList();

        // Assert
        Assert.Equal(HubRoles.All.Order(StringComparer.Ordinal), values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AppRoles_IdsAndMemberTypes_AreFixedGuidsAndPeopleOnlyWhereAPersonActs()
    {
        // Arrange
        var roles = AppRoles();

        // Act
        var ids = roles.Select(r => Guid.Parse(r!["id"]!.GetValue<string>())).ToList();
        var members = roles.ToDictionary(r => r!["value"]!.GetValue<string>(), r => r!["allowedMemberTypes"]!.AsArray().Select(m => m!.GetValue<string>()).ToHashSet());

        // Assert: fixed ids keep assignments across runs; employers' people read CVs, the privacy team's approve and start.
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(members.Values, m => Assert.Subset(new HashSet<string> { "User", "Application" }, m));
        Assert.Contains("User", members[HubRoles.CvRead]);
        Assert.Contains("User", members[HubRoles.BreachManage]);
        Assert.Equal(["Application"], members[HubRoles.CvSubmit]);
    }

    [Fact]
    public void Azd_Hooks_RunTheScriptBeforeAndAfterProvisioning()
    {
        // Arrange
        var azureYaml = File.ReadAllText(RepoPaths.Combine("azure.yaml"));
        var parameters = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("infra", "main.parameters.json")))!["parameters"]!;
        var script = File.ReadAllText(Script);

        // Act
        var preprovision = azureYaml.IndexOf("preprovision:", StringComparison.Ordinal);
        var postprovision = azureYaml.IndexOf("postprovision:", StringComparison.Ordinal);

        // Assert: the ids the script records are the ones main.parameters.json hands the template.
        Assert.True(preprovision > 0 && postprovision > preprovision, "azure.yaml lacks the preprovision/postprovision hooks.");
        Assert.Contains("run: bash infra/entra/setup-entra.sh\n", azureYaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("run: bash infra/entra/setup-entra.sh --redirect", azureYaml, StringComparison.Ordinal);
        foreach (var (parameter, variable) in new[] { ("azureAdClientId", "HUB_API_CLIENT_ID"), ("azureAdTenantId", "HUB_API_TENANT_ID"), ("consoleClientId", "HUB_CONSOLE_CLIENT_ID") })
        {
            Assert.Equal($"${{{variable}}}", parameters[parameter]!["value"]!.GetValue<string>());
            Assert.Contains($"set_env {variable} ", script, StringComparison.Ordinal);
        }
        Assert.Contains("Prefer=create-if-missing", script, StringComparison.Ordinal);
        Assert.Contains("app-roles.json", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_Syntax_IsValidBash()
    {
        // Arrange
        var start = new ProcessStartInfo("bash", ["-n", Script]) { RedirectStandardError = true, UseShellExecute = false };

        // Act
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();

        // Assert
        Assert.True(process.ExitCode == 0, errors);
    }
}
