using System.Collections.Concurrent;
using IntegrationHub.Core.Visibility;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Delivers one page: skips it unless the campaign is running (a paused campaign's pages are queued again on resume; a
/// cancelled one's never) and a page recorded done, skips the citizens already in the ledger (read only when an earlier
/// message of the page may have written there, ADR 0058), decides the channel again from the citizens'
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
    ILogger<BreachPageHandler> logger,
    BreachPageFlow? flow = null)
{
    private readonly BreachLetterCache _letters = new();

    public async Task HandleAsync(BreachDeliveryPage page, long dequeueCount, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (await campaigns.GetAsync(page.CampaignId, cancellationToken) is not { Status: BreachStatus.Running } campaign
            || campaign.Audience?.RunId != page.RunId)
        {
            return;
        }
        // The page's own record, a point read (ADR 0058): a page done by an earlier message is skipped whole. Its ledger
        // partition is read (a query, which Azurite answers with a scan of the whole ledger table) only when an earlier
        // message of this page may have written rows: a redelivery, a page the planner sent again, or a record that does
        // not say (none, or stored before the flag). A first message's page has no rows but its own.
        var record = await store.GetPageAsync(page.CampaignId, page.PageNo, cancellationToken);
        if (record is { Done: true })
        {
            return;
        }
        var done = dequeueCount > 1 || record is not { Resent: false }
            ? (await store.LedgerAsync(page.CampaignId, page.PageNo, cancellationToken)).ToDictionary(e => e.Key, StringComparer.Ordinal)
            : [];
        var audience = page.Items ?? await store.PageAudienceAsync(page.CampaignId, page.RunId, page.After, page.Last, cancellationToken);
        var todo = audience.Where(a => a.Key.StartsWith("c|", StringComparison.Ordinal) && !done.ContainsKey(a.Key)).ToList();
        var lastAttempt = dequeueCount >= settings.MaxAttempts;
        var attempts = (int)Math.Min(dequeueCount, int.MaxValue);
        var final = new List<LedgerEntry>(todo.Count);
        var transient = new ConcurrentBag<string>();
        if (todo.Count > 0)
        {
            var letters = await RecheckChannelsAsync(page, todo, cancellationToken);
            // The campaign's letters parsed once per run in this process (ADR 0058); a letter is then its slots filled (ADR 0049).
            var templates = await _letters.GetAsync(campaign, page.RunId, campaigns, cancellationToken);
            var outcomes = new LedgerEntry?[letters.Count];
            // Each letter's outcome for the letters counter, added per page and group (ADR 0053).
            var counted = new string?[letters.Count];
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, letters.Count), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                    async (n, ct) =>
                    {
                        var letter = letters[n];
                        var outcome = await DeliverAsync(campaign, templates, letter, ct);
                        counted[n] = outcome.Kind switch
                        {
                            RegistryDeliveryKind.Delivered or RegistryDeliveryKind.Duplicate => "delivered",
                            RegistryDeliveryKind.Rejected => "failed",
                            _ => lastAttempt ? "failed" : "retry",
                        };
                        var (status, duplicate, reason) = outcome.Kind switch
                        {
                            RegistryDeliveryKind.Delivered => (LedgerStatus.Delivered, false, null),
                            RegistryDeliveryKind.Duplicate => (LedgerStatus.Delivered, true, null),
                            RegistryDeliveryKind.Rejected => (LedgerStatus.Failed, false, outcome.Detail),
                            _ => (LedgerStatus.Failed, false, $"{outcome.Detail} after {attempts} attempts"),
                        };
                        if (outcome.Kind is not (RegistryDeliveryKind.Delivered or RegistryDeliveryKind.Duplicate or RegistryDeliveryKind.Rejected))
                        {
                            transient.Add(outcome.Detail ?? "transient");
                            if (!lastAttempt)
                            {
                                return;
                            }
                        }
                        outcomes[n] = new LedgerEntry
                        {
                            Key = letter.Item.Key,
                            Status = status,
                            Channel = letter.Item.Channel,
                            Language = letter.Item.Language,
                            Attempts = attempts,
                            Duplicate = duplicate,
                            Reason = reason,
                            At = clock.GetUtcNow(),
                        };
                    });
            }
            finally
            {
                CountLetters(letters, counted);
            }
            foreach (var entry in outcomes)
            {
                if (entry is not null)
                {
                    final.Add(entry);
                }
            }
            await store.WriteLedgerAsync(page.CampaignId, page.PageNo, final, cancellationToken);
        }
        if (!transient.IsEmpty && !lastAttempt)
        {
            LogTransient(logger, page.CampaignId, page.PageNo, transient.Count, todo.Count, dequeueCount);
            throw new BreachDeliveryRetryException($"{transient.Count} of {todo.Count} letters of page {page.PageNo} failed transiently ({transient.First()}); the queue retries the page.");
        }

        var entries = done.Values.Concat(final).ToList();
        await store.CompletePageAsync(page.CampaignId, new PageRecord
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
        flow?.PageDone(page.CampaignId, page.PageNo);
    }

    /// <summary>
    /// The channel decided again now: a citizen whose state says protected address, or who has no state any more, gets
    /// only the secure channel, whatever the dry run found. One read per registry of the page (pages are cut in key
    /// order, so nearly always one), never one per letter. A citizen is never moved off <c>secure</c>.
    /// </summary>
    private async Task<List<Letter>> RecheckChannelsAsync(BreachDeliveryPage page, List<PageItem> todo, CancellationToken cancellationToken)
    {
        var result = new List<Letter>(todo.Count);
        var moved = 0;
        // The key's registry and citizen read once per letter, not at every use.
        foreach (var registry in todo.Select(i => new Letter(i, i.Registry, i.CitizenId)).GroupBy(l => l.Registry, StringComparer.Ordinal))
        {
            var open = registry.Where(l => l.Item.Channel != BreachChannels.Secure).Select(l => l.CitizenId).ToList();
            var current = open.Count == 0
                ? new Dictionary<string, VisibilityState>()
                : await states.GetManyAsync(registry.Key, open, cancellationToken);
            foreach (var letter in registry)
            {
                if (letter.Item.Channel != BreachChannels.Secure && current.GetValueOrDefault(letter.CitizenId)?.Facts.ProtectedAddress != false)
                {
                    result.Add(letter with { Item = letter.Item with { Channel = BreachChannels.Secure } });
                    moved++;
                }
                else
                {
                    result.Add(letter);
                }
            }
        }
        if (moved > 0)
        {
            LogMovedToSecure(logger, page.CampaignId, page.PageNo, moved);
        }
        return result;
    }

    private async Task<RegistryDeliveryOutcome> DeliverAsync(BreachCampaign campaign, BreachLetterTemplates templates, Letter member, CancellationToken cancellationToken)
    {
        var endpoint = options.Value.Registries.GetValueOrDefault(member.Registry);
        if (string.IsNullOrWhiteSpace(endpoint?.DpoContact))
        {
            // GDPR art. 34(2) with 33(3)(b): no letter leaves without the DPO's contact, whatever adapter would carry it.
            // Approval refuses such a registry (ADR 0034); this holds if the settings changed since. Retried, then failed.
            return new RegistryDeliveryOutcome(RegistryDeliveryKind.Transient,
                $"registry '{member.Registry}' has no data protection officer contact (Hub:Breach:Registries:{member.Registry}:DpoContact)");
        }
        var item = member.Item;
        var letter = templates.Render(item.Language, item.SeenBy, item.SeenCategories, endpoint.ComplaintUrl, endpoint.DpoContact);
        return await registries.DeliverAsync(member.Registry, RegistryDeliveryRequest.For(campaign, member.CitizenId, item.Channel, item.Language, letter), cancellationToken);
    }

    /// <summary>
    /// Letters by channel and outcome (issue 17): one measurement per group of the page rather than one per letter (ADR
    /// 0053); the counter's sums are the same. Letters a cancelled page never finished are not counted.
    /// </summary>
    private static void CountLetters(List<Letter> letters, string?[] outcomes)
    {
        var groups = new Dictionary<(string Channel, string Outcome), long>();
        for (var n = 0; n < letters.Count; n++)
        {
            if (outcomes[n] is { } outcome)
            {
                var key = (letters[n].Item.Channel, outcome);
                groups[key] = groups.GetValueOrDefault(key) + 1;
            }
        }
        foreach (var ((channel, outcome), count) in groups)
        {
            Telemetry.HubMetrics.BreachLetter(channel, outcome, count);
        }
    }

    /// <summary>A citizen of the page with the registry and citizen id read from its key once.</summary>
    private readonly record struct Letter(PageItem Item, string Registry, string CitizenId);

    private static List<BreachCount> Counts(IEnumerable<string> keys) =>
        [.. keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new BreachCount(g.Key, g.LongCount()))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach campaign {CampaignId} page {PageNo}: {Count} letters moved to the secure channel (protected address or no state since the dry run)")]
    private static partial void LogMovedToSecure(ILogger logger, string campaignId, int pageNo, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Breach campaign {CampaignId} page {PageNo}: {Count} of {Total} letters failed transiently (attempt {DequeueCount})")]
    private static partial void LogTransient(ILogger logger, string campaignId, int pageNo, int count, int total, long dequeueCount);
}
