using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Cvs;

/// <summary>
/// The compiled gate must never accept a CV the full JSON Schema evaluation rejects. Every example and thousands of
/// mutations of them (each property removed, each value replaced with values of other types, lengths and formats,
/// unknown properties added, arrays emptied, overfilled and duplicated) are judged by both.
/// </summary>
public sealed class CompiledSchemaDifferentialTests
{
    private static readonly JsonNode?[] Replacements =
    [
        null, 0, -1, 1.5, 2147483648L, true, "", " ", "x", "not-a-date", "2024-02-30", "1987-06-05", "2024-01-01T10:00:00",
        "2024-01-01T10:00:00+01:00", "a@b", "ola@example.no", "ola..n@example.no", "1234", "1234\n", "5132.01", "NO", "no",
        "e\u0301e\u0301", new string('x', 201), new string('x', 4001), "http://data.europa.eu/esco/occupation/abc-123",
        new JsonArray(), new JsonObject(), new JsonArray("B", "B"),
    ];

    public static IEnumerable<object[]> Examples() =>
        Directory.GetFiles(RepoPaths.Combine("contracts", "examples"), "cv*.json").Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Examples))]
    public void Gate_OnEveryMutationOfAnExample_NeverAcceptsWhatTheFullValidatorRejects(string example)
    {
        var validator = CvSchemaValidator.Instance;

        AssertGateSafe(RepoPaths.Combine("contracts", "examples", example), validator.IsValidByGate, validator.IsValidByFullEvaluation);
    }

    [Fact]
    public void Gate_OnEveryMutationOfTheBreachDraftExample_NeverAcceptsWhatTheFullValidatorRejects()
    {
        // The breach draft's consequences and measures are oneOf a text or a text per language (ADR 0034 update).
        var validator = new JsonSchemaValidator(IntegrationHub.Core.Breach.BreachDraftParser.SchemaName, "breach campaign");

        AssertGateSafe(RepoPaths.Combine("contracts", "examples", "breach-campaign.json"), validator.IsValidByGate, validator.IsValidByFullEvaluation);
    }

    /// <summary>Every mutation of the example judged by the gate and the full evaluation: never accepted by the gate alone, rarely refused by it alone.</summary>
    private static void AssertGateSafe(string examplePath, Func<JsonElement, bool> byGate, Func<JsonElement, bool> byFullEvaluation)
    {
        var original = JsonNode.Parse(File.ReadAllText(examplePath))!;
        var judged = 0;
        var unsafeAccepts = new List<string>();
        var stricter = new List<string>();

        foreach (var (description, mutant) in Mutations(original))
        {
            using var document = JsonDocument.Parse(mutant.ToJsonString());
            var gate = byGate(document.RootElement);
            var full = byFullEvaluation(document.RootElement);
            judged++;
            if (gate && !full)
            {
                unsafeAccepts.Add(description);
            }
            else if (!gate && full)
            {
                stricter.Add(description);
            }
        }

        Assert.True(judged > 1000, $"only {judged} mutations were judged");
        Assert.True(unsafeAccepts.Count == 0, "The gate accepted what the schema rejects: " + string.Join("; ", unsafeAccepts.Take(10)));
        // Stricter is safe (the full evaluation has the last word) but costs speed: keep it rare.
        Assert.True(stricter.Count <= judged / 100, $"{stricter.Count} of {judged} valid mutations were rejected by the gate: " + string.Join("; ", stricter.Take(10)));
    }

    [Fact]
    public void Compile_SchemaWithAnUnsupportedKeyword_IsRefused()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string","contentEncoding":"base64"}}}""");

        var error = Assert.Throws<NotSupportedException>(() => CompiledSchema.Compile(schema.RootElement, new Dictionary<string, Func<JsonElement, bool>>()));

        Assert.Contains("contentEncoding", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Description, JsonNode Mutant)> Mutations(JsonNode original)
    {
        yield return ("unchanged", original.DeepClone());
        foreach (var path in Paths(original, ""))
        {
            var parentPath = path[..path.LastIndexOf('/')];
            var key = path[(path.LastIndexOf('/') + 1)..];
            foreach (var replacement in Replacements)
            {
                var mutant = original.DeepClone();
                Set(Find(mutant, parentPath)!, key, replacement?.DeepClone());
                yield return ($"{path} = {replacement?.ToJsonString() ?? "null"}", mutant);
            }
            if (Find(original, parentPath) is JsonObject)
            {
                var removed = original.DeepClone();
                ((JsonObject)Find(removed, parentPath)!).Remove(key);
                yield return ($"{path} removed", removed);
            }
            if (Find(original, path) is JsonObject)
            {
                var extra = original.DeepClone();
                ((JsonObject)Find(extra, path)!)["unexpected"] = 1;
                yield return ($"{path}/unexpected added", extra);
            }
            if (Find(original, path) is JsonArray { Count: > 0 } array)
            {
                var duplicated = original.DeepClone();
                ((JsonArray)Find(duplicated, path)!).Add(array[0]!.DeepClone());
                yield return ($"{path} first item duplicated", duplicated);
                var overfilled = original.DeepClone();
                for (var i = 0; i < 60; i++)
                {
                    ((JsonArray)Find(overfilled, path)!).Add(array[0]!.DeepClone());
                }
                yield return ($"{path} overfilled", overfilled);
            }
        }
    }

    private static IEnumerable<string> Paths(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    yield return $"{path}/{key}";
                    foreach (var p in Paths(value, $"{path}/{key}"))
                    {
                        yield return p;
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return $"{path}/{i}";
                    foreach (var p in Paths(a[i], $"{path}/{i}"))
                    {
                        yield return p;
                    }
                }
                break;
        }
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        var node = root;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonArray a ? a[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : node![segment];
        }
        return node;
    }

    private static void Set(JsonNode parent, string key, JsonNode? value)
    {
        if (parent is JsonArray a)
        {
            a[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[key] = value;
        }
    }
}
