using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>The privacy team's reads of campaigns: the list, one campaign with its delivery progress, and the report.</summary>
public sealed class BreachQueries(IBreachStore store, IBreachDeliveryStore delivery, IOptions<BreachDeliveryOptions> options, TimeProvider clock)
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
            var run = await delivery.GetRunAsync(campaign.Id, cancellationToken);
            var pages = await delivery.PagesAsync(campaign.Id, cancellationToken);
            progress = BreachProgress.From(campaign, run, pages, BreachPacing.LettersPerMinute(campaign, options.Value), clock.GetUtcNow());
        }
        return BreachCampaignView.From(campaign, progress);
    }

    /// <summary>The report for the supervisory authority as of now; null when there is no such campaign.</summary>
    public async Task<BreachReport?> ReportAsync(string breachId, CancellationToken cancellationToken) =>
        await store.GetAsync(breachId, cancellationToken) is { } campaign ? BreachReport.From(campaign, clock.GetUtcNow()) : null;
}
