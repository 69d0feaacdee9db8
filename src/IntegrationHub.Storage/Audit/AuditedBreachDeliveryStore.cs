using IntegrationHub.Core.Breach;

namespace IntegrationHub.Storage.Audit;

/// <summary>
/// The breach delivery store, each ledger row (a citizen's letter delivered or failed) also appended to the audit trail,
/// alongside the table's write. A page written again after a redelivery appends its rows again: the copy is a history.
/// </summary>
public sealed class AuditedBreachDeliveryStore(IBreachDeliveryStore inner, AuditTrail trail) : IBreachDeliveryStore
{
    public Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken) => inner.GetRunAsync(campaignId, cancellationToken);

    public Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken) => inner.TrySaveRunAsync(run, cancellationToken);

    public Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken) =>
        inner.NextCitizensAsync(campaignId, runId, after, take, cancellationToken);

    public Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken) =>
        inner.PageAudienceAsync(campaignId, runId, after, last, cancellationToken);

    public Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken) => inner.SavePageAsync(campaignId, page, cancellationToken);

    public Task CompletePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken) => inner.CompletePageAsync(campaignId, page, cancellationToken);

    public Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken) => inner.PagesAsync(campaignId, cancellationToken);

    public Task<IReadOnlyList<PageRecord>> PagesFromAsync(string campaignId, int fromPageNo, CancellationToken cancellationToken) =>
        inner.PagesFromAsync(campaignId, fromPageNo, cancellationToken);

    public Task<PageRecord?> GetPageAsync(string campaignId, int pageNo, CancellationToken cancellationToken) => inner.GetPageAsync(campaignId, pageNo, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken) =>
        inner.LedgerAsync(campaignId, pageNo, cancellationToken);

    public Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        Task.WhenAll(
            inner.WriteLedgerAsync(campaignId, pageNo, entries, cancellationToken),
            trail.AppendAsync(AuditTrail.BreachLedgerKind, campaignId, pageNo, entries, cancellationToken));

    public Task<IReadOnlyList<LedgerEntry>> LedgerOfCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken) =>
        inner.LedgerOfCitizenAsync(campaignId, registry, citizenId, cancellationToken);

    /// <summary>Erasure reaches the ledger itself; the audit copy is immutable by design (docs/data-lifecycle.md).</summary>
    public Task EraseCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken) =>
        inner.EraseCitizenAsync(campaignId, registry, citizenId, cancellationToken);
}
