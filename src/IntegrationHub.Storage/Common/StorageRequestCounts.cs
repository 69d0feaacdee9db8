namespace IntegrationHub.Storage.Common;

/// <summary>Counts at one moment; the difference of two is what happened between them.</summary>
public sealed record StorageRequestCounts(long Blob, long Queue, long Table, IReadOnlyDictionary<string, long> Calls)
{
    public static StorageRequestCounts None { get; } = new(0, 0, 0, new Dictionary<string, long>());

    public long Total => Blob + Queue + Table;

    public static StorageRequestCounts operator +(StorageRequestCounts a, StorageRequestCounts b) => new(
        a.Blob + b.Blob, a.Queue + b.Queue, a.Table + b.Table,
        a.Calls.Concat(b.Calls).GroupBy(c => c.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(c => c.Value), StringComparer.Ordinal));

    public static StorageRequestCounts operator -(StorageRequestCounts after, StorageRequestCounts before) => new(
        after.Blob - before.Blob, after.Queue - before.Queue, after.Table - before.Table,
        after.Calls.Select(c => (c.Key, Count: c.Value - before.Calls.GetValueOrDefault(c.Key))).Where(c => c.Count != 0)
            .ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal));
}
