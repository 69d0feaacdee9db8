using System.Text.Json.Nodes;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>
/// The Function App is shaped as Flex Consumption accepts it. The lists below are Microsoft's "Flex Consumption plan
/// deprecations" (learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations;
/// also in the plan's own article, "Deprecated properties and settings"): ARM refuses the site properties, and the app
/// settings are replaced by functionAppConfig. The ranges are those of Azure-Samples/azure-functions-flex-consumption-samples
/// (IaC/bicep/main.bicep, main.bicepparam).
/// </summary>
public sealed class FlexConsumptionAgreementTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    /// <summary>Site and siteConfig properties Microsoft lists as not supported on Flex Consumption.</summary>
    public static readonly IReadOnlyList<string> UnsupportedSiteProperties =
    [
        "ftpsState", "use32BitWorkerProcess", "isReserved", "isXenon", "windowsFxVersion", "alwaysOn",
        "preWarmedInstanceCount", "functionAppScaleLimit", "containerSize", "javaVersion", "powerShellVersion",
        "netFrameworkVersion", "linuxFxVersion",
    ];

    /// <summary>App settings Microsoft lists as deprecated on Flex Consumption (their job moved into functionAppConfig).</summary>
    public static readonly IReadOnlyList<string> DeprecatedAppSettings =
    [
        "WEBSITE_NODE_DEFAULT_VERSION", "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION",
        "FUNCTIONS_MAX_HTTP_CONCURRENCY", "FUNCTIONS_WORKER_PROCESS_COUNT", "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTOVERVNET", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD",
    ];

    [Fact]
    public void FlexConsumption_SiteAndPlan_SetNoPropertyMicrosoftListsAsUnsupported()
    {
        // Arrange
        var module = template.ModuleTemplate("functionapp");
        var site = template.OnlyResource(module, "Microsoft.Web/sites");
        var plan = template.OnlyResource(module, "Microsoft.Web/serverfarms");

        // Act
        var found = UnsupportedOn(site).Concat(UnsupportedOn(plan)).ToList();

        // Assert
        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.True(found.Count == 0, $"Flex Consumption refuses: {string.Join(", ", found)}.");
    }

    [Fact]
    public void FlexConsumption_UnsupportedPropertyScan_FindsAnFtpsStateAddedBack()
    {
        // Arrange: the shape infra/app/functionapp.bicep had before issue 21.
        var mutated = JsonNode.Parse("""{ "properties": { "httpsOnly": true, "siteConfig": { "minTlsVersion": "1.2", "ftpsState": "Disabled" } } }""")!;

        // Act
        var found = UnsupportedOn(mutated).ToList();

        // Assert: the scan can fail.
        Assert.Equal(["properties.siteConfig.ftpsState"], found);
    }

    [Fact]
    public void FlexConsumption_AppSettingsAnywhereInTheTemplate_HoldNoSettingMicrosoftListsAsDeprecated()
    {
        // Arrange
        var settings = template.AppSettings();

        // Act
        var inSettings = DeprecatedAppSettings.Where(settings.ContainsKey).ToList();
        var anywhere = DeprecatedAppSettings.Where(name => template.Text.Contains($"\"{name}\"", StringComparison.OrdinalIgnoreCase)).ToList();

        // Assert
        Assert.Empty(inSettings);
        Assert.Empty(anywhere);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("functionapp")]
    public void FlexConsumption_ScaleParameters_FollowTheDocumentedRanges(string? module)
    {
        // Arrange
        var parameters = (module is null ? template.Root : template.ModuleTemplate(module))["parameters"]!;

        // Act
        var maximum = parameters["maximumInstanceCount"]!;
        var memory = parameters["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<int>()).ToList();

        // Assert: 40-1000 instances; 512, 2048 or 4096 MB.
        Assert.Equal(40, maximum["minValue"]!.GetValue<int>());
        Assert.Equal(1000, maximum["maxValue"]!.GetValue<int>());
        Assert.Equal([512, 2048, 4096], memory);
        Assert.NotNull(parameters["alwaysReadyHttpInstances"]);
    }

    [Fact]
    public void FlexConsumption_AlwaysReady_NamesTheHttpGroupOnlyWhenAsked()
    {
        // Arrange
        var site = template.OnlyResource(template.ModuleTemplate("functionapp"), "Microsoft.Web/sites");

        // Act
        var alwaysReady = site["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.GetValue<string>();

        // Assert: none by default (scale to zero); the "http" group when alwaysReadyHttpInstances > 0.
        Assert.StartsWith("[if(greater(parameters('alwaysReadyHttpInstances'), 0)", alwaysReady, StringComparison.Ordinal);
        Assert.Contains("'name', 'http'", alwaysReady, StringComparison.Ordinal);
        Assert.Equal(0, template.Root["parameters"]!["alwaysReadyHttpInstances"]!["defaultValue"]!.GetValue<int>());
    }

    /// <summary>Paths of every property named in <see cref="UnsupportedSiteProperties"/>, at any depth.</summary>
    private static IEnumerable<string> UnsupportedOn(JsonNode node, string path = "")
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, value) in obj)
            {
                var here = path.Length == 0 ? name : $"{path}.{name}";
                if (UnsupportedSiteProperties.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    yield return here;
                }
                if (value is not null)
                {
                    foreach (var inner in UnsupportedOn(value, here))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.OfType<JsonNode>())
            {
                foreach (var inner in UnsupportedOn(item, path))
                {
                    yield return inner;
                }
            }
        }
    }
}
