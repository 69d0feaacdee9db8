using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// One stretch of hub time during which a CV was served to employers (transaction time: what they could actually see).
/// <see cref="To"/> is null while it lasts.
/// </summary>
public sealed record Exposure(string Registry, string CitizenId, string CvId, DateTimeOffset From, DateTimeOffset? To);

/// <summary>A page of exposures and where the next page starts (null at the end).</summary>
public sealed record ExposurePage(IReadOnlyList<Exposure> Items, string? Continuation);

/// <summary>The index of exposures, written with the visibility state (see <see cref="IVisibilityStateStore"/>).</summary>
public interface IExposureIndex
{
    /// <summary>Exposures of <paramref name="registry"/> that overlap [<paramref name="from"/>, <paramref name="to"/>), in order of their start.</summary>
    Task<ExposurePage> OverlappingAsync(string registry, DateTimeOffset from, DateTimeOffset to, string? continuation, int pageSize, CancellationToken cancellationToken);
}

/// <summary>The facts an exposure query can be narrowed by, in their query-string spelling.</summary>
public static class ExposureFacts
{
    public static IReadOnlyDictionary<string, CitizenFact> ByName { get; } = new Dictionary<string, CitizenFact>(StringComparer.Ordinal)
    {
        ["work-oriented-benefit"] = CitizenFact.WorkOrientedBenefit,
        ["reduced-work-capacity-benefit"] = CitizenFact.ReducedWorkCapacityBenefit,
        ["protected-address"] = CitizenFact.ProtectedAddress,
        ["consent-withdrawn"] = CitizenFact.ConsentToEmployers,
    };

    /// <summary>
    /// When <paramref name="fact"/> held in the world (valid time, the events' own times), as half-open intervals, from
    /// the citizen's events in any order. "consent-withdrawn" holds while consent to employers is stated as false.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset? To)> HeldIntervals(IReadOnlyList<CitizenEvent> events, CitizenFact fact)
    {
        var wanted = fact != CitizenFact.ConsentToEmployers;
        var stating = events.Where(e => e.Facts.ContainsKey(fact)).OrderBy(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var intervals = new List<(DateTimeOffset From, DateTimeOffset? To)>();
        DateTimeOffset? since = null;
        foreach (var e in stating)
        {
            var holds = e.Facts[fact].Flag == wanted;
            if (holds && since is null)
            {
                since = e.Time;
            }
            else if (!holds && since is { } start)
            {
                if (e.Time > start)
                {
                    intervals.Add((start, e.Time));
                }
                since = null;
            }
        }
        if (since is { } open)
        {
            intervals.Add((open, null));
        }
        return intervals;
    }
}

/// <summary>A citizen whose CV employers could see within the window (while the fact held, when one was asked for).</summary>
public sealed record ExposureMatch(string Registry, string CitizenId, string CvId, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Windows);

/// <summary>
/// "Which CVs were visible to employers between T1 and T2 while their owner had fact F?": the served history says what
/// employers could see (hub time); the ledger says when F held in the world (valid time, corrected by late events).
/// A CV matches where the two overlap inside the window. This is the query a breach campaign (the NAV case) starts from.
/// </summary>
public sealed class ExposureQuery(IExposureIndex index, ICitizenEventLedger ledger)
{
    public async Task<(IReadOnlyList<ExposureMatch> Matches, string? Continuation)> FindAsync(
        string registry, DateTimeOffset from, DateTimeOffset to, CitizenFact? fact, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var page = await index.OverlappingAsync(registry, from, to, continuation, pageSize, cancellationToken);
        var matches = new List<ExposureMatch>(page.Items.Count);
        foreach (var exposure in page.Items)
        {
            var shown = Clip((exposure.From, exposure.To), from, to);
            if (shown is null)
            {
                continue;
            }
            List<(DateTimeOffset, DateTimeOffset)> windows;
            if (fact is { } f)
            {
                var events = await ledger.ReadAsync(registry, exposure.CitizenId, cancellationToken);
                windows = [.. ExposureFacts.HeldIntervals(events, f)
                    .Select(held => Clip(held, shown.Value.From, shown.Value.To))
                    .OfType<(DateTimeOffset, DateTimeOffset)>()];
            }
            else
            {
                windows = [shown.Value];
            }
            if (windows.Count > 0)
            {
                matches.Add(new ExposureMatch(registry, exposure.CitizenId, exposure.CvId, windows));
            }
        }
        return (matches, page.Continuation);
    }

    private static (DateTimeOffset From, DateTimeOffset To)? Clip((DateTimeOffset From, DateTimeOffset? To) interval, DateTimeOffset from, DateTimeOffset to)
    {
        var start = interval.From > from ? interval.From : from;
        var end = interval.To is { } t && t < to ? t : to;
        return start < end ? (start, end) : null;
    }
}
