using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// The safety net of ADR 0038: the document the hand-written catalog built (openapi-before-0038.json, captured before
/// the move to attributes and typed records) against the one built now, compared by meaning: paths, methods,
/// parameters, request bodies, response codes and their schemas (references resolved, descriptions ignored). Every
/// difference must be listed in <see cref="Allowed"/> with why; a difference not listed fails with the whole list.
/// </summary>
public sealed class OpenApiSnapshotTests
{
    private const string Snapshot = "openapi-before-0038.json";

    /// <summary>Differences from the old document, each where the old one was wrong or said less than the hub answers.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void Document_ComparedWithTheCatalogBuiltOne_DiffersOnlyWhereListed()
    {
        var before = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("tests", "IntegrationHub.IntegrationTests", "Docs", Snapshot)))!.AsObject();
        var now = OpenApiDocument.Build(new HubFunctionCatalog());

        var old = Facts(before);
        var current = Facts(now);
        var differences = old.Except(current).Select(f => "- " + f).Concat(current.Except(old).Select(f => "+ " + f)).Order(StringComparer.Ordinal).ToList();
        var unexplained = differences.Where(d => !Allowed.Keys.Any(a => d.StartsWith(a, StringComparison.Ordinal))).ToList();
        var stale = Allowed.Keys.Where(a => !differences.Any(d => d.StartsWith(a, StringComparison.Ordinal))).ToList();

        Assert.True(unexplained.Count == 0, "Differences from the old document not listed as allowed:\n" + string.Join("\n", unexplained));
        Assert.True(stale.Count == 0, "Allowed differences that no longer occur (remove them):\n" + string.Join("\n", stale));
    }

    /// <summary>The document as a set of lines, one per fact a caller relies on.</summary>
    internal static HashSet<string> Facts(JsonObject document)
    {
        var components = document["components"]!["schemas"]!.AsObject();
        var facts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var at = $"{method.ToUpperInvariant()} {path}";
                facts.Add($"{at} operation {operation["operationId"]} roles [{Join(operation["x-roles"])}]");
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    var name = $"{at} parameter {parameter!["in"]}:{parameter["name"]}";
                    facts.Add($"{name} required={(parameter["required"]?.GetValue<bool>() ?? false).ToString().ToLowerInvariant()}");
                    Shape(name, parameter["schema"]!, components, facts, []);
                }
                if (operation["requestBody"] is JsonObject body)
                {
                    foreach (var (media, content) in body["content"]!.AsObject())
                    {
                        Shape($"{at} request {media}", content!["schema"]!, components, facts, []);
                    }
                }
                foreach (var (status, answer) in operation["responses"]!.AsObject())
                {
                    var name = $"{at} response {status}";
                    facts.Add(name);
                    if (answer!["x-problem-types"] is JsonArray problems)
                    {
                        facts.Add($"{name} problems [{string.Join(",", problems.Select(p => p!.GetValue<string>()).Order(StringComparer.Ordinal))}]");
                        continue;
                    }
                    foreach (var (media, content) in answer["content"]?.AsObject() ?? [])
                    {
                        Shape($"{name} {media}", content!["schema"]!, components, facts, []);
                    }
                }
            }
        }
        foreach (var (type, problem) in document["x-problem-types"]!.AsObject())
        {
            facts.Add($"problem {type} {problem!["status"]}");
        }
        return facts;
    }

    /// <summary>A schema as lines "path: keyword value", references resolved (a cycle stops at the repeated component).</summary>
    private static void Shape(string at, JsonNode schema, JsonObject components, HashSet<string> facts, HashSet<string> seen)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference["#/components/schemas/".Length..];
            if (!seen.Add(name))
            {
                facts.Add($"{at}: cycle {name}");
                return;
            }
            Shape(at, components[name]!, components, facts, seen);
            seen.Remove(name);
            return;
        }
        var s = schema.AsObject();
        var types = s["type"] switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue v => [v.GetValue<string>()],
            _ => [],
        };
        if (s["enum"] is JsonArray values)
        {
            facts.Add($"{at}: enum [{string.Join(",", values.Select(v => v?.ToJsonString() ?? "null").Order(StringComparer.Ordinal))}]");
            types.Remove("string");
        }
        if (types.Count > 0)
        {
            facts.Add($"{at}: type {string.Join("|", types.Order(StringComparer.Ordinal))}");
        }
        foreach (var keyword in new[] { "format", "const", "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum", "additionalProperties" })
        {
            if (s[keyword] is JsonValue value)
            {
                facts.Add($"{at}: {keyword} {value.ToJsonString()}");
            }
        }
        if (s["required"] is JsonArray required)
        {
            facts.Add($"{at}: required [{string.Join(",", required.Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal))}]");
        }
        foreach (var (name, property) in s["properties"]?.AsObject() ?? [])
        {
            Shape($"{at}.{name}", property!, components, facts, seen);
        }
        if (s["items"] is JsonObject items)
        {
            Shape($"{at}[]", items, components, facts, seen);
        }
        if (s["additionalProperties"] is JsonObject values2)
        {
            Shape($"{at}{{}}", values2, components, facts, seen);
        }
        foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
        {
            var i = 0;
            foreach (var option in s[keyword]?.AsArray() ?? [])
            {
                Shape($"{at}<{keyword}{(i++).ToString(CultureInfo.InvariantCulture)}>", option!, components, facts, seen);
            }
        }
    }

    private static string Join(JsonNode? array) =>
        array is JsonArray a ? string.Join(",", a.Select(x => x!.GetValue<string>())) : "";
}
