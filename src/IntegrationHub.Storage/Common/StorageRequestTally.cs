using System.Collections.Concurrent;

namespace IntegrationHub.Storage.Common;

/// <summary>Requests counted per service and per call ("Table GET Cvs (point)"); read with <see cref="Snapshot"/>.</summary>
public sealed class StorageRequestTally
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _blob;
    private long _queue;
    private long _table;

    internal void Add(StorageService service, string key)
    {
        switch (service)
        {
            case StorageService.Blob:
                Interlocked.Increment(ref _blob);
                break;
            case StorageService.Queue:
                Interlocked.Increment(ref _queue);
                break;
            default:
                Interlocked.Increment(ref _table);
                break;
        }
        _calls.AddOrUpdate(key, 1, static (_, n) => n + 1);
    }

    public StorageRequestCounts Snapshot() => new(Interlocked.Read(ref _blob), Interlocked.Read(ref _queue), Interlocked.Read(ref _table),
        new SortedDictionary<string, long>(_calls, StringComparer.Ordinal));
}
