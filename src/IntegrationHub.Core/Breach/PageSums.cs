namespace IntegrationHub.Core.Breach;

/// <summary>
/// What a set of page records recorded done adds up to: letters delivered and failed, by channel and by language, and
/// when each page completed with how many letters (the rate). Sums of pages with different numbers add up
/// (<see cref="Plus"/>), which is what lets a progress read keep the pages it has summed and read only the rest (ADR 0061).
/// </summary>
public sealed record PageSums
{
    public static readonly PageSums None = new()
    {
        Delivered = 0,
        Failed = 0,
        ByChannel = new Dictionary<string, long>(StringComparer.Ordinal),
        ByLanguage = new Dictionary<string, long>(StringComparer.Ordinal),
        Completions = [],
    };

    public required long Delivered { get; init; }
    public required long Failed { get; init; }
    public required IReadOnlyDictionary<string, long> ByChannel { get; init; }
    public required IReadOnlyDictionary<string, long> ByLanguage { get; init; }

    /// <summary>Each page's completion and its letters (delivered and failed), for the rate over the last minute.</summary>
    public required IReadOnlyList<(DateTimeOffset At, long Letters)> Completions { get; init; }

    /// <summary>The sums of the pages recorded done; the others count nothing yet.</summary>
    public static PageSums Of(IEnumerable<PageRecord> pages)
    {
        var done = pages.Where(p => p.Done).ToList();
        return new PageSums
        {
            Delivered = done.Sum(p => p.Delivered),
            Failed = done.Sum(p => p.Failed),
            ByChannel = Sum(done.SelectMany(p => p.ByChannel)),
            ByLanguage = Sum(done.SelectMany(p => p.ByLanguage)),
            Completions = [.. done.Where(p => p.CompletedAt is not null).Select(p => (p.CompletedAt!.Value, p.Delivered + p.Failed))],
        };
    }

    /// <summary>These pages and <paramref name="other"/>'s together; the caller sees that no page is in both.</summary>
    public PageSums Plus(PageSums other) => new()
    {
        Delivered = Delivered + other.Delivered,
        Failed = Failed + other.Failed,
        ByChannel = Sum(ByChannel.Concat(other.ByChannel).Select(c => new BreachCount(c.Key, c.Value))),
        ByLanguage = Sum(ByLanguage.Concat(other.ByLanguage).Select(c => new BreachCount(c.Key, c.Value))),
        Completions = [.. Completions, .. other.Completions],
    };

    /// <summary>The same sums, keeping only the completions after <paramref name="from"/> (older ones no rate window reaches again).</summary>
    public PageSums Since(DateTimeOffset from) => this with { Completions = [.. Completions.Where(c => c.At > from)] };

    private static Dictionary<string, long> Sum(IEnumerable<BreachCount> counts)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var count in counts)
        {
            sums[count.Key] = sums.GetValueOrDefault(count.Key) + count.Count;
        }
        return sums;
    }
}
