using IntegrationHub.Core.Kernel;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Breach's answer to <see cref="ILegalHolds"/> (ADR 0037): a campaign holds what it names until its report to the
/// authority is filed (<see cref="BreachService.Holds"/>; ADR 0022). An access-log campaign holds its party's reads in
/// its window; every campaign holds the audience, uploaded-list and ledger rows of the citizens it names.
/// </summary>
public sealed class BreachLegalHolds(IBreachStore breaches, IBreachDeliveryStore deliveries) : ILegalHolds
{
    public const string HoldPrefix = "breach-campaign:";

    public async Task<IReadOnlyList<HeldReads>> HeldReadsAsync(CancellationToken cancellationToken) =>
        [.. (await breaches.ListAsync(cancellationToken))
            .Where(c => BreachService.Holds(c) && c.Selector is { Kind: BreachSelectorKinds.AccessLog, Party: not null })
            .Select(c => new HeldReads(HoldPrefix + c.Id, c.Selector.Party!, c.WindowFrom, c.WindowTo))];

    public async Task<IReadOnlyList<string>> EraseCitizenExceptHeldAsync(string registry, string citizenId, CancellationToken cancellationToken)
    {
        var held = new List<string>();
        foreach (var campaign in await breaches.ListAsync(cancellationToken))
        {
            if (!await breaches.HoldsCitizenAsync(campaign.Id, registry, citizenId, cancellationToken))
            {
                continue;
            }
            if (BreachService.Holds(campaign))
            {
                held.Add(HoldPrefix + campaign.Id);
                continue;
            }
            await deliveries.EraseCitizenAsync(campaign.Id, registry, citizenId, cancellationToken);
            await breaches.EraseCitizenAsync(campaign.Id, registry, citizenId, cancellationToken);
        }
        return held;
    }

    public async Task<IReadOnlyList<LegalHold>> HoldsAsync(CancellationToken cancellationToken) =>
        [.. (await breaches.ListAsync(cancellationToken)).Select(HoldOf)];

    public Task<bool> NamesCitizenAsync(LegalHold hold, string registry, string citizenId, CancellationToken cancellationToken) =>
        breaches.HoldsCitizenAsync(hold.CampaignId, registry, citizenId, cancellationToken);

    /// <summary>The campaign as a hold over a citizen's rows: lasting until its report is filed, ended at <see cref="ReportedAt"/>.</summary>
    public static LegalHold HoldOf(BreachCampaign campaign) => new(campaign.Id, BreachService.Holds(campaign) ? null : ReportedAt(campaign));

    /// <summary>When a breach campaign's report was filed: the recorded action's time, else (a campaign recorded otherwise) its last action.</summary>
    public static DateTimeOffset ReportedAt(BreachCampaign campaign) =>
        campaign.Audit.LastOrDefault(a => a.Action == BreachService.Actions.ReportFiled)?.At ?? (campaign.Audit.Count > 0 ? campaign.Audit[^1].At : campaign.CreatedAt);
}
