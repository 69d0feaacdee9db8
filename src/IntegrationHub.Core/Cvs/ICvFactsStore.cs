namespace IntegrationHub.Core.Cvs;

public interface ICvFactsStore
{
    Task UpsertAsync(string registry, IReadOnlyList<CvFacts> facts, CancellationToken cancellationToken);

    Task DeleteAsync(string registry, IReadOnlyList<string> cvIds, CancellationToken cancellationToken);

    Task<CvFacts?> GetAsync(string registry, string cvId, CancellationToken cancellationToken);
}
