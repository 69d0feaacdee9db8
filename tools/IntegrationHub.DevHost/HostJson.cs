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
    /// <summary>The listener locks' timings (timers run on one instance at a time).</summary>
    public SingletonHostSettings Singleton { get; init; } = SingletonHostSettings.Defaults;

    /// <param name="path">host.json.</param>
    /// <param name="appSetting">App settings that override host.json values (AzureFunctionsJobHost__...), as in the Functions host.</param>
    public static HostJson Load(string path, Func<string, string?>? appSetting = null)
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
        return new HostJson(q, prefix) { Singleton = SingletonHostSettings.Read(document.RootElement, appSetting ?? (_ => null)) };
    }

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static TimeSpan? Span(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? TimeSpan.Parse(v.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
