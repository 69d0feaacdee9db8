using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>contracts/schemas/jobad.schema.json, the example and the C# records agree; bad ads name the field and rule.</summary>
public sealed class JobAdSchemaTests
{
    private static IReadOnlyList<IntegrationHub.Core.Kernel.FieldError> Validate(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return JobAdIntakeHandler.Validator.Validate(document.RootElement);
    }

    [Fact]
    public void Example_Validates_AndReadsIntoTheRecordWithEveryField()
    {
        // Arrange
        var json = JobAdSamples.Json();

        // Act
        var errors = Validate(json);
        var ad = JsonSerializer.Deserialize(json.ToJsonString(), JobAdsJson.Default.JobAdDocument)!;

        // Assert
        Assert.Empty(errors);
        Assert.Equal("ats:jobbnorge:2026-118734", ad.Reference);
        Assert.Equal(["nav", "finn", "eures"], ad.Targets);
        Assert.Equal("942110464", ad.Employer.Orgnr);
        Assert.Equal(new DateOnly(2026, 12, 15), ad.ApplicationDue);
        Assert.Equal("5321", ad.Occupation.Isco08);
        Assert.Single(ad.Contacts);
        Assert.Equal("Trøndelag", ad.Locations[0].County);
    }

    [Fact]
    public void Record_EveryPropertyOfTheSchema_HasAProperty()
    {
        // Arrange
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "jobad.schema.json")));
        var schemaProperties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name);

        // Act
        var recordProperties = typeof(Contracts.JobAds.JobAdDocument).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

        // Assert
        Assert.Equal(schemaProperties.Order(StringComparer.Ordinal), recordProperties.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("title", "/title", "required")]
    [InlineData("employer", "/employer", "required")]
    [InlineData("occupation", "/occupation", "required")]
    [InlineData("targets", "/targets", "required")]
    public void Ad_WithoutARequiredField_NamesItAndTheRule(string property, string field, string rule)
    {
        // Arrange
        var json = JobAdSamples.Json();
        json.Remove(property);

        // Act
        var errors = Validate(json);

        // Assert
        Assert.Contains(errors, e => e.Field == field && e.Rule == rule);
    }

    [Theory]
    [InlineData("/targets/0", "monster", "enum")]
    [InlineData("/published", "yesterday", "format")]
    [InlineData("/applicationUrl", "javascript:alert(1)", "pattern")]
    [InlineData("/employer/orgnr", "12-34", "pattern")]
    [InlineData("/reference", "has space", "pattern")]
    public void Ad_WithABadValue_NamesTheFieldAndRule(string path, string value, string rule)
    {
        // Arrange
        var json = JobAdSamples.Json();
        var segments = path.Trim('/').Split('/');
        JsonNode parent = json;
        foreach (var segment in segments[..^1])
        {
            parent = parent is JsonArray a ? a[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : parent[segment]!;
        }
        if (parent is JsonArray array)
        {
            array[int.Parse(segments[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[segments[^1]] = value;
        }

        // Act
        var errors = Validate(json);

        // Assert
        Assert.Contains(errors, e => e.Field == path && e.Rule == rule);
    }

    [Fact]
    public void Occupation_WithNoCode_IsRejectedAsNeedingOneOfTheThree()
    {
        // Arrange
        var json = JobAdSamples.Json();
        json["occupation"] = new JsonObject { ["label"] = "Helsefagarbeider" };

        // Act
        var errors = Validate(json);

        // Assert
        var error = Assert.Single(errors);
        Assert.Equal(("/occupation", "anyOf"), (error.Field, error.Rule));
        Assert.Contains("esco", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ad_WithAnUnknownProperty_IsRejected()
    {
        // Arrange
        var json = JobAdSamples.Json();
        json["salary"] = 600000;

        // Act
        var errors = Validate(json);

        // Assert
        Assert.Contains(errors, e => e.Field == "/salary");
    }
}
