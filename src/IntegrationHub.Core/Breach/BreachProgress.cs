using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// A campaign's progress, summed from its page records (one per page of 200 citizens, so a 150,000-citizen campaign
/// is 750 small rows, never the ledger). Counts by channel and language are of delivered letters.
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
    public static BreachProgress? From(BreachCampaign campaign, BreachRun? run, IReadOnlyList<PageRecord> pages, double? pace, DateTimeOffset now)
    {
        var started = run?.StartedAt ?? campaign.Audit.LastOrDefault(a => a.Action == BreachService.Actions.Start)?.At;
        if (started is not { } startedAt || campaign.Audience is not { } audience)
        {
            return null;
        }
        var done = pages.Where(p => p.Done).ToList();
        var delivered = done.Sum(p => p.Delivered);
        var failed = done.Sum(p => p.Failed);
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
            var recent = done.Where(p => p.CompletedAt > now - RateWindow).Sum(p => p.Delivered + p.Failed);
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
            ByChannel = Sum(done.SelectMany(p => p.ByChannel)),
            ByLanguage = Sum(done.SelectMany(p => p.ByLanguage)),
            RatePerMinute = Math.Round(rate, 1),
            StartedAt = startedAt,
            EstimatedCompletion = estimate,
            CompletedAt = completedAt,
        };
    }

    private static List<BreachCount> Sum(IEnumerable<BreachCount> counts) =>
        [.. counts.GroupBy(c => c.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new BreachCount(g.Key, g.Sum(c => c.Count)))];
}
