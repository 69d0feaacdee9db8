using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// Erasure's answer to Visibility's <see cref="IErasureBesideDecision"/>: a tombstone look after a first decision's
/// insert, and the erasure run again when it covers the decision's CV (ADR 0040). The erasure is resolved when needed:
/// it uses <see cref="VisibilityService"/>, which asks this, so taking it at construction would be a cycle.
/// </summary>
public sealed class ErasureBesideDecision(IErasureStore store, TombstoneKeys keys, Lazy<CitizenErasure> erasure, TimeProvider clock) : IErasureBesideDecision
{
    /// <summary>
    /// How far back a page's one range query of tombstone marks reaches. A page is sent seconds after its commits, so the
    /// range holds the few erasures of those seconds; a CV committed longer ago (a backlog, a page delivered again) gets
    /// its own point read instead, so that the query never reads back through the registry's whole history of erasures.
    /// </summary>
    internal static readonly TimeSpan MarkHorizon = TimeSpan.FromHours(1);

    public async Task<bool> EraseAgainIfBesideAsync(string registry, string citizenId, DateTimeOffset cvUpdatedAt, CancellationToken cancellationToken)
    {
        if (!await CoveredAsync(registry, citizenId, cvUpdatedAt, cancellationToken))
        {
            return false;
        }
        await erasure.Value.EraseAgainAsync(registry, citizenId, ErasureTriggers.DecisionBesideErasure, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<FirstDecision>> EraseAgainIfBesideAsync(string registry, IReadOnlyCollection<FirstDecision> decisions, CancellationToken cancellationToken)
    {
        var horizon = clock.GetUtcNow() - MarkHorizon;
        var recent = decisions.Where(d => d.CvUpdatedAt >= horizon).ToList();
        var beside = new List<FirstDecision>();
        var unanswered = decisions.Where(d => d.CvUpdatedAt < horizon).ToList();
        if (recent.Count > 0)
        {
            // One look for the page: every erasure recorded since the oldest of its CVs' commits. The erasure writes its
            // tombstone and mark before it deletes anything, so one that began before any insert of the page is listed.
            var look = await store.ErasedSinceAsync(registry, recent.Min(d => d.CvUpdatedAt), cancellationToken);
            var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var mark in look.Marks)
            {
                if (!latest.TryGetValue(mark.Key, out var known) || known < mark.ErasedAt)
                {
                    latest[mark.Key] = mark.ErasedAt;
                }
            }
            foreach (var decision in recent)
            {
                if (look.MarkedSince is not { } markedSince || decision.CvUpdatedAt < markedSince)
                {
                    // A tombstone recorded before the marks were deployed has none, and could cover this CV: the marks
                    // answer only for CVs committed since every tombstone has one.
                    unanswered.Add(decision);
                }
                else if (latest.TryGetValue(keys.For(registry, decision.CitizenId), out var at) && at >= decision.CvUpdatedAt)
                {
                    beside.Add(decision);
                }
            }
        }
        foreach (var old in unanswered)
        {
            if (await CoveredAsync(registry, old.CitizenId, old.CvUpdatedAt, cancellationToken))
            {
                beside.Add(old);
            }
        }
        foreach (var citizenId in beside.Select(d => d.CitizenId).Distinct(StringComparer.Ordinal))
        {
            await erasure.Value.EraseAgainAsync(registry, citizenId, ErasureTriggers.DecisionBesideErasure, cancellationToken);
        }
        return beside;
    }

    /// <summary>Whether the citizen's tombstone covers a CV committed at <paramref name="cvUpdatedAt"/> (erased at or after it): one point read.</summary>
    private async Task<bool> CoveredAsync(string registry, string citizenId, DateTimeOffset cvUpdatedAt, CancellationToken cancellationToken) =>
        await store.ErasedAtAsync(registry, keys.For(registry, citizenId), cancellationToken) is { } erasedAt && erasedAt >= cvUpdatedAt;
}
