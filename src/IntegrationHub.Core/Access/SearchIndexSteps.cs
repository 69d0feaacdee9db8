namespace IntegrationHub.Core.Access;

/// <summary>
/// Told of each step of the search index's writes. Does nothing in the hub; tests replace it to hold a write at a step
/// (an interleaving of a narrowing and a widening, step by step, without timing) or to throw there (a crash).
/// </summary>
public class SearchIndexSteps
{
    public virtual Task ReachedAsync(SearchIndexStep step, string cvId, CancellationToken cancellationToken) => Task.CompletedTask;
}
