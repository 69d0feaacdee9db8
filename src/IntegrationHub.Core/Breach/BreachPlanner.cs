using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Drives every running campaign's fan-out, from a timer tick: cuts the audience into pages in row-key order and
/// enqueues them on <c>breach-delivery</c> only while fewer than <see cref="BreachDeliveryOptions.MaxBacklog"/> pages are
/// unfinished and
/// the channel rate allows; after a resume, and for pages whose message was lost with a crashed host, enqueues the
/// unfinished pages again; and marks the campaign completed when every page is done. A page is recorded before its
/// message is sent and the cursor saved after, so a crash in between re-plans the same page (the ledger and the
/// idempotency key absorb the repeat) and never skips one.
/// Within a tick the planner keeps the backlog full for up to <see cref="BreachDeliveryOptions.PlanAheadSeconds"/>
/// (ADR 0056): it looks again as soon as pages finish in this process (<see cref="BreachPageFlow"/>), or a second on,
/// and the audience rows after the cursor are read while the pages run; a look uses them only if the stored cursor
/// is still where they start, so they never skip or repeat a page.
/// </summary>
public sealed partial class BreachPlanner(
    IBreachStore campaigns,
    IBreachDeliveryStore store,
    IWorkQueue queue,
    TimeProvider clock,
    IOptions<BreachDeliveryOptions> options,
    ILogger<BreachPlanner> logger,
    BreachPageFlow? flow = null)
{
    /// <summary>A message body of at most this many bytes fits a queue message after base64 (64 KB).</summary>
    public const int MaxMessageBytes = 45_000;

    /// <summary>The loop looks at least this often: pages another instance finishes do not signal this one.</summary>
    private static readonly TimeSpan LookAtLeastEvery = TimeSpan.FromSeconds(1);

    /// <summary>Pages enqueued at once (record, then message): the tick's pages in parallel, the cursor saved after all.</summary>
    private const int EnqueueConcurrency = 8;

    /// <summary>
    /// One tick: plans every running campaign; the pages enqueued, and whether a campaign is still running (its pages
    /// finish, its pace allows more, or it completes on a later tick, so the planner keeps looking every tick).
    /// </summary>
    public async Task<PollRound> PollAsync(CancellationToken cancellationToken)
    {
        var running = (await campaigns.ListAsync(cancellationToken)).Where(c => c is { Status: BreachStatus.Running, Audience: not null }).ToList();
        // Side by side: one campaign's loop does not hold another's pages back.
        var enqueued = await Task.WhenAll(running.Select(c => PlanAheadAsync(c, cancellationToken)));
        return new PollRound(enqueued.Sum(), running.Count > 0);
    }

    /// <summary>
    /// Looks, and while the backlog alone holds the campaign back, waits for pages to finish and looks again, until the
    /// tick's time is up. Pacing, a conflict on the run, a pause or the last page cut end the loop: the next tick goes on.
    /// </summary>
    private async Task<int> PlanAheadAsync(BreachCampaign campaign, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var until = clock.GetUtcNow().AddSeconds(settings.PlanAheadSeconds);
        var wake = Math.Max(1, settings.MaxBacklog / 4);
        var runId = campaign.Audience!.RunId;
        var sent = 0;
        ReadAhead? ahead = null;
        KnownPages? known = null;
        while (true)
        {
            var seen = flow?.Done ?? 0;
            var look = await PlanAsync(campaign, ahead, known, cancellationToken);
            sent += look.Sent;
            var left = until - clock.GetUtcNow();
            if (look.Next is not { } next || flow is null || left <= TimeSpan.Zero)
            {
                if (look.Next?.Unused is { } unused)
                {
                    Drop(unused);
                }
                return sent;
            }
            // The next rows are read while this look's pages run (unless the rows read for this look are still unused).
            ahead = next.Unused ?? new ReadAhead(next.RunId, next.After, ReadAheadAsync(campaign.Id, next, cancellationToken));
            await flow.WaitAsync(seen, wake, left < LookAtLeastEvery ? left : LookAtLeastEvery, clock, cancellationToken);
            if (await campaigns.GetAsync(campaign.Id, cancellationToken) is not { Status: BreachStatus.Running, Audience: not null } current
                || current.Audience.RunId != runId)
            {
                // Paused, cancelled or counted again meanwhile: the next tick sees it as it is; the read ahead is dropped.
                Drop(ahead);
                return sent;
            }
            campaign = current;
            // The pages the last look left unfinished, less those finished here since (ADR 0058): never fewer than are
            // really unfinished (pages other instances finish stay in it), so the room it shows is there.
            known = next.Known;
            flow.TakeDone(campaign.Id, known.Unfinished);
        }
    }

    private async Task<Batch> ReadAheadAsync(string campaignId, Continuation next, CancellationToken cancellationToken)
    {
        var missing = next.Want - next.Leftover.Count;
        if (next.End || missing <= 0)
        {
            return new Batch(next.Leftover, next.End);
        }
        var more = await store.NextCitizensAsync(campaignId, next.RunId, next.Leftover.Count > 0 ? next.Leftover[^1].Key : next.After, missing, cancellationToken);
        return new Batch([.. next.Leftover, .. more], more.Count < missing);
    }

    /// <summary>A read ahead no look will use: its failure (storage away, cancelled) is observed, not thrown at the finalizer.</summary>
    private static void Drop(ReadAhead ahead) =>
        _ = ahead.Rows.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// One look at the campaign: completes it, or enqueues stale and resumed pages and cuts new ones while the backlog
    /// and pace allow. <see cref="Look.Next"/> says where the next look would go on when only the backlog held it back.
    /// </summary>
    private async Task<Look> PlanAsync(BreachCampaign campaign, ReadAhead? ahead, KnownPages? known, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var read = TimeSpan.Zero;
        var run = await store.GetRunAsync(campaign.Id, cancellationToken) ?? new BreachRun
        {
            CampaignId = campaign.Id,
            RunId = campaign.Audience!.RunId,
            Cursor = "",
            NextPageNo = 0,
            Planned = false,
            StartedAt = LastAction(campaign, BreachService.Actions.Start) ?? now,
            ActiveSince = LastAction(campaign, BreachService.Actions.Start) ?? now,
            EnqueuedSinceActive = 0,
        };
        var resumedAt = LastAction(campaign, BreachService.Actions.Resume);
        var resumed = resumedAt is { } r && r > run.ActiveSince;
        // The page records (a query: on Azurite a scan of the whole ledger table) are read on a tick's first look, after
        // a resume, and whenever what the loop knows says the backlog is full (ADR 0058). A later look of the loop that
        // knows of room cuts without them: stale pages wait for the next tick's first look (stale only after
        // StalePageSeconds), and so does completion (a loop goes on only while pages are still to be cut).
        IReadOnlyList<PageRecord> pages = [];
        if (known is null || resumed || known.Unfinished.Count >= settings.MaxBacklog)
        {
            // Pages finished here from now on are told apart from those the read shows done: none counts twice.
            flow?.Forget(campaign.Id);
            pages = await store.PagesAsync(campaign.Id, cancellationToken);
            known = null;
        }
        if (known is null && run.Planned && pages.Count >= run.NextPageNo && pages.All(p => p.Done))
        {
            if (ahead is not null)
            {
                Drop(ahead);
            }
            await CompleteAsync(campaign, run, pages, now, cancellationToken);
            return default;
        }

        var sent = 0;
        // After a resume: the pages the workers dropped while paused. Otherwise: pages whose message went with a host.
        if (resumed)
        {
            run = run with { ActiveSince = resumedAt!.Value, EnqueuedSinceActive = 0 };
        }
        var staleBefore = now.AddSeconds(-settings.StalePageSeconds);
        foreach (var page in pages.Where(p => !p.Done && (p.EnqueuedAt < staleBefore || (resumed && p.EnqueuedAt < resumedAt))))
        {
            // Sent again: the earlier message may have written ledger rows, which the handler then reads (ADR 0058).
            await EnqueueAsync(campaign, run.RunId, page with { EnqueuedAt = now, Resent = true },
                await store.PageAudienceAsync(campaign.Id, run.RunId, page.After, page.Last, cancellationToken), cancellationToken);
            sent++;
        }

        // The backlog is the pages not yet done, not the queue's approximate count: that also counts the messages a
        // crashed host still holds invisible for minutes, and would stall the campaign until their lease ran out.
        var unfinished = known?.Unfinished ?? [.. pages.Where(p => !p.Done).Select(p => p.PageNo)];
        // Page numbers up to this one have a record (or had one: a gap only makes a page read its ledger needlessly).
        var recordedUpTo = known?.RecordedUpTo ?? (pages.Count == 0 ? -1 : pages.Max(p => p.PageNo));
        var backlog = unfinished.Count;
        var rate = BreachPacing.LettersPerMinute(campaign, settings);
        var take = rate is { } limit ? (int)Math.Clamp(limit, 1, settings.PageSize) : settings.PageSize;
        var room = Math.Min(settings.MaxBacklog - backlog, settings.MaxPagesPerTick);
        var paced = false;
        Batch rest = new([], false);
        // A read ahead this look does not need (the backlog is still full) waits for the next, if it still fits the run.
        var unused = ahead is not null && ahead.RunId == run.RunId && ahead.After == run.Cursor ? ahead : null;
        if (!run.Planned && room > 0)
        {
            unused = null;
            // One streamed query for every page this look may cut (a query per page costs a scan of the partition on
            // Azurite), or none when the rows were read ahead from this very cursor.
            var reading = Stopwatch.GetTimestamp();
            var (next, left) = await NextAsync(campaign.Id, run, ahead, room * take, cancellationToken);
            read = Stopwatch.GetElapsedTime(reading);
            rest = left;
            if (left is { End: true, Items.Count: 0 })
            {
                run = run with { Planned = true };
            }
            var cut = new List<(PageRecord Page, PageItem[] Items)>();
            // A page number already recorded was cut by a look that crashed (or raced this one) before it saved the
            // cursor: its message may have run, so the handler reads the page's ledger (ADR 0058).
            foreach (var items in next.Chunk(take))
            {
                if (rate is { } perMinute && run.EnqueuedSinceActive >= perMinute * (now - run.ActiveSince).TotalMinutes + 1)
                {
                    // Over the pace: stop here; the rest is cut again on a later tick.
                    run = run with { Planned = false };
                    paced = true;
                    break;
                }
                cut.Add((new PageRecord
                {
                    PageNo = run.NextPageNo,
                    After = run.Cursor,
                    Last = items[^1].Key,
                    Count = items.Length,
                    Done = false,
                    EnqueuedAt = now,
                    Resent = run.NextPageNo <= recordedUpTo,
                }, items));
                run = run with
                {
                    Cursor = items[^1].Key,
                    NextPageNo = run.NextPageNo + 1,
                    EnqueuedSinceActive = run.EnqueuedSinceActive + items.Length,
                };
            }
            // Each page recorded before its message, all of them before the cursor moves past them: a crash anywhere in
            // here re-plans the same pages from the saved cursor.
            await Parallel.ForEachAsync(cut, new ParallelOptions { MaxDegreeOfParallelism = EnqueueConcurrency, CancellationToken = cancellationToken },
                async (page, ct) => await EnqueueAsync(campaign, run.RunId, page.Page, page.Items, ct));
            sent += cut.Count;
            unfinished.UnionWith(cut.Select(c => c.Page.PageNo));
            recordedUpTo = Math.Max(recordedUpTo, run.NextPageNo - 1);
        }
        var saved = await store.TrySaveRunAsync(run, cancellationToken);
        if (!saved)
        {
            LogRunConflict(logger, campaign.Id);
        }
        // Issue 18: what a look costs and how full it found the backlog, so an idle gap between waves shows in the log.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var look = Stopwatch.GetElapsedTime(started);
            LogPlanned(logger, campaign.Id, sent, backlog, (long)read.TotalMilliseconds, (long)look.TotalMilliseconds);
        }
        var goesOn = saved && !paced && !run.Planned;
        if (ahead is not null && (!goesOn || unused is null))
        {
            // Used up, or of no use now (observing a failure twice is harmless).
            Drop(ahead);
        }
        return new Look(sent, goesOn
            ? new Continuation(run.RunId, run.Cursor, rest.Items, rest.End, Math.Min(settings.MaxBacklog, settings.MaxPagesPerTick) * take, unused, new KnownPages(unfinished, recordedUpTo))
            : null);
    }

    /// <summary>
    /// The next <paramref name="want"/> audience rows after the run's cursor, and what is left of a read ahead beyond
    /// them (End: the audience has no rows after those). A read ahead counts only if it starts at the stored cursor of
    /// the same run: anything else (another instance planned meanwhile, an erasure moved the cursor) is read again.
    /// </summary>
    private async Task<(IReadOnlyList<PageItem> Next, Batch Left)> NextAsync(string campaignId, BreachRun run, ReadAhead? ahead, int want, CancellationToken cancellationToken)
    {
        if (ahead is not null && ahead.RunId == run.RunId && ahead.After == run.Cursor)
        {
            var batch = await ahead.Rows;
            if (batch.Items.Count >= want)
            {
                return ([.. batch.Items.Take(want)], new Batch([.. batch.Items.Skip(want)], batch.End));
            }
            if (batch.End)
            {
                return (batch.Items, new Batch([], true));
            }
            var missing = want - batch.Items.Count;
            var more = await store.NextCitizensAsync(campaignId, run.RunId, batch.Items.Count > 0 ? batch.Items[^1].Key : run.Cursor, missing, cancellationToken);
            return Split([.. batch.Items, .. more], want, more.Count < missing);
        }
        if (ahead is not null)
        {
            Drop(ahead);
            LogReadAheadDropped(logger, campaignId);
        }
        var next = await store.NextCitizensAsync(campaignId, run.RunId, run.Cursor, want, cancellationToken);
        return Split(next, want, next.Count < want);
    }

    /// <summary>
    /// The first <paramref name="want"/> rows, and the rest of the query pages they came in, kept for the next look (ADR
    /// 0058: the store reads whole query pages, and on Azurite each costs a scan of the table).
    /// </summary>
    private static (IReadOnlyList<PageItem> Next, Batch Left) Split(IReadOnlyList<PageItem> rows, int want, bool end) =>
        rows.Count <= want ? (rows, new Batch([], end)) : ([.. rows.Take(want)], new Batch([.. rows.Skip(want)], end));

    /// <summary>What one look did: pages enqueued, and where the next look goes on (null: the loop ends).</summary>
    private readonly record struct Look(int Sent, Continuation? Next);

    /// <summary>
    /// Where the next look goes on: the saved cursor, the rows already read past it, how many to read ahead, and the
    /// read ahead this look left untouched (the backlog was full), still starting at the cursor, and the pages unfinished
    /// after the look as far as it knows (ADR 0058).
    /// </summary>
    private sealed record Continuation(string RunId, string After, IReadOnlyList<PageItem> Leftover, bool End, int Want, ReadAhead? Unused, KnownPages Known);

    /// <summary>
    /// What a loop knows of the campaign's pages between two reads of their records (ADR 0058): the numbers unfinished
    /// (never fewer than really are: pages finished on other instances stay in it) and the highest number recorded.
    /// </summary>
    private sealed record KnownPages(HashSet<int> Unfinished, int RecordedUpTo);

    /// <summary>Audience rows read ahead from cursor <see cref="After"/> of run <see cref="RunId"/>.</summary>
    private sealed record ReadAhead(string RunId, string After, Task<Batch> Rows);

    /// <summary>Audience rows in key order; End: none follow them.</summary>
    private readonly record struct Batch(IReadOnlyList<PageItem> Items, bool End);

    private async Task EnqueueAsync(BreachCampaign campaign, string runId, PageRecord page, IReadOnlyList<PageItem> items, CancellationToken cancellationToken)
    {
        await store.SavePageAsync(campaign.Id, page, cancellationToken);
        var message = new BreachDeliveryPage
        {
            MessageId = HubIds.NewMessageId(),
            CorrelationId = campaign.Id,
            CampaignId = campaign.Id,
            RunId = runId,
            PageNo = page.PageNo,
            After = page.After,
            Last = page.Last,
            Count = page.Count,
            Items = items,
            TraceParent = Telemetry.HubTelemetry.CurrentTraceParent(),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(message, BreachJson.Default.BreachDeliveryPage);
        if (body.Length > MaxMessageBytes)
        {
            // Long citizen ids: the message carries the range only and the worker reads it (a queue message holds 64 KB, base64).
            body = JsonSerializer.SerializeToUtf8Bytes(message with { Items = null }, BreachJson.Default.BreachDeliveryPage);
        }
        await queue.SendAsync(BreachQueues.BreachDelivery, body, cancellationToken);
        flow?.PageEnqueued();
    }

    private async Task CompleteAsync(BreachCampaign campaign, BreachRun run, IReadOnlyList<PageRecord> pages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var completedAt = pages.Count == 0 ? now : pages.Max(p => p.CompletedAt ?? now);
        if (run.CompletedAt is null && !await store.TrySaveRunAsync(run with { CompletedAt = completedAt }, cancellationToken))
        {
            return;
        }
        if (await campaigns.TryUpdateAsync(campaign with
        {
            Status = BreachStatus.Completed,
            Audit = [.. campaign.Audit, new BreachAction(BreachService.Actions.Complete, BreachService.HubActor, completedAt)],
        }, cancellationToken))
        {
            var (delivered, failed) = (pages.Sum(p => p.Delivered), pages.Sum(p => p.Failed));
            LogCompleted(logger, campaign.Id, delivered, failed);
        }
    }

    private static DateTimeOffset? LastAction(BreachCampaign campaign, string action) =>
        campaign.Audit.LastOrDefault(a => a.Action == action)?.At;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Breach campaign {CampaignId}: the run changed meanwhile; the next tick plans again")]
    private static partial void LogRunConflict(ILogger logger, string campaignId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Breach campaign {CampaignId}: the audience read ahead starts elsewhere than the run's cursor; read again")]
    private static partial void LogReadAheadDropped(ILogger logger, string campaignId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Breach campaign {CampaignId}: {Pages} pages enqueued with {Backlog} unfinished; audience read {ReadMs} ms, look {LookMs} ms")]
    private static partial void LogPlanned(ILogger logger, string campaignId, int pages, int backlog, long readMs, long lookMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach campaign {CampaignId} completed: {Delivered} delivered, {Failed} failed")]
    private static partial void LogCompleted(ILogger logger, string campaignId, long delivered, long failed);
}
