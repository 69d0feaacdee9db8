namespace IntegrationHub.Core.Cvs;

/// <summary>A registry's reads and deletes of its own CVs. Another registry's CV is simply not found.</summary>
public sealed class CvRegistryHandler(ICvStore store, ICvFactsStore facts)
{
    public async Task<RegistryCvView?> GetAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        var cv = await store.GetAsync(registry, cvId, cancellationToken);
        return cv is null ? null : new RegistryCvView(cv, await store.ReadDocumentAsync(cv, cancellationToken));
    }

    /// <summary>Erases the CV's content: index entries, documents and projections. False when there is no such CV.</summary>
    public async Task<bool> DeleteAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var cv = await store.GetAsync(registry, cvId, cancellationToken);
            if (cv is null)
            {
                return false;
            }
            if (await store.RemoveAsync(cv, cancellationToken))
            {
                // The "deleted" change signal makes the downstream handler repeat these if anything below fails.
                await store.EraseDocumentsAsync(cvId, olderThanVersion: null, cancellationToken);
                await facts.DeleteAsync(registry, [cvId], cancellationToken);
                return true;
            }
        }
        throw new InvalidOperationException("The CV kept changing while it was being deleted; retry the request.");
    }
}
