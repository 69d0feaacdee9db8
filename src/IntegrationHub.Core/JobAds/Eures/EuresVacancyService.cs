using IntegrationHub.Core.Callers;
using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.JobAds.Eures;

/// <summary>
/// The vacancy exchange EURES pulls from (the EURES input API as NAV's export serves it): every pullable vacancy, the
/// changes since a time, and the details of named vacancies. Lists come from the vacancy index; details are rendered
/// from the stored ad when asked for, so EURES always gets the current version.
/// </summary>
public sealed class EuresVacancyService(IJobAdStore store, IEuresVacancyIndex index, IOptions<HubOptions> hub)
{
    /// <summary>The content format version NAV's export declares for its PositionOpening documents.</summary>
    public const string ContentFormatVersion = "1.3";

    /// <summary>
    /// References per getDetails call at most. Assumed: NAV's service sets no limit (it reads the ids in chunks of 200);
    /// the hub keeps one call to 200 so one request stays a bounded amount of table reads.
    /// </summary>
    public const int MaxDetails = 200;

    public async Task<EuresGetAllResponse> GetAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<EuresVacancy>();
        foreach (var client in Clients())
        {
            all.AddRange(await index.ActiveAsync(client, cancellationToken));
        }
        return new EuresGetAllResponse([.. all.OrderBy(v => v.LastModified).Select(EuresJvReference.Of)]);
    }

    /// <summary>Changes at or after <paramref name="since"/> (inclusive, as NAV's query is), oldest first.</summary>
    public async Task<EuresGetChangesResponse> GetChangesAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var changes = new List<EuresVacancy>();
        foreach (var client in Clients())
        {
            changes.AddRange(await index.ChangedSinceAsync(client, since, cancellationToken));
        }
        var ordered = changes.OrderBy(v => v.LastModified).Select(EuresJvReference.Of).ToList();
        // NAV's split: closed when it has a closing time; created when never modified since creation; else modified.
        return new EuresGetChangesResponse(
            [.. ordered.Where(r => r.ClosingTimestamp is null && r.CreationTimestamp == r.LastModificationTimestamp)],
            [.. ordered.Where(r => r.ClosingTimestamp is null && r.CreationTimestamp != r.LastModificationTimestamp)],
            [.. ordered.Where(r => r.ClosingTimestamp is not null)]);
    }

    /// <summary>The details of the named vacancies; references the hub does not know are left out.</summary>
    public async Task<EuresGetDetailsResponse> GetDetailsAsync(IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var clients = Clients().ToHashSet(StringComparer.Ordinal);
        var details = new Dictionary<string, EuresJvDetails>(StringComparer.Ordinal);
        var byClient = references.Distinct(StringComparer.Ordinal)
            .Select(r => EuresReference.TryParse(r, out var client, out var adId) ? (client, adId) : default)
            .Where(p => p.client is { Length: > 0 } && clients.Contains(p.client))
            .GroupBy(p => p.client, p => p.adId);
        foreach (var group in byClient)
        {
            var states = await store.DeliveriesAsync(group.Key, BoardIds.Eures, [.. group], cancellationToken);
            var listed = states.Select(s => (State: s, Vacancy: EuresVacancy.Of(s))).Where(s => s.Vacancy is not null).ToList();
            var ads = (await store.GetManyAsync(group.Key, [.. listed.Select(l => l.State.AdId)], cancellationToken)).ToDictionary(a => a.AdId);
            foreach (var (_, vacancy) in listed)
            {
                if (!ads.TryGetValue(vacancy!.AdId, out var ad))
                {
                    continue;
                }
                var reference = EuresJvReference.Of(vacancy);
                details[reference.Reference] = new EuresJvDetails(
                    reference.Reference,
                    reference.Source,
                    reference.Status,
                    EuresRenderer.Document(reference.Reference, ad.Ad),
                    ContentFormatVersion,
                    reference.CreationTimestamp,
                    reference.LastModificationTimestamp,
                    reference.ClosingTimestamp);
            }
        }
        return new EuresGetDetailsResponse(details);
    }

    private IEnumerable<string> Clients() => JobAdDeliveryPump.Clients(hub.Value);
}
