namespace IntegrationHub.Core.Cvs;

/// <summary>
/// The CV store: documents plus an index, written so that a crash at any point leaves no CV that looks complete
/// without its document, and every committed change leaves a pending change signal behind it.
/// </summary>
public interface ICvStore
{
    Task<StoredCv?> FindByExternalIdAsync(string registry, string externalId, CancellationToken cancellationToken);

    Task<StoredCv?> GetAsync(string registry, string cvId, CancellationToken cancellationToken);

    /// <summary>
    /// The CV with <see cref="StoredCv.Facts"/> of its last commit, in one read of its row (ADR 0051: a CV change's
    /// decision takes the facts from it instead of reading the facts projection first). A store that keeps the facts on
    /// the entry (as its commit hands them over) needs nothing more.
    /// </summary>
    Task<StoredCv?> GetWithFactsAsync(string registry, string cvId, CancellationToken cancellationToken) => GetAsync(registry, cvId, cancellationToken);

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
