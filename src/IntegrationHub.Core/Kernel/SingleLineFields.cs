using System.Text.Json;
using IntegrationHub.Contracts;

namespace IntegrationHub.Core.Kernel;

/// <summary>
/// The fields a contract declares single-line (those whose schema is the given <c>$defs</c> entry, such as the job
/// ad's <c>#/$defs/line</c>), as JSON pointers with <c>*</c> for any array index: where tab, LF and CR are refused too
/// (<see cref="TextRules"/>). Read from the schema, so a field added to the contract is covered without code.
/// </summary>
public static class SingleLineFields
{
    public static IReadOnlySet<string> FromSchema(string schemaName, string lineRef)
    {
        using var document = JsonDocument.Parse(Schemas.ReadText(schemaName));
        var root = document.RootElement;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        Walk(root, root, "", lineRef, fields, depth: 0);
        return fields;
    }

    private static void Walk(JsonElement root, JsonElement schema, string path, string lineRef, HashSet<string> fields, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > 16)
        {
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target)
        {
            if (target == lineRef)
            {
                fields.Add(path);
                return;
            }
            if (target.StartsWith("#/$defs/", StringComparison.Ordinal)
                && root.GetProperty("$defs").TryGetProperty(target["#/$defs/".Length..], out var definition))
            {
                Walk(root, definition, path, lineRef, fields, depth + 1);
            }
        }
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                Walk(root, property.Value, path + "/" + property.Name, lineRef, fields, depth + 1);
            }
        }
        if (schema.TryGetProperty("items", out var items))
        {
            Walk(root, items, path + "/*", lineRef, fields, depth + 1);
        }
        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                foreach (var option in options.EnumerateArray())
                {
                    Walk(root, option, path, lineRef, fields, depth + 1);
                }
            }
        }
    }
}
