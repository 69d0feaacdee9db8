namespace IntegrationHub.Core.Kernel;

/// <summary>
/// A breach campaign that holds a citizen's rows (its audience, uploaded list, letters), as the citizen's copy states
/// when they expire: the hold lasts until the campaign's report is filed, and the rows go a set period after that.
/// </summary>
/// <param name="CampaignId">The campaign, as the citizen's copy names it.</param>
/// <param name="EndedAt">When the hold ended (the report was filed); null while it lasts.</param>
public sealed record LegalHold(string CampaignId, DateTimeOffset? EndedAt);
