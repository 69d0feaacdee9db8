using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.Access;

/// <summary>
/// "Who saw my CV" for the owning registry (<c>GET /api/cvs/{cvId}/access-log</c>). One call reads at most
/// <see cref="MaxWindowMonths"/> months (one partition query per month); a longer window is answered in pages, the
/// page's <c>next</c> being the <c>from</c> of the next call. Issue 15: year 1 to 9999 ran 120,000 queries and then
/// overflowed the calendar (500).
/// </summary>
public sealed class CvAccessLogQuery(ICvStore cvs, IAccessLog log)
{
    public const int MaxWindowMonths = 24;

    /// <summary>
    /// The reads of the CV from <paramref name="from"/> to <paramref name="to"/> (from before to, and from not in the
    /// future: the caller checks both), cut at <see cref="MaxWindowMonths"/> months; null when the registry has no such
    /// CV and the log holds nothing of it.
    /// </summary>
    public async Task<CvAccessLogPage?> ReadAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // 'from' is before now, so 24 months on from it stays inside the calendar.
        var windowEnd = Min(to, from.AddMonths(MaxWindowMonths));
        var entries = await log.ForCvAsync(registry, cvId, from, windowEnd, cancellationToken);
        // A deleted CV's log stays readable by its registry: look the CV up only to refuse other registries' ids.
        if (entries.Count == 0 && await cvs.GetAsync(registry, cvId, cancellationToken) is null)
        {
            return null;
        }
        // The window was cut: call again with from=next (and the same 'to') for the rest.
        return new CvAccessLogPage(cvId, from, windowEnd, windowEnd < to ? windowEnd : null, [.. entries.Select(CvAccessLogLine.From)]);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
