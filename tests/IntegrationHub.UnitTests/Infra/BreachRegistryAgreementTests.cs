using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// The breach registries' settings (Hub__Breach__Registries__&lt;id&gt;__*) come from main.bicep's breachRegistries list, and
/// main.bicep refuses what the hub would refuse at start (BreachDeliveryOptionsValidator, outside Development): a deployment
/// fails with the item and field named instead of an app that does not start.
/// </summary>
public sealed class BreachRegistryAgreementTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    /// <summary>BreachDeliveryOptionsValidator's rules, by the words of its messages (src/IntegrationHub.Boards/Registries).</summary>
    public static TheoryData<string> ValidatorRules =>
    [
        "deliveryUrl must be an https URL outside Development",
        "audience must be the endpoint's app id URI or client id",
        "complaintUrl must be an absolute https URL",
        "complaintUrl is required with a deliveryUrl",
        "dpoContact must be 1-500 characters",
        "dpoContact is required with a deliveryUrl",
        "must be at least 1 letter per minute",
        "is not a registry id",
    ];

    [Theory]
    [MemberData(nameof(ValidatorRules))]
    public void BreachRegistries_EachRuleOfTheHubsValidator_FailsTheDeployment(string rule)
    {
        // Arrange
        var errors = template.Root["variables"]!["breachErrors"]!.GetValue<string>().Replace("\\'", "'", StringComparison.Ordinal)
            .Replace("''", "'", StringComparison.Ordinal);

        // Act
        var passed = template.Module("functionapp")["properties"]!["parameters"]!["breachRegistries"]!.GetValue<string>();

        // Assert: the rule is checked, and any error stops the deployment before the settings are written.
        Assert.Contains(rule, errors, StringComparison.Ordinal);
        Assert.Equal(
            "[if(empty(variables('breachErrors')), createObject('value', parameters('breachRegistries')), createObject('value', fail(join(variables('breachErrors'), '; '))))]",
            passed);
    }

    [Fact]
    public void BreachRegistries_HttpsAndIds_UseTheSameChecksAsTheOtherBindings()
    {
        // Arrange
        var errors = template.Root["variables"]!["breachErrors"]!.GetValue<string>();
        var https = template.Root["functions"]!.AsArray().Select(f => f!["members"]?["isHttpsUrl"]).Single(f => f is not null)!;

        // Act
        var rule = https["output"]!["value"]!.GetValue<string>();

        // Assert: registry ids as in hubRegistries (they are part of the setting name); https, absolute, no blank.
        Assert.Contains("__bicep.isRegistryId(", errors, StringComparison.Ordinal);
        Assert.Contains("indexOf(variables('breachIds')", errors, StringComparison.Ordinal);
        Assert.Contains("startsWith(parameters('url'), 'https://')", rule, StringComparison.Ordinal);
        Assert.Equal("array", template.Root["parameters"]!["breachRegistries"]!["type"]!.GetValue<string>());
        Assert.Empty(template.Root["parameters"]!["breachRegistries"]!["defaultValue"]!.AsArray());
    }

    [Fact]
    public void BreachSettings_EveryFieldTheHubBinds_HasASettingName()
    {
        // Arrange: the options class the section binds to; every property must reach the app as a setting.
        var fields = typeof(RegistryDeliveryEndpoint).GetProperties().Select(p => p.Name).ToList();
        var settings = template.ModuleTemplate("functionapp")["variables"]!["breachSettings"]!.GetValue<string>();

        // Act
        var missing = fields.Where(f => !settings.Contains($"'{f}'", StringComparison.Ordinal)
            && !settings.Contains($"__{f}__", StringComparison.Ordinal)).ToList();

        // Assert
        Assert.Contains("format('Hub__Breach__Registries__{0}__{1}'", settings, StringComparison.Ordinal);
        Assert.Contains("format('Hub__Breach__Registries__{0}__ChannelRates__{1}'", settings, StringComparison.Ordinal);
        Assert.True(missing.Count == 0, $"infra/app/functionapp.bicep (breachSettings) sets no Hub__Breach__Registries__<id>__ for: {string.Join(", ", missing)}.");
    }
}
