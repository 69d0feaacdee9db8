using IntegrationHub.Core.Cvs;

namespace IntegrationHub.UnitTests.Cvs;

/// <summary>An in-memory stand-in for the CV store, with the same commit rules (optimistic concurrency, change signals).</summary>
internal sealed class InMemoryCvStore : ICvStore, ICvChangeFeed
{
    private readonly Dictionary<(string, string), StoredCv> _byExternal = [];
    private readonly Dictionary<(string, string), StoredCv> _byId = [];
    private int _etag;

    public Dictionary<string, byte[]> Documents { get; } = [];

    public Dictionary<(string Registry, string CvId), PendingCvChange> Changes { get; } = [];

    public int Commits { get; private set; }

    /// <summary>Makes the next N commits lose to a concurrent writer.</summary>
    public int LoseNextCommits { get; set; }

    /// <summary>Reads by external id, and commits tried (won or lost).</summary>
    public int ExternalIdReads { get; private set; }

    public int CommitAttempts { get; private set; }

    public Task<StoredCv?> FindByExternalIdAsync(string registry, string externalId, CancellationToken cancellationToken)
    {
        ExternalIdReads++;
        return Task.FromResult(_byExternal.GetValueOrDefault((registry, externalId)));
    }

    /// <summary>Holds a CV as committed, without a document or change signal (for tests of what reads the CV).</summary>
    public void Put(StoredCv cv)
    {
        _byId[(cv.Registry, cv.CvId)] = cv;
        _byExternal[(cv.Registry, cv.ExternalId)] = cv;
    }

    /// <summary>Forgets a CV as an erasure does (for tests of what runs beside one).</summary>
    public void Forget(string registry, string cvId)
    {
        if (_byId.Remove((registry, cvId), out var cv))
        {
            _byExternal.Remove((registry, cv.ExternalId));
        }
    }

    public Task<IReadOnlyList<string>> CvIdsOfCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _byId.Values.Where(cv => cv.Registry == registry && cv.CitizenId == citizenId).Select(cv => cv.CvId)]);

    public async Task EraseCvAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        Forget(registry, cvId);
        Changes.Remove((registry, cvId));
        await EraseDocumentsAsync(cvId, olderThanVersion: null, cancellationToken);
    }

    public Task<StoredCv?> GetAsync(string registry, string cvId, CancellationToken cancellationToken) =>
        Task.FromResult(_byId.GetValueOrDefault((registry, cvId)));

    public Task<ReadOnlyMemory<byte>> ReadDocumentAsync(StoredCv cv, CancellationToken cancellationToken) =>
        Task.FromResult<ReadOnlyMemory<byte>>(Documents[cv.DocumentName]);

    public Task<bool> CommitAsync(CvWrite write, StoredCv? previous, CancellationToken cancellationToken)
    {
        CommitAttempts++;
        Documents[write.Cv.DocumentName] = write.Document.ToArray();
        var current = _byExternal.GetValueOrDefault((write.Cv.Registry, write.Cv.ExternalId));
        if (LoseNextCommits > 0 || current?.ETag != previous?.ETag)
        {
            LoseNextCommits = Math.Max(0, LoseNextCommits - 1);
            if (previous is null)
            {
                // As the table store does: a new CV that lost deletes the document it uploaded under its fresh id.
                Documents.Remove(write.Cv.DocumentName);
            }
            return Task.FromResult(false);
        }
        var stored = write.Cv with { ETag = (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture), Facts = write.Facts };
        _byExternal[(stored.Registry, stored.ExternalId)] = stored;
        _byId[(stored.Registry, stored.CvId)] = stored;
        Changes[(stored.Registry, stored.CvId)] = new PendingCvChange(stored.CvId, stored.Version, CvOperations.Upserted, stored.ETag, write.Facts);
        Commits++;
        return Task.FromResult(true);
    }

    public Task<bool> RemoveAsync(StoredCv cv, CancellationToken cancellationToken)
    {
        if (_byId.GetValueOrDefault((cv.Registry, cv.CvId))?.ETag != cv.ETag)
        {
            return Task.FromResult(false);
        }
        _byId.Remove((cv.Registry, cv.CvId));
        _byExternal.Remove((cv.Registry, cv.ExternalId));
        Changes[(cv.Registry, cv.CvId)] = new PendingCvChange(cv.CvId, cv.Version, CvOperations.Deleted, "d" + (++_etag));
        return Task.FromResult(true);
    }

    public Task EraseDocumentsAsync(string cvId, int? olderThanVersion, CancellationToken cancellationToken)
    {
        foreach (var name in Documents.Keys.Where(k => k.StartsWith(cvId + "/", StringComparison.Ordinal)).ToList())
        {
            var version = int.Parse(name.AsSpan(cvId.Length + 2, 6), System.Globalization.CultureInfo.InvariantCulture);
            if (olderThanVersion is null || version < olderThanVersion)
            {
                Documents.Remove(name);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingCvChange>> ReadPendingAsync(string registry, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingCvChange>>(Changes.Where(c => c.Key.Registry == registry).Select(c => c.Value).Take(max).ToList());

    public Task AcknowledgeAsync(string registry, IReadOnlyList<PendingCvChange> changes, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            if (Changes.TryGetValue((registry, change.CvId), out var current) && current.ETag == change.ETag)
            {
                Changes.Remove((registry, change.CvId));
            }
        }
        return Task.CompletedTask;
    }
}

internal sealed class InMemoryFactsStore : ICvFactsStore
{
    public Dictionary<(string Registry, string CvId), CvFacts> Facts { get; } = [];

    public Task UpsertAsync(string registry, IReadOnlyList<CvFacts> facts, CancellationToken cancellationToken)
    {
        foreach (var f in facts)
        {
            Facts[(registry, f.CvId)] = f;
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string registry, IReadOnlyList<string> cvIds, CancellationToken cancellationToken)
    {
        foreach (var cvId in cvIds)
        {
            Facts.Remove((registry, cvId));
        }
        return Task.CompletedTask;
    }

    /// <summary>How many times facts were read (a read the cut of ADR 0044 saves shows here).</summary>
    public int Reads { get; private set; }

    public Task<CvFacts?> GetAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(Facts.GetValueOrDefault((registry, cvId)));
    }
}
