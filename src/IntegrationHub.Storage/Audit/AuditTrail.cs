using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Storage.Blobs.Specialized;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Audit;

/// <summary>
/// Appends audit records, one JSON line each, to append blobs in the "audit" container: "{kind}/{yyyy}/{MM}/{dd}/{HH}-{n}.jsonl".
/// Append blobs because the container's time-based immutability policy allows only appends to them (allowProtectedAppendWrites):
/// a line, once written, can be neither changed nor deleted for the retention period, by the hub or anyone else. Every
/// instance appends to the hour's blob (an append is atomic); at Azure's 50,000 appends per blob it moves on to the next n.
/// </summary>
public sealed class AuditTrail(HubStorage storage, IOptions<AuditOptions> options, TimeProvider time)
{
    public const string AccessLogKind = "access-log";
    public const string IncidentKind = "incident";
    public const string BreachLedgerKind = "breach-ledger";

    private readonly ConcurrentDictionary<string, int> _sequence = new(StringComparer.Ordinal);

    public bool Enabled => options.Value.Enabled;

    public Task AppendAsync(string kind, IReadOnlyList<Core.Access.AccessLogEntry> entries, CancellationToken cancellationToken) =>
        AppendAsync(kind, entries, AuditJson.Default.AccessLogEntry, null, cancellationToken);

    public Task AppendAsync(string kind, Core.Access.Incident incident, CancellationToken cancellationToken) =>
        AppendAsync(kind, [incident], AuditJson.Default.Incident, null, cancellationToken);

    public Task AppendAsync(string kind, string campaignId, int pageNo, IReadOnlyList<Core.Breach.LedgerEntry> entries, CancellationToken cancellationToken) =>
        AppendAsync(kind, entries, AuditJson.Default.LedgerEntry, LedgerContext(campaignId, pageNo), cancellationToken);

    /// <summary>The lines a page's ledger rows append (UTF-8, one per row): what the breach delivery's audit copy writes.</summary>
    public static byte[] BreachLedgerLines(string campaignId, int pageNo, IReadOnlyList<Core.Breach.LedgerEntry> entries, DateTimeOffset now) =>
        Lines(BreachLedgerKind, entries, AuditJson.Default.LedgerEntry, LedgerContext(campaignId, pageNo), now);

    private static string LedgerContext(string campaignId, int pageNo) =>
        $"\"campaignId\":{JsonSerializer.Serialize(campaignId, AuditJson.Default.String)},\"pageNo\":{pageNo.ToString(CultureInfo.InvariantCulture)},";

    private async Task AppendAsync<T>(string kind, IReadOnlyList<T> records, JsonTypeInfo<T> typeInfo, string? context, CancellationToken cancellationToken)
    {
        if (!Enabled || records.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        var content = Lines(kind, records, typeInfo, context, now);
        var hour = string.Create(CultureInfo.InvariantCulture, $"{kind}/{now:yyyy/MM/dd/HH}");
        var container = storage.Container(StorageNames.AuditContainer);
        for (var attempt = 0; ; attempt++)
        {
            var n = _sequence.GetOrAdd(hour, 0);
            var blob = container.GetAppendBlobClient(string.Create(CultureInfo.InvariantCulture, $"{hour}-{n:D3}.jsonl"));
            try
            {
                using var stream = new MemoryStream(content, writable: false);
                await blob.AppendBlockAsync(stream, cancellationToken: cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.ErrorCode == "BlobNotFound" && attempt < 4)
            {
                // The hour's first line: create the blob (another instance may race us to it; either wins).
                await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException e) when (e.ErrorCode is "BlockCountExceedsLimit" or "MaxBlobSizeConditionNotMet" && attempt < 4)
            {
                _sequence.TryUpdate(hour, n + 1, n);
            }
        }
    }

    /// <summary>
    /// One buffer for the whole batch, each record serialized straight into it as UTF-8: the bytes the string-built
    /// lines had (same options, same encoder), without a string per record (ADR 0049; pinned by BreachLetterPinTests).
    /// </summary>
    private static byte[] Lines<T>(string kind, IReadOnlyList<T> records, JsonTypeInfo<T> typeInfo, string? context, DateTimeOffset now)
    {
        var writtenAt = JsonSerializer.Serialize(now, AuditJson.Default.DateTimeOffset);
        // {"kind":..., "writtenAt":..., [campaignId, pageNo,] "record":{...}}: a reader needs no schema to tell them apart.
        var head = Encoding.UTF8.GetBytes($"{{\"kind\":\"{kind}\",\"writtenAt\":{writtenAt},{context}\"record\":");
        var buffer = new ArrayBufferWriter<byte>((head.Length + 256) * records.Count);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = typeInfo.Options.Encoder });
        foreach (var record in records)
        {
            buffer.Write(head);
            JsonSerializer.Serialize(writer, record, typeInfo);
            writer.Flush();
            writer.Reset(buffer);
            buffer.Write("}\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
