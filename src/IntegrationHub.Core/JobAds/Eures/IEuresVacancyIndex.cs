namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// The vacancy index beside each recruitment system's ads: the ads pullable now, and every listing change ordered by
/// modification time, so neither getAll nor getChanges reads the ads themselves.
/// </summary>
public interface IEuresVacancyIndex
{
    /// <summary>The client's ads that EURES may pull now.</summary>
    Task<IReadOnlyList<EuresVacancy>> ActiveAsync(string client, CancellationToken cancellationToken);

    /// <summary>The client's listing changes at or after <paramref name="since"/>, the latest per ad, oldest first.</summary>
    Task<IReadOnlyList<EuresVacancy>> ChangedSinceAsync(string client, DateTimeOffset since, CancellationToken cancellationToken);
}
