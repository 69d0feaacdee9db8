using System.Collections.Concurrent;
using IntegrationHub.Core.Visibility;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Delivers one page: skips it unless the campaign is running (a paused campaign's pages are queued again on resume; a
/// cancelled one's never), skips the citizens already in the ledger, decides the channel again from the citizens'
/// visibility states (one batched read per page and registry: a protected address set since the dry run means
/// <c>secure</c> only), renders each remaining citizen's letter (who saw the CV comes with the page, from the dry run;
/// the complaint route and DPO from the registry's settings) and posts it to the owning registry with the idempotency
/// key, then writes the final outcomes to the ledger in 100-row batches.
/// Citizens still failing transiently make the page throw, so the queue retries it; on its last attempt they end
/// failed with the reason and the attempts. When every citizen of the page is final the page is recorded done with
/// its counts (what the progress sums).
/// </summary>
public sealed partial class BreachPageHandler(
    IBreachStore campaigns,
    IBreachDeliveryStore store,
    IRegistryDelivery registries,
    IVisibilityStateStore states,
    TimeProvider clock,
    IOptions<BreachDeliveryOptions> options,
    ILogger<BreachPageHandler> logger)
{
    public async Task HandleAsync(BreachDeliveryPage page, long dequeueCount, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (await campaigns.GetAsync(page.CampaignId, cancellationToken) is not { Status: BreachStatus.Running } campaign
            || campaign.Audience?.RunId != page.RunId)
        {
            return;
        }
        var done = (await store.LedgerAsync(page.CampaignId, page.PageNo, cancellationToken)).ToDictionary(e => e.Key, StringComparer.Ordinal);
        var audience = page.Items ?? await store.PageAudienceAsync(page.CampaignId, page.RunId, page.After, page.Last, cancellationToken);
        var todo = audience.Where(a => a.Key.StartsWith("c|", StringComparison.Ordinal) && !done.ContainsKey(a.Key)).ToList();
        var lastAttempt = dequeueCount >= settings.MaxAttempts;
        var attempts = (int)Math.Min(dequeueCount, int.MaxValue);
        var final = new ConcurrentBag<LedgerEntry>();
        var transient = new ConcurrentBag<string>();
        if (todo.Count > 0)
        {
            todo = await RecheckChannelsAsync(page, todo, cancellationToken);
            var letters = await campaigns.LettersAsync(campaign.Id, cancellationToken);
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    var outcome = await DeliverAsync(campaign, letters, item, ct);
                    // Letters by channel and outcome (issue 17): the campaign's progress as it happens.
                    Telemetry.HubMetrics.BreachLetter(item.Channel, outcome.Kind switch
                    {
                        RegistryDeliveryKind.Delivered or RegistryDeliveryKind.Duplicate => "delivered",
                        RegistryDeliveryKind.Rejected => "failed",
                        _ => lastAttempt ? "failed" : "retry",
                    });
                    var entry = new LedgerEntry
                    {
                        Key = item.Key,
                        Status = LedgerStatus.Delivered,
                        Channel = item.Channel,
                        Language = item.Language,
                        Attempts = attempts,
                        At = clock.GetUtcNow(),
                    };
                    switch (outcome.Kind)
                    {
                        case RegistryDeliveryKind.Delivered:
                            final.Add(entry);
                            break;
                        case RegistryDeliveryKind.Duplicate:
                            final.Add(entry with { Duplicate = true });
                            break;
                        case RegistryDeliveryKind.Rejected:
                            final.Add(entry with { Status = LedgerStatus.Failed, Reason = outcome.Detail });
                            break;
                        default:
                            transient.Add(outcome.Detail ?? "transient");
                            if (lastAttempt)
                            {
                                final.Add(entry with { Status = LedgerStatus.Failed, Reason = $"{outcome.Detail} after {attempts} attempts" });
                            }
                            break;
                    }
                });
            await store.WriteLedgerAsync(page.CampaignId, page.PageNo, [.. final], cancellationToken);
        }
        if (!transient.IsEmpty && !lastAttempt)
        {
            LogTransient(logger, page.CampaignId, page.PageNo, transient.Count, todo.Count, dequeueCount);
            throw new BreachDeliveryRetryException($"{transient.Count} of {todo.Count} letters of page {page.PageNo} failed transiently ({transient.First()}); the queue retries the page.");
        }

        var entries = done.Values.Concat(final).ToList();
        await store.SavePageAsync(page.CampaignId, new PageRecord
        {
            PageNo = page.PageNo,
            After = page.After,
            Last = page.Last,
            Count = page.Count,
            Done = true,
            EnqueuedAt = clock.GetUtcNow(),
            CompletedAt = clock.GetUtcNow(),
            Delivered = entries.Count(e => e.Status == LedgerStatus.Delivered),
            Failed = entries.Count(e => e.Status == LedgerStatus.Failed),
            ByChannel = Counts(entries.Where(e => e.Status == LedgerStatus.Delivered).Select(e => e.Channel)),
            ByLanguage = Counts(entries.Where(e => e.Status == LedgerStatus.Delivered).Select(e => e.Language)),
        }, cancellationToken);
    }

    /// <summary>
    /// The channel decided again now: a citizen whose state says protected address, or who has no state any more, gets
    /// only the secure channel, whatever the dry run found. One read per registry of the page (pages are cut in key
    /// order, so nearly always one), never one per letter. A citizen is never moved off <c>secure</c>.
    /// </summary>
    private async Task<List<PageItem>> RecheckChannelsAsync(BreachDeliveryPage page, List<PageItem> todo, CancellationToken cancellationToken)
    {
        var result = new List<PageItem>(todo.Count);
        var moved = 0;
        foreach (var registry in todo.GroupBy(i => i.Registry, StringComparer.Ordinal))
        {
            var open = registry.Where(i => i.Channel != BreachChannels.Secure).ToList();
            var current = open.Count == 0
                ? new Dictionary<string, VisibilityState>()
                : await states.GetManyAsync(registry.Key, [.. open.Select(i => i.CitizenId)], cancellationToken);
            foreach (var item in registry)
            {
                if (item.Channel != BreachChannels.Secure && current.GetValueOrDefault(item.CitizenId)?.Facts.ProtectedAddress != false)
                {
                    result.Add(item with { Channel = BreachChannels.Secure });
                    moved++;
                }
                else
                {
                    result.Add(item);
                }
            }
        }
        if (moved > 0)
        {
            LogMovedToSecure(logger, page.CampaignId, page.PageNo, moved);
        }
        return result;
    }

    private async Task<RegistryDeliveryOutcome> DeliverAsync(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters, PageItem member, CancellationToken cancellationToken)
    {
        var endpoint = options.Value.Registries.GetValueOrDefault(member.Registry);
        if (string.IsNullOrWhiteSpace(endpoint?.DpoContact))
        {
            // GDPR art. 34(2) with 33(3)(b): no letter leaves without the DPO's contact, whatever adapter would carry it.
            // Approval refuses such a registry (ADR 0034); this holds if the settings changed since. Retried, then failed.
            return new RegistryDeliveryOutcome(RegistryDeliveryKind.Transient,
                $"registry '{member.Registry}' has no data protection officer contact (Hub:Breach:Registries:{member.Registry}:DpoContact)");
        }
        var letter = BreachLetterRenderer.Render(campaign, letters, member.Language,
            new BreachLetterContext(member.SeenBy, member.SeenCategories, endpoint?.ComplaintUrl, endpoint?.DpoContact));
        return await registries.DeliverAsync(member.Registry, new RegistryDeliveryRequest
        {
            CampaignId = campaign.Id,
            CitizenId = member.CitizenId,
            IdempotencyKey = RegistryDeliveryRequest.KeyOf(campaign.Id, member.CitizenId),
            Channel = member.Channel == BreachChannels.Secure ? BreachChannels.Secure : BreachChannels.Default,
            PreferredChannels = member.Channel == BreachChannels.Secure ? [] : campaign.ChannelPolicy.Channels,
            Language = member.Language,
            Subject = letter.Subject,
            Body = letter.Body,
        }, cancellationToken);
    }

    private static List<BreachCount> Counts(IEnumerable<string> keys) =>
        [.. keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new BreachCount(g.Key, g.LongCount()))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach campaign {CampaignId} page {PageNo}: {Count} letters moved to the secure channel (protected address or no state since the dry run)")]
    private static partial void LogMovedToSecure(ILogger logger, string campaignId, int pageNo, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breach campaign {CampaignId} page {PageNo}: {Count} of {Total} letters failed transiently (attempt {DequeueCount})")]
    private static partial void LogTransient(ILogger logger, string campaignId, int pageNo, int count, int total, long dequeueCount);
}
