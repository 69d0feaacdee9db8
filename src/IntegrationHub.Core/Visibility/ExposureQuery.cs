using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

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
