using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Drives every running campaign's fan-out, once a tick (timer): cuts the audience into pages in row-key order and
/// enqueues them on <c>breach-delivery</c> only while fewer than <see cref="BreachDeliveryOptions.MaxBacklog"/> pages are
/// unfinished and
/// the channel rate allows; after a resume, and for pages whose message was lost with a crashed host, enqueues the
/// unfinished pages again; and marks the campaign completed when every page is done. A page is recorded before its
/// message is sent and the cursor saved after, so a crash in between re-plans the same page (the ledger and the
/// idempotency key absorb the repeat) and never skips one.
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

    /// <summary>
    /// One tick: plans every running campaign; the pages enqueued, and whether a campaign is still running (its pages
    /// finish, its pace allows more, or it completes on a later tick, so the planner keeps looking every tick).
    /// </summary>
    public async Task<PollRound> PollAsync(CancellationToken cancellationToken)
    {
        var enqueued = 0;
        var running = false;
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            if (campaign is { Status: BreachStatus.Running, Audience: not null })
            {
                running = true;
                enqueued += await PlanAsync(campaign, cancellationToken);
            }
        }
        return new PollRound(enqueued, running);
    }

    private async Task<int> PlanAsync(BreachCampaign campaign, CancellationToken cancellationToken)
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
        var pages = await store.PagesAsync(campaign.Id, cancellationToken);
        if (run.Planned && pages.Count >= run.NextPageNo && pages.All(p => p.Done))
        {
            await CompleteAsync(campaign, run, pages, now, cancellationToken);
            return 0;
        }

        var sent = 0;
        // After a resume: the pages the workers dropped while paused. Otherwise: pages whose message went with a host.
        var resumedAt = LastAction(campaign, BreachService.Actions.Resume);
        var resumed = resumedAt is { } r && r > run.ActiveSince;
        if (resumed)
        {
            run = run with { ActiveSince = resumedAt!.Value, EnqueuedSinceActive = 0 };
        }
        var staleBefore = now.AddSeconds(-settings.StalePageSeconds);
        foreach (var page in pages.Where(p => !p.Done && (p.EnqueuedAt < staleBefore || (resumed && p.EnqueuedAt < resumedAt))))
        {
            await EnqueueAsync(campaign, run.RunId, page with { EnqueuedAt = now },
                await store.PageAudienceAsync(campaign.Id, run.RunId, page.After, page.Last, cancellationToken), cancellationToken);
            sent++;
        }

        // The backlog is the pages not yet done, not the queue's approximate count: that also counts the messages a
        // crashed host still holds invisible for minutes, and would stall the campaign until their lease ran out.
        var backlog = pages.Count(p => !p.Done);
        var rate = BreachPacing.LettersPerMinute(campaign, settings);
        var take = rate is { } limit ? (int)Math.Clamp(limit, 1, settings.PageSize) : settings.PageSize;
        var room = Math.Min(settings.MaxBacklog - backlog, settings.MaxPagesPerTick);
        if (!run.Planned && room > 0)
        {
            // One streamed query for every page this tick may cut (a query per page costs a scan of the partition on Azurite).
            var reading = Stopwatch.GetTimestamp();
            var next = await store.NextCitizensAsync(campaign.Id, run.RunId, run.Cursor, room * take, cancellationToken);
            read = Stopwatch.GetElapsedTime(reading);
            if (next.Count < room * take)
            {
                run = run with { Planned = true };
            }
            foreach (var items in next.Chunk(take))
            {
                if (rate is { } perMinute && run.EnqueuedSinceActive >= perMinute * (now - run.ActiveSince).TotalMinutes + 1)
                {
                    // Over the pace: stop here; the rest is cut again on a later tick.
                    run = run with { Planned = false };
                    break;
                }
                await EnqueueAsync(campaign, run.RunId, new PageRecord
                {
                    PageNo = run.NextPageNo,
                    After = run.Cursor,
                    Last = items[^1].Key,
                    Count = items.Length,
                    Done = false,
                    EnqueuedAt = now,
                }, items, cancellationToken);
                run = run with
                {
                    Cursor = items[^1].Key,
                    NextPageNo = run.NextPageNo + 1,
                    EnqueuedSinceActive = run.EnqueuedSinceActive + items.Length,
                };
                sent++;
            }
        }
        if (!await store.TrySaveRunAsync(run, cancellationToken))
        {
            LogRunConflict(logger, campaign.Id);
        }
        // Issue 18: what a look costs and how full it found the backlog, so an idle gap between waves shows in the log.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var look = Stopwatch.GetElapsedTime(started);
            LogPlanned(logger, campaign.Id, sent, backlog, (long)read.TotalMilliseconds, (long)look.TotalMilliseconds);
        }
        return sent;
    }

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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Breach campaign {CampaignId}: {Pages} pages enqueued with {Backlog} unfinished; audience read {ReadMs} ms, look {LookMs} ms")]
    private static partial void LogPlanned(ILogger logger, string campaignId, int pages, int backlog, long readMs, long lookMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach campaign {CampaignId} completed: {Delivered} delivered, {Failed} failed")]
    private static partial void LogCompleted(ILogger logger, string campaignId, long delivered, long failed);
}
