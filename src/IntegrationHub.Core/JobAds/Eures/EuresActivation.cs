using IntegrationHub.Core.Callers;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// Publishes on EURES the ads whose publication time has come. An ad posted with a future <c>published</c> waits as
/// <c>pending</c> with a delivery signal for "eures" (EURES may not pull it before then, as NAV's export lists only
/// active ads); this step, run by a timer, turns it <c>published</c> with its vacancy index rows and clears the signal.
/// </summary>
public sealed class EuresActivation(IJobAdStore store, TimeProvider clock, IOptions<HubOptions> hub)
{
    /// <summary>Signals looked at per system and run: scheduled ads are few; more wait for the next run.</summary>
    public const int MaxPerRun = 1000;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        foreach (var client in JobAdDeliveryPump.Clients(hub.Value))
        {
            var signals = await store.ReadPendingAsync(client, BoardIds.Eures, MaxPerRun, cancellationToken);
            if (signals.Count == 0)
            {
                continue;
            }
            var now = clock.GetUtcNow();
            var ids = signals.Select(s => s.AdId).ToList();
            var states = (await store.DeliveriesAsync(client, BoardIds.Eures, ids, cancellationToken)).ToDictionary(s => s.AdId);
            var ads = (await store.GetManyAsync(client, ids, cancellationToken)).ToDictionary(a => a.AdId);
            var done = new HashSet<string>(StringComparer.Ordinal);
            var changes = new List<DeliveryChange>();
            foreach (var id in ids)
            {
                if (!states.TryGetValue(id, out var state) || !ads.TryGetValue(id, out var ad)
                    || state is not { Status: DeliveryStatus.Pending, Desired: DesiredState.Published, RenderingHash: { } hash })
                {
                    done.Add(id); // gone, withdrawn or already published: the signal has nothing left to do
                    continue;
                }
                if (ad.Ad.Published > now)
                {
                    continue;
                }
                var next = EuresPublication.Publish(state with { UpdatedAt = now, Sequence = state.Sequence + 1 }, state, hash, now);
                changes.Add(new DeliveryChange(next, state, false, JobAdStatusChanged.Between(state, next)));
            }
            var lost = (await store.UpdateDeliveriesAsync(client, changes, cancellationToken)).Select(l => l.Next.AdId).ToHashSet(StringComparer.Ordinal);
            foreach (var change in changes.Where(c => !lost.Contains(c.Next.AdId)))
            {
                done.Add(change.Next.AdId);
                published++;
            }
            await store.AcknowledgeAsync(client, BoardIds.Eures, [.. signals.Where(s => done.Contains(s.AdId))], cancellationToken);
        }
        return published;
    }
}
