using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Bench;

/// <summary>./hub bench steps: a CV store that finds nothing and accepts every commit at once, so the handler's own work is all that is measured.</summary>
internal sealed class NoIoCvStore : ICvStore
{
    public Task<StoredCv?> FindByExternalIdAsync(string registry, string externalId, CancellationToken cancellationToken) => Task.FromResult<StoredCv?>(null);

    public Task<StoredCv?> GetAsync(string registry, string cvId, CancellationToken cancellationToken) => Task.FromResult<StoredCv?>(null);

    public Task<ReadOnlyMemory<byte>> ReadDocumentAsync(StoredCv cv, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> CommitAsync(CvWrite write, StoredCv? previous, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> RemoveAsync(StoredCv cv, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task EraseDocumentsAsync(string cvId, int? olderThanVersion, CancellationToken cancellationToken) => throw new NotSupportedException();
}
