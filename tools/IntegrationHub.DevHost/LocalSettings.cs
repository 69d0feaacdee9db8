using System.Text.Json;

namespace IntegrationHub.DevHost;

/// <summary>Reads local.settings.json "Values" as the Functions host does: "A__B" names the setting "A:B".</summary>
public static class LocalSettings
{
    public static IEnumerable<KeyValuePair<string, string?>> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return [];
        }
        return values.EnumerateObject()
            .Select(p => new KeyValuePair<string, string?>(p.Name.Replace("__", ":", StringComparison.Ordinal), p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()))
            .ToList();
    }
}
