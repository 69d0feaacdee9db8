namespace IntegrationHub.Core.Cvs;

/// <summary>A CV as the hub holds it: the index entry that points at the stored document.</summary>
public sealed record StoredCv
{
    public required string Registry { get; init; }
    public required string CvId { get; init; }
    public required string ExternalId { get; init; }
    public required string CitizenId { get; init; }
    public required int Version { get; init; }
    public required string ContentHash { get; init; }
    public required string DocumentName { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Where national ID numbers were found (field paths and kinds, never the numbers).</summary>
    public required IReadOnlyList<NationalIdFinding> NationalIdFindings { get; init; }

    /// <summary>The store's concurrency token for this entry.</summary>
    public string? ETag { get; init; }
}

/// <summary>What one accepted submission writes: the document, its index entry and its facts (carried on the change signal).</summary>
public sealed record CvWrite(StoredCv Cv, ReadOnlyMemory<byte> Document, CvFacts Facts);

/// <summary>
/// The CV store: documents plus an index, written so that a crash at any point leaves no CV that looks complete
/// without its document, and every committed change leaves a pending change signal behind it.
/// </summary>
public interface ICvStore
{
    Task<StoredCv?> FindByExternalIdAsync(string registry, string externalId, CancellationToken cancellationToken);

    Task<StoredCv?> GetAsync(string registry, string cvId, CancellationToken cancellationToken);

    Task<ReadOnlyMemory<byte>> ReadDocumentAsync(StoredCv cv, CancellationToken cancellationToken);

    /// <summary>Stores the document, then commits index and change signal atomically. False when <paramref name="previous"/> is no longer current.</summary>
    Task<bool> CommitAsync(CvWrite write, StoredCv? previous, CancellationToken cancellationToken);

    /// <summary>Removes the index entries and leaves a "deleted" change signal, atomically. False when <paramref name="cv"/> is no longer current.</summary>
    Task<bool> RemoveAsync(StoredCv cv, CancellationToken cancellationToken);

    /// <summary>Deletes the CV's documents: all of them, or only those of versions older than <paramref name="olderThanVersion"/>.</summary>
    Task EraseDocumentsAsync(string cvId, int? olderThanVersion, CancellationToken cancellationToken);

    /// <summary>The ids of every CV of the registry's index (and pending change signals) that belong to the citizen.</summary>
    Task<IReadOnlyList<string>> CvIdsOfCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");

    /// <summary>Every stored document version of the CV, oldest first (the citizen's copy).</summary>
    IAsyncEnumerable<(int Version, ReadOnlyMemory<byte> Document)> DocumentsAsync(string cvId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not export.");

    /// <summary>Erasure: removes every index row and change signal of the CV and all its documents; idempotent.</summary>
    Task EraseCvAsync(string registry, string cvId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");
}

/// <summary>A change signal left by a commit, waiting to be sent downstream; an upsert carries the CV's facts at that version.</summary>
/// <param name="TraceParent">W3C trace context of the request that committed the change, if it was traced (issue 17).</param>
public sealed record PendingCvChange(string CvId, int Version, string Operation, string ETag, CvFacts? Facts = null, string? CitizenId = null, string? TraceParent = null);

/// <summary>The change signals each registry's commits leave behind.</summary>
public interface ICvChangeFeed
{
    Task<IReadOnlyList<PendingCvChange>> ReadPendingAsync(string registry, int max, CancellationToken cancellationToken);

    /// <summary>Removes signals that have been sent; a signal rewritten since it was read stays.</summary>
    Task AcknowledgeAsync(string registry, IReadOnlyList<PendingCvChange> changes, CancellationToken cancellationToken);
}

/// <summary>The searchable, non-identifying facts of a CV that later stages (visibility, search) build on.</summary>
public sealed record CvFacts
{
    public required string Registry { get; init; }
    public required string CvId { get; init; }
    public required string CitizenId { get; init; }
    public required int Version { get; init; }
    public required string Publication { get; init; }
    public required IReadOnlyList<string> OccupationCodes { get; init; }
    public required IReadOnlyList<string> Places { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required IReadOnlyList<string> Skills { get; init; }
    public required bool HasEmailOrPhone { get; init; }
    public required bool HasSpecialNeeds { get; init; }
    public DateTimeOffset? LastCitizenActivityAt { get; init; }
}

public interface ICvFactsStore
{
    Task UpsertAsync(string registry, IReadOnlyList<CvFacts> facts, CancellationToken cancellationToken);

    Task DeleteAsync(string registry, IReadOnlyList<string> cvIds, CancellationToken cancellationToken);

    Task<CvFacts?> GetAsync(string registry, string cvId, CancellationToken cancellationToken);
}
