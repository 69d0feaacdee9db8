using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// A campaign's progress, summed from its page records (one per page of 200 citizens, so a 150,000-citizen campaign
/// is 750 small rows, never the ledger; <see cref="BreachProgressReader"/> reads only those it has not summed, ADR 0061).
/// Counts by channel and language are of delivered letters.
/// </summary>
public sealed record BreachProgress
{
    /// <summary>Pages completed within this window measure the current rate.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(60);

    public required long Total { get; init; }

    /// <summary>Not yet delivered or failed (waiting, in a page in flight, or being retried).</summary>
    public required long Queued { get; init; }
    public required long Delivered { get; init; }
    public required long Failed { get; init; }
    [Range(0, 100)]
    public required int Percent { get; init; }
    public required IReadOnlyList<BreachCount> ByChannel { get; init; }
    public required IReadOnlyList<BreachCount> ByLanguage { get; init; }

    /// <summary>Letters per minute: over the last minute while running, over the whole run once completed.</summary>
    public required double RatePerMinute { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EstimatedCompletion { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The progress of a started campaign, or null before its start.</summary>
    /// <param name="pace">The channel rate as letters per minute (<see cref="BreachPacing"/>); null: no limit.</param>
    public static BreachProgress? From(BreachCampaign campaign, BreachRun? run, IReadOnlyList<PageRecord> pages, double? pace, DateTimeOffset now) =>
        From(campaign, run, PageSums.Of(pages), pace, now);

    /// <summary>The progress of a started campaign from the sums of its done pages (ADR 0061), or null before its start.</summary>
    /// <param name="pace">The channel rate as letters per minute (<see cref="BreachPacing"/>); null: no limit.</param>
    public static BreachProgress? From(BreachCampaign campaign, BreachRun? run, PageSums done, double? pace, DateTimeOffset now)
    {
        if (StartOf(campaign, run) is not { } startedAt || campaign.Audience is not { } audience)
        {
            return null;
        }
        var delivered = done.Delivered;
        var failed = done.Failed;
        var total = audience.Citizens;
        var processed = delivered + failed;
        var completedAt = run?.CompletedAt;
        double rate;
        if (completedAt is { } end)
        {
            rate = processed / Math.Max((end - startedAt).TotalMinutes, 1.0 / 60);
        }
        else
        {
            var recent = done.Completions.Where(c => c.At > now - RateWindow).Sum(c => c.Letters);
            rate = recent / RateWindow.TotalMinutes;
        }
        DateTimeOffset? estimate = completedAt;
        if (completedAt is null && campaign.Status == BreachStatus.Running)
        {
            var perMinute = rate > 0 ? rate : pace ?? 0;
            estimate = perMinute > 0 ? now.AddMinutes((total - processed) / perMinute) : null;
        }
        return new BreachProgress
        {
            Total = total,
            Queued = Math.Max(0, total - processed),
            Delivered = delivered,
            Failed = failed,
            Percent = total == 0 ? 100 : (int)Math.Min(100, processed * 100 / total),
            ByChannel = Sorted(done.ByChannel),
            ByLanguage = Sorted(done.ByLanguage),
            RatePerMinute = Math.Round(rate, 1),
            StartedAt = startedAt,
            EstimatedCompletion = estimate,
            CompletedAt = completedAt,
        };
    }

    /// <summary>When the campaign started (its run's start, else the start action); null before, when there is no progress.</summary>
    public static DateTimeOffset? StartOf(BreachCampaign campaign, BreachRun? run) =>
        run?.StartedAt ?? campaign.Audit.LastOrDefault(a => a.Action == BreachService.Actions.Start)?.At;

    private static List<BreachCount> Sorted(IReadOnlyDictionary<string, long> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new BreachCount(c.Key, c.Value))];
}
