using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Visibility.Events;
using Json.Schema;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>contracts/schemas/citizen-event.schema.json, the examples and the parser agree.</summary>
public sealed class CitizenEventSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(
        File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "citizen-event.schema.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly EvaluationOptions Options = new() { RequireFormatValidation = true };

    [Fact]
    public void Examples_EveryEvent_ValidatesAgainstTheSchema()
    {
        var single = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-event-consent-granted.json")))!;
        var batch = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-events-batch.json")))!.AsArray();
        var danish = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-events-dk.json")))!.AsArray();

        foreach (var node in batch.Concat(danish).Prepend(single))
        {
            using var document = JsonDocument.Parse(node!.ToJsonString());
            Assert.True(Schema.Evaluate(document.RootElement, Options).IsValid, node["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Schema_TypeList_IsExactlyTheTypesTheParserKnows()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "schemas", "citizen-event.schema.json")));

        var listed = schema.RootElement.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(t => t.GetString()!);

        Assert.Equal(CitizenEventTypes.All.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("subject", "a b")]
    [InlineData("time", "2026-11-20T09:15:00")]
    [InlineData("specversion", "0.3")]
    public void Schema_AndParser_RejectTheSameBadEnvelope(string property, string value)
    {
        var node = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "citizen-event-consent-granted.json")))!.AsObject();
        node[property] = value;
        using var document = JsonDocument.Parse(node.ToJsonString());

        Assert.False(Schema.Evaluate(document.RootElement, Options).IsValid);
        Assert.Null(CitizenEventParser.Parse(document.RootElement, "nav").Event);
    }
}
