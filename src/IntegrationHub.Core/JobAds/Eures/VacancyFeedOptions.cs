namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// Section "Hub:Feeds" key "Vacancies": board id -> its grant to the vacancy exchange
/// (<c>Hub__Feeds__Vacancies__eures__Enabled</c>). Separate from the CV feed's grants ("Hub:Feeds:Boards"): a board
/// that may pull vacancies gets no CV by it, and a CV grant opens no vacancies.
/// </summary>
public sealed class VacancyFeedOptions
{
    public const string Section = "Hub:Feeds";

    public Dictionary<string, VacancyGrant> Vacancies { get; set; } = new(StringComparer.Ordinal);

    public bool Allows(string? board) => board is not null && Vacancies.TryGetValue(board, out var grant) && grant.Enabled;
}
