using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Kernel;
using Json.Schema;

namespace IntegrationHub.UnitTests.Erasure;

/// <summary>contracts/schemas/cv-erased.schema.json, its example and the event the hub builds agree; the event names no citizen.</summary>
public sealed class CvErasedContractTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(
        File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "cv-erased.schema.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true };

    [Fact]
    public void Example_ValidatesAgainstTheSchema()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "event-cv-erased.json")));

        Assert.True(Schema.Evaluate(example.RootElement, Options).IsValid);
    }

    [Fact]
    public void Create_AnErasedCv_IsACloudEventTheSchemaAccepts_WithoutTheCitizen()
    {
        // Arrange
        var cvId = HubIds.NewRandomId();
        var at = new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);

        // Act
        var e = CvErased.Create("nav", cvId, at);
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = e.Id,
            ["type"] = e.Type,
            ["source"] = e.Source,
            ["subject"] = e.Subject,
            ["time"] = e.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = JsonNode.Parse(e.Data),
        };

        // Assert
        using var document = JsonDocument.Parse(cloudEvent.ToJsonString());
        Assert.True(Schema.Evaluate(document.RootElement, Options).IsValid, cloudEvent.ToJsonString());
        Assert.Equal(cvId, e.SessionKey);
        Assert.DoesNotContain("citizen", e.Data, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TombstoneKey_SameInput_SameKey_OtherKeyOrCitizen_Differs()
    {
        var a = new TombstoneKeys(Microsoft.Extensions.Options.Options.Create(new ErasureOptions { TombstoneKey = Convert.ToBase64String(new byte[32]) }));
        var b = new TombstoneKeys(Microsoft.Extensions.Options.Options.Create(new ErasureOptions { TombstoneKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()) }));

        Assert.Equal(a.For("nav", "cit-1"), a.For("nav", "cit-1"));
        Assert.NotEqual(a.For("nav", "cit-1"), a.For("nav", "cit-2"));
        Assert.NotEqual(a.For("nav", "cit-1"), a.For("jobnet", "cit-1"));
        Assert.NotEqual(a.For("nav", "cit-1"), b.For("nav", "cit-1"));
        Assert.DoesNotContain("cit-1", a.For("nav", "cit-1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Development", true)]
    [InlineData(null, "Production", false)]
    [InlineData("c2hvcnQ=", "Development", false)]
    [InlineData("not base64!", "Production", false)]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "Production", true)]
    public void OptionsValidator_TombstoneKey_RequiredOutsideDevelopmentAnd32Bytes(string? key, string environment, bool valid)
    {
        var validator = new ErasureOptionsValidator(new Env(environment));

        var result = validator.Validate(null, new ErasureOptions { TombstoneKey = key });

        Assert.Equal(valid, result.Succeeded);
    }

    private sealed class Env(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
