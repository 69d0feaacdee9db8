using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.JobAds.Boards;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.JobAds;

/// <summary>Withdraws every ad past its <c>expires</c> from every board.</summary>
public sealed class JobAdExpiry(IJobAdStore store, JobAdIntakeHandler intake, TimeProvider clock, IOptions<HubOptions> hub)
{
    /// <summary>Ads read per client and tick.</summary>
    private const int Page = 500;

    /// <summary>One tick: the ads withdrawn, and whether a client had a full page (more may have expired).</summary>
    public async Task<PollRound> PollAsync(CancellationToken cancellationToken)
    {
        var withdrawn = 0;
        var workLeft = false;
        foreach (var client in JobAdDeliveryPump.Clients(hub.Value))
        {
            var expired = await store.ExpiredAsync(client, clock.GetUtcNow(), Page, cancellationToken);
            workLeft |= expired.Count == Page;
            foreach (var adId in expired)
            {
                await intake.WithdrawAsync(new WithdrawJobAd { Client = client, AdId = adId, Reason = "expired", CorrelationId = HubIds.NewMessageId() }, cancellationToken);
                withdrawn++;
            }
        }
        return new PollRound(withdrawn, workLeft);
    }
}
