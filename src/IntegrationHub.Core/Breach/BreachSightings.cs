using System.Collections.Concurrent;
using IntegrationHub.Core.Access;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// Answers "was my CV seen, and by whom?" for a page of the dry run from the access log's CV side, so the fan-out never
/// queries the log: each CV's reads in the campaign window (one range query per CV and month partition of the log, at
/// most <see cref="Concurrency"/> in flight), kept when the selector concerns them: the access-log selector's party only
/// (that party's reads are the breach), reads inside the CV's exposure windows for the exposure selector, and every read
/// in the window for an uploaded list. Parties only, as the log names them: a person (user object id) never reaches a letter.
/// </summary>
public sealed class BreachSightings(IAccessLog log)
{
    public const int Concurrency = 16;

    /// <param name="cvs">The page's CVs: registry, CV id and, for the exposure selector, the windows it was exposed in.</param>
    public async Task<IReadOnlyDictionary<(string Registry, string CvId), CvSighting>> ForPageAsync(
        BreachCampaign campaign, IReadOnlyCollection<(string Registry, string CvId, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)>? Windows)> cvs,
        CancellationToken cancellationToken)
    {
        var found = new ConcurrentDictionary<(string, string), CvSighting>();
        var distinct = cvs.GroupBy(c => (c.Registry, c.CvId))
            .Select(g => (g.Key, Windows: g.Any(c => c.Windows is null) ? null : g.SelectMany(c => c.Windows!).ToList()))
            .ToList();
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (cv, ct) =>
            {
                // Exposure: only the months the CV was exposed in (the log's CV side is a partition per month).
                var (from, to) = cv.Windows is { Count: > 0 } w ? (w.Min(x => x.From), w.Max(x => x.To)) : (campaign.WindowFrom, campaign.WindowTo);
                var reads = await log.ForCvAsync(cv.Key.Registry, cv.Key.CvId, from, to, ct);
                var concerned = reads.Where(r => Concerns(campaign, r, cv.Windows)).ToList();
                found[cv.Key] = new CvSighting(
                    [.. concerned.Select(r => r.Party).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                    BreachDataCategories.FromFields(concerned.SelectMany(r => r.Fields)));
            });
        return found;
    }

    private static bool Concerns(BreachCampaign campaign, AccessLogEntry read, List<(DateTimeOffset From, DateTimeOffset To)>? windows) =>
        campaign.Selector.Kind switch
        {
            BreachSelectorKinds.AccessLog => read.Party == campaign.Selector.Party,
            _ when windows is not null => windows.Any(w => read.At >= w.From && read.At <= w.To),
            _ => true,
        };
}
