using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.DevHost;

/// <summary>The queue settings of host.json, read the way the Functions host reads them (same defaults).</summary>
public sealed record QueueHostSettings(int BatchSize, int NewBatchThreshold, TimeSpan MaxPollingInterval, TimeSpan VisibilityTimeout, int MaxDequeueCount)
{
    public static QueueHostSettings Defaults { get; } = new(16, 8, TimeSpan.FromMinutes(1), TimeSpan.Zero, 5);
}

public sealed record HostJson(QueueHostSettings Queues, string RoutePrefix)
{
    public static HostJson Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"host.json not found at '{path}'.", path);
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var extensions = document.RootElement.TryGetProperty("extensions", out var e) ? e : default;
        var q = QueueHostSettings.Defaults;
        if (extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("queues", out var queues))
        {
            q = new QueueHostSettings(
                Int(queues, "batchSize") ?? q.BatchSize,
                Int(queues, "newBatchThreshold") ?? q.NewBatchThreshold,
                Span(queues, "maxPollingInterval") ?? q.MaxPollingInterval,
                Span(queues, "visibilityTimeout") ?? q.VisibilityTimeout,
                Int(queues, "maxDequeueCount") ?? q.MaxDequeueCount);
        }
        var prefix = "api";
        if (extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var p) && p.ValueKind == JsonValueKind.String)
        {
            prefix = p.GetString()!;
        }
        return new HostJson(q, prefix);
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static TimeSpan? Span(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
