using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>The privacy team's reads of campaigns: the list, one campaign with its delivery progress, and the report.</summary>
public sealed class BreachQueries(IBreachStore store, BreachProgressReader progressReader, IOptions<BreachDeliveryOptions> options, TimeProvider clock)
{
    public async Task<BreachList> ListAsync(CancellationToken cancellationToken) =>
        new([.. (await store.ListAsync(cancellationToken)).Select(BreachSummary.From)]);

    /// <summary>The campaign, with its progress once it has been started; null when there is no such campaign.</summary>
    public async Task<BreachCampaignView?> GetAsync(string breachId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(breachId, cancellationToken) is not { } campaign)
        {
            return null;
        }
        BreachProgress? progress = null;
        if (campaign.Audit.Any(a => a.Action == BreachService.Actions.Start))
        {
            // The page records after those this process has summed already (ADR 0061): the console polls this while a campaign runs.
            progress = await progressReader.ReadAsync(campaign, BreachPacing.LettersPerMinute(campaign, options.Value), clock.GetUtcNow(), cancellationToken);
        }
        return BreachCampaignView.From(campaign, progress);
    }

    /// <summary>The report for the supervisory authority as of now; null when there is no such campaign.</summary>
    public async Task<BreachReport?> ReportAsync(string breachId, CancellationToken cancellationToken) =>
        await store.GetAsync(breachId, cancellationToken) is { } campaign ? BreachReport.From(campaign, clock.GetUtcNow()) : null;
}
