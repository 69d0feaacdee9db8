using System.Diagnostics;
using System.Diagnostics.Metrics;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Retention;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Storage.Retention;

/// <summary>
/// The paced purge (ADR 0023): each pass drops the month tables of the access log and the visibility history whose
/// rows have all outlived their jurisdiction's retention, and deletes expired rows of the other stores from the start of
/// a time-ordered key in 100-row, one-partition transactions, never more than "Hub:Retention:BatchesPerTick" batches
/// (a dropped table counts as one), so a pass stays short and a backlog goes over several passes. It reports what it
/// removed per store in one log line and on the counter "hub.retention.removed" (meter "IntegrationHub.Retention",
/// tags "store" and "unit"), counts only, never a key. Last in a pass, with what is left of the budget, it sweeps CV
/// documents that no row names (<see cref="CvOrphanDocumentSweep"/>, ADR 0002). Breach campaigns' holds come through the kernel's
/// <see cref="ILegalHolds"/> (Breach answers it; ADR 0037), and the breach ledger's expired rows through
/// <see cref="IBreachLedgerRetention"/>, so Retention names no Breach type, in Core or in Storage.
/// </summary>
public sealed partial class RetentionPurge(
    TableAccessLog accessLog,
    TableVisibilityStateStore visibility,
    TableBoardFeedStore feed,
    IBreachLedgerRetention breachLedger,
    IJobAdRetention jobAds,
    ILegalHolds holds,
    HubStorage storage,
    IOptions<RetentionOptions> options,
    IOptions<HubOptions> hub,
    TimeProvider clock,
    ILogger<RetentionPurge> logger) : IRetentionPurge
{
    public const string MeterName = "IntegrationHub.Retention";

    public const string AccessLogStore = "access-log";
    public const string VisibilityHistoryStore = "visibility-history";
    public const string ExposuresStore = "exposures";
    public const string FeedChangesStore = "feed-changes";
    public const string BreachLedgerStore = "breach-ledger";
    public const string JobAdsStore = "job-ads";
    public const string EuresChangesStore = "eures-changes";
    public const string AccessCountersStore = "access-counters";
    public const string LegacyHistoryStore = "visibility-history-before-0023";
    public const string CitizenEventsStore = "citizen-events";
    public const string CitizenStatesStore = "citizen-states";
    public const string OrphanCvDocumentsStore = "cv-documents-orphaned";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Removed = Meter.CreateCounter<long>("hub.retention.removed", description: "Rows or month tables removed by the retention purge, per store.");

    /// <summary>One pass; answers what it removed per store (only stores it removed something from).</summary>
    public async Task<IReadOnlyList<PurgedCount>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var budget = settings.BatchesPerTick;
        var removed = new List<PurgedCount>();

        var periods = await accessLog.Periods.DropExpiredAsync(settings.AccessLogMonthsFor, now, budget, cancellationToken);
        Count(AccessLogStore, "periods", periods);
        budget -= periods;

        periods = await visibility.History.DropExpiredAsync(settings.VisibilityHistoryMonthsFor, now, budget, cancellationToken);
        Count(VisibilityHistoryStore, "periods", periods);
        budget -= periods;

        // The guard's counters (ADR 0029): month tables, and the rows left in the table written before them.
        var counters = new TableAccessCounters(storage);
        periods = await counters.Periods.DropExpiredAsync(_ => settings.AccessCountersMonths, now, budget, cancellationToken);
        Count(AccessCountersStore, "periods", periods);
        budget -= periods;
        if (budget > 0)
        {
            var (rows, batches) = await counters.PurgeLegacyAsync(RetentionPeriods.DayOf(now.AddMonths(-settings.AccessCountersMonths)), budget, cancellationToken);
            Count(AccessCountersStore, "rows", rows);
            budget -= batches;
        }

        long exposures = 0;
        foreach (var (registry, registrySettings) in hub.Value.Registries)
        {
            if (budget <= 0)
            {
                break;
            }
            var cutoff = now.AddMonths(-settings.VisibilityHistoryMonthsFor(registrySettings.Jurisdiction));
            var (rows, batches) = await visibility.PurgeExposuresAsync(registry, cutoff, budget, cancellationToken);
            exposures += rows;
            budget -= batches;
        }
        Count(ExposuresStore, "rows", exposures);

        // History rows written before ADR 0023 still in the state table: moved to their month tables, or deleted if expired.
        var (legacyMoved, legacyDeleted) = (0L, 0L);
        foreach (var (registry, registrySettings) in hub.Value.Registries)
        {
            if (budget <= 0)
            {
                break;
            }
            var (moved, deleted, batches) = await visibility.MoveLegacyHistoryAsync(registry, settings.VisibilityHistoryMonthsFor(registrySettings.Jurisdiction), now, budget, cancellationToken);
            (legacyMoved, legacyDeleted) = (legacyMoved + moved, legacyDeleted + deleted);
            budget -= batches;
        }
        Count(LegacyHistoryStore, "rows deleted", legacyDeleted);
        Count(LegacyHistoryStore, "rows moved", legacyMoved);

        var holders = budget > 0 ? (await holds.HoldsAsync(cancellationToken)).Where(h => h.EndedAt is null).ToList() : [];
        var (events, states) = (0L, 0L);
        foreach (var (registry, registrySettings) in hub.Value.Registries)
        {
            if (budget <= 0)
            {
                break;
            }
            var (rows, forgotten, batches) = await PurgeLedgersAsync(registry, now, settings.VisibilityHistoryMonthsFor(registrySettings.Jurisdiction), holders, budget, cancellationToken);
            events += rows;
            states += forgotten;
            budget -= batches;
        }
        Count(CitizenEventsStore, "rows", events);
        Count(CitizenStatesStore, "rows", states);

        if (budget > 0)
        {
            var (rows, batches) = await feed.PurgeChangesAsync(now.AddDays(-settings.FeedChangesDays), budget, cancellationToken);
            Count(FeedChangesStore, "rows", rows);
            budget -= batches;
        }

        // Job ads closed longer ago than the window, with their rows, and EURES' change rows older than it (ADR 0050).
        var (ads, adRows, euresRows) = (0L, 0L, 0L);
        foreach (var client in JobAdDeliveryPump.Clients(hub.Value))
        {
            if (budget <= 0)
            {
                break;
            }
            var purged = await jobAds.PurgeClosedAsync(client, now.AddDays(-settings.JobAdDaysAfterClosing), budget, cancellationToken);
            (ads, adRows, euresRows) = (ads + purged.Ads, adRows + purged.AdRows, euresRows + purged.EuresChangeRows);
            budget -= purged.Batches;
        }
        Count(JobAdsStore, "ads", ads);
        Count(JobAdsStore, "rows", adRows);
        Count(EuresChangesStore, "rows", euresRows);

        long ledger = 0;
        if (budget > 0)
        {
            // A campaign's ledger goes a set period after its hold ended (its report to the authority was filed).
            foreach (var hold in await holds.HoldsAsync(cancellationToken))
            {
                if (budget <= 0)
                {
                    break;
                }
                if (hold.EndedAt is not { } reported || reported.AddDays(settings.BreachLedgerDaysAfterReport) > now
                    || await breachLedger.IsPurgedAsync(hold.CampaignId, cancellationToken))
                {
                    continue;
                }
                var (rows, batches, _) = await breachLedger.PurgeCitizenRowsAsync(hold.CampaignId, budget, cancellationToken);
                ledger += rows;
                budget -= batches;
            }
        }
        Count(BreachLedgerStore, "rows", ledger);

        // CV documents no row names (a process that died between a new CV's upload and its transaction; ADR 0002): a
        // cycle over the container at most once per interval, a page per batch, resumed from its cursor.
        if (budget > 0)
        {
            var swept = await new CvOrphanDocumentSweep(storage).SweepAsync(
                [.. hub.Value.Registries.Keys], now, TimeSpan.FromMinutes(settings.OrphanDocumentGraceMinutes), TimeSpan.FromHours(settings.OrphanDocumentSweepHours),
                settings.OrphanDocumentPageSize, budget, cancellationToken);
            Count(OrphanCvDocumentsStore, "documents", swept.Documents);
            if (swept.Stopped)
            {
                LogOrphanSweepStopped(logger, CvOrphanDocumentSweep.OrphanFloor, CvOrphanDocumentSweep.MaxOrphanShare);
            }
            budget -= swept.Batches;
        }

        if (removed.Count > 0 && logger.IsEnabled(LogLevel.Information))
        {
            var summary = string.Join("; ", removed.Select(r => $"{r.Store}: {r.Count} {r.Unit}"));
            LogPurged(logger, summary, started.ElapsedMilliseconds);
        }
        return removed;

        void Count(string store, string unit, long count)
        {
            if (count <= 0)
            {
                return;
            }
            removed.Add(new PurgedCount(store, unit, count));
            Removed.Add(count, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("unit", unit));
        }
    }

    /// <summary>
    /// The event ledgers (and the states) of the registry's citizens whose CV went more than the history's period ago
    /// (ADR 0029), from the time-ordered "~gone|" rows of the visibility table: a citizen with a CV again is left alone;
    /// one in the audience or list of a breach campaign whose report is not filed keeps everything until a day later,
    /// when it is asked again. Each citizen costs at least one batch of the budget.
    /// </summary>
    private async Task<(long Events, long States, int Batches)> PurgeLedgersAsync(
        string registry, DateTimeOffset now, int months, IReadOnlyList<LegalHold> holders, int budget, CancellationToken cancellationToken)
    {
        var cutoff = now.AddMonths(-months);
        var ledger = new TableCitizenEventLedger(storage);
        var (events, states, batches) = (0L, 0L, 0);
        foreach (var gone in await visibility.CvsGoneBeforeAsync(registry, cutoff, BatchDelete.MaxBatch, cancellationToken))
        {
            if (batches >= budget)
            {
                break;
            }
            batches++;
            var state = await visibility.GetAsync(registry, gone.CitizenId, cancellationToken);
            if (state?.Cv is not null)
            {
                // A new CV since: its own end will be marked when it goes.
                await visibility.ForgetCvGoneAsync(gone, cancellationToken);
                continue;
            }
            if (await HeldAsync(holders, registry, gone.CitizenId, cancellationToken))
            {
                await visibility.PostponeCvGoneAsync(gone, cutoff.AddDays(1), cancellationToken);
                continue;
            }
            if (state is not null)
            {
                if (!await visibility.TryForgetStateAsync(state, cancellationToken))
                {
                    // An event came in meanwhile: next tick decides again.
                    continue;
                }
                states++;
            }
            var (rows, used, done) = await ledger.PurgeCitizenAsync(registry, gone.CitizenId, Math.Max(1, budget - batches), cancellationToken);
            events += rows;
            batches += Math.Max(0, used - 1);
            if (done)
            {
                await visibility.ForgetCvGoneAsync(gone, cancellationToken);
            }
        }
        return (events, states, batches);
    }

    private async Task<bool> HeldAsync(IReadOnlyList<LegalHold> holders, string registry, string citizenId, CancellationToken cancellationToken)
    {
        foreach (var hold in holders)
        {
            if (await holds.NamesCitizenAsync(hold, registry, citizenId, cancellationToken))
            {
                return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CV document sweep stopped: more than {Floor} CV ids of a page, and more than {Share:P0} of those checked, have documents and no row in any configured registry. A registry with CVs may be missing from Hub:Registries; nothing of the page was deleted, and the sweep stays there.")]
    private static partial void LogOrphanSweepStopped(ILogger logger, int floor, double share);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purge removed {Removed} in {Milliseconds} ms.")]
    private static partial void LogPurged(ILogger logger, string removed, long milliseconds);
}
