using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Access;

/// <summary>
/// Employer search and view. Every CV served agrees with the decision in force at the moment of the read (a view and an
/// unverified search row are checked against it, a verified search row carries the check: ADR 0045), is counted by the
/// <see cref="AccessGuard"/>, and is written to the access log before it is returned: if the log cannot be written, the
/// call fails and nothing is served.
/// </summary>
public sealed class EmployerCvService(
    ICvSearchIndex index,
    IVisibilityStateStore states,
    ICvStore cvs,
    IAccessLog log,
    AccessGuard guard,
    IOptions<HubOptions> hub,
    TimeProvider clock)
{
    /// <summary>Index rows one search examines at most before it answers with what it has (and a continuation).</summary>
    public const int ScanBudget = 1000;

    private const int MaxChunk = 250;


    public async Task<EmployerRead<CvSearchPage>> SearchAsync(HubCaller caller, CvSearchQuery query, string requestId, CancellationToken cancellationToken) =>
        Counted("search", caller, await SearchCoreAsync(caller, query, requestId, cancellationToken));

    private async Task<EmployerRead<CvSearchPage>> SearchCoreAsync(HubCaller caller, CvSearchQuery query, string requestId, CancellationToken cancellationToken)
    {
        // The guard's reads run while the index and the states are read; they were the page's next round trip.
        var admission = guard.BeginAdmission(caller, cancellationToken);
        var dimension = CvSearchKeys.PrimaryDimension(query);
        var hits = new List<CvSearchHit>(query.PageSize);
        var continuation = query.Continuation;
        var scanned = 0;
        var exhausted = false;
        // Rows read per index call: twice the page, doubled each time the filters leave the page short (a rare
        // criterion on top of the partition read), so a sparse search costs a few calls, not one per 40 rows.
        var chunk = query.PageSize * 2;
        while (hits.Count < query.PageSize && scanned < ScanBudget)
        {
            var rows = await index.ReadAsync(dimension, continuation, Math.Min(ScanBudget - scanned, chunk), cancellationToken);
            chunk = Math.Min(chunk * 2, MaxChunk);
            scanned += rows.Hits.Count;
            // Check the decision in force for only as many matching rows as the page still needs, a batch at a time.
            var position = 0;
            while (position < rows.Hits.Count && hits.Count < query.PageSize)
            {
                var needed = query.PageSize - hits.Count;
                var batch = new List<CvSearchHit>(needed);
                while (position < rows.Hits.Count && batch.Count < needed)
                {
                    if (CvSearchKeys.Matches(rows.Hits[position], query))
                    {
                        batch.Add(rows.Hits[position]);
                    }
                    position++;
                }
                var served = await Task.WhenAll(batch.Select(h => CurrentAsync(h, query, cancellationToken)));
                hits.AddRange(served.OfType<CvSearchHit>());
                continuation = CvSearchKeys.RowKey(rows.Hits[position - 1]);
            }
            var consumedAll = position == rows.Hits.Count;
            if (rows.Continuation is null && consumedAll)
            {
                exhausted = true;
                break;
            }
        }
        var decision = await guard.AdmitAsync(caller, hits.Count, cancellationToken, begun: admission, emptySearchRows: scanned);
        if (decision is not AccessDecision.Allowed)
        {
            return new EmployerRead<CvSearchPage>.Refused(decision);
        }
        var now = clock.GetUtcNow();
        await log.AppendAsync([.. hits.Select(h => Entry(caller, now, h.Registry, h.CvId, AccessKinds.SearchHit, SearchHitScope.Fields(h), requestId))], cancellationToken);
        return new EmployerRead<CvSearchPage>.Served(new CvSearchPage(hits, exhausted ? null : continuation));
    }

    public async Task<EmployerRead<EmployerCv>> ViewAsync(HubCaller caller, string cvId, string requestId, CancellationToken cancellationToken) =>
        Counted("view", caller, await ViewCoreAsync(caller, cvId, requestId, cancellationToken));

    private async Task<EmployerRead<EmployerCv>> ViewCoreAsync(HubCaller caller, string cvId, string requestId, CancellationToken cancellationToken)
    {
        var admission = guard.BeginAdmission(caller, cancellationToken);
        var found = await LocateAsync(cvId, cancellationToken);
        if (found is null)
        {
            // A suspended account gets 403 for every CV id, known or not, so a suspension reveals nothing either.
            if (await admission.Suspension is { } suspended)
            {
                return new EmployerRead<EmployerCv>.Refused(new AccessDecision.Suspended(suspended));
            }
            var decision = await guard.NotFoundAsync(caller, cancellationToken);
            return decision is AccessDecision.Allowed ? new EmployerRead<EmployerCv>.NotFound() : new EmployerRead<EmployerCv>.Refused(decision);
        }
        var (cv, state) = found.Value;
        var admitted = await guard.AdmitAsync(caller, 1, cancellationToken, begun: admission);
        if (admitted is not AccessDecision.Allowed)
        {
            return new EmployerRead<EmployerCv>.Refused(admitted);
        }
        using var document = JsonDocument.Parse(await cvs.ReadDocumentAsync(cv, cancellationToken));
        // Only the sections the citizen's consent to employers covers (all of them when it names none).
        var view = EmployerProjection.Project(cvId, document.RootElement, state.Decision.Presentation, state.EmployerSections);
        await log.AppendAsync([Entry(caller, clock.GetUtcNow(), cv.Registry, cvId, AccessKinds.View, view.Fields, requestId)], cancellationToken);
        return new EmployerRead<EmployerCv>.Served(view);
    }

    /// <summary>
    /// A board's feed details: each CV that may go to boards now, with only the sections its owner consented to share
    /// for that purpose. The others are listed as not found, whatever the reason.
    /// </summary>
    public async Task<EmployerRead<(IReadOnlyList<EmployerCv> Found, IReadOnlyList<string> NotFound)>> FeedDetailsAsync(
        HubCaller caller, IReadOnlyList<string> cvIds, int dailyCeiling, string requestId, CancellationToken cancellationToken) =>
        Counted("feed", caller, await FeedDetailsCoreAsync(caller, cvIds, dailyCeiling, requestId, cancellationToken));

    /// <summary>Counts a read by operation, party kind and outcome (issue 17): served, not-found, or the refusal's status (429, 503, 403).</summary>
    private static EmployerRead<T> Counted<T>(string operation, HubCaller caller, EmployerRead<T> result)
    {
        Telemetry.HubMetrics.AccessRequest(operation, caller.Kind.ToString(), result switch
        {
            EmployerRead<T>.Served => "served",
            EmployerRead<T>.Refused { Decision: AccessDecision.Limited } => "429",
            EmployerRead<T>.Refused { Decision: AccessDecision.Unrecorded } => "503",
            EmployerRead<T>.Refused => "403",
            _ => "not-found",
        });
        return result;
    }

    private async Task<EmployerRead<(IReadOnlyList<EmployerCv> Found, IReadOnlyList<string> NotFound)>> FeedDetailsCoreAsync(
        HubCaller caller, IReadOnlyList<string> cvIds, int dailyCeiling, string requestId, CancellationToken cancellationToken)
    {
        var located = await Task.WhenAll(cvIds.Distinct(StringComparer.Ordinal).Select(async id => (Id: id, Found: await LocateAsync(id, cancellationToken))));
        var shareable = located.Where(l => l.Found?.State.Boards?.Shared == true).ToList();
        var decision = await guard.AdmitAsync(caller, shareable.Count, cancellationToken, dailyCeiling);
        if (decision is not AccessDecision.Allowed)
        {
            return new EmployerRead<(IReadOnlyList<EmployerCv>, IReadOnlyList<string>)>.Refused(decision);
        }
        var views = await Task.WhenAll(shareable.Select(async l =>
        {
            var (cv, state) = l.Found!.Value;
            using var document = JsonDocument.Parse(await cvs.ReadDocumentAsync(cv, cancellationToken));
            return (cv.Registry, View: EmployerProjection.Project(cv.CvId, document.RootElement, state.Decision.Presentation, state.Boards!.Sections));
        }));
        var now = clock.GetUtcNow();
        await log.AppendAsync([.. views.Select(v => Entry(caller, now, v.Registry, v.View.Document["cvId"]!.GetValue<string>(), AccessKinds.FeedDetail, v.View.Fields, requestId))],
            cancellationToken);
        IReadOnlyList<string> missing = [.. located.Where(l => l.Found?.State.Boards?.Shared != true).Select(l => l.Id)];
        return new EmployerRead<(IReadOnlyList<EmployerCv>, IReadOnlyList<string>)>.Served(([.. views.Select(v => v.View)], missing));
    }

    /// <summary>The CV and the decision in force, when employers may see it now; null otherwise (whatever the reason).</summary>
    private async Task<(StoredCv Cv, VisibilityState State)?> LocateAsync(string cvId, CancellationToken cancellationToken)
    {
        if (!HubIds.IsRandomId(cvId))
        {
            return null;
        }
        var lookups = await Task.WhenAll(hub.Value.Registries.Keys.Select(r => cvs.GetAsync(r, cvId, cancellationToken)));
        if (lookups.FirstOrDefault(c => c is not null) is not { } cv)
        {
            return null;
        }
        var state = await states.GetAsync(cv.Registry, cv.CitizenId, cancellationToken);
        return state?.Cv?.CvId == cvId && state.Decision.EmployerView().Visible ? (cv, state) : null;
    }

    /// <summary>
    /// The hit as it may be served now, or null when the decision in force no longer lets employers find it, or when the
    /// query matched on a section the citizen's consent does not cover (being found by a skill tells the skill). The
    /// index rows are written within the scope already; this holds while a narrower scope is being indexed.
    /// </summary>
    private async Task<CvSearchHit?> CurrentAsync(CvSearchHit hit, CvSearchQuery query, CancellationToken cancellationToken)
    {
        // A verified row agrees with the decision in force (ADR 0045): no narrowing commits before it deletes the row, and
        // no row is verified after one. Any other row (unverified, or written before the column) is checked as it comes.
        var now = hit.Verified
            ? new EmployerViewNow(hit.CvId, true, true, hit.Presentation == "open" ? Presentation.Open : Presentation.Anonymous, hit.Sections)
            : await states.GetEmployerViewAsync(hit.Registry, hit.CitizenId, cancellationToken);
        if (now?.CvId != hit.CvId || !now.Searchable)
        {
            return null;
        }
        var scope = now.Sections;
        if (((query.Occupation ?? query.Municipality) is not null && !CvSections.Covers(scope, CvSections.JobsSought))
            || (query.Language is not null && !CvSections.Covers(scope, CvSections.Languages))
            || (query.Skill is not null && !CvSections.Covers(scope, CvSections.ItSkills)))
        {
            return null;
        }
        return SearchHitScope.Within(hit, scope) with { Presentation = now.Presentation == Presentation.Open ? "open" : "anonymous" };
    }

    private static AccessLogEntry Entry(HubCaller caller, DateTimeOffset at, string registry, string cvId, string kind, IReadOnlyList<string> fields, string requestId) =>
        new(at, caller.ClientId, AccessGuard.PartyOf(caller), caller.UserObjectId, registry, cvId, kind, fields, requestId);
}
