using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>Storage of the fan-out: the run's cursor, the pages, and the ledger of every citizen's delivery.</summary>
public interface IBreachDeliveryStore
{
    Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>Creates (no ETag) or replaces (ETag still current) the run; false when someone else changed it meanwhile.</summary>
    Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken);

    /// <summary>
    /// The next citizens of the audience after row key <paramref name="after"/>, in key order, in one streamed query read
    /// in whole query pages: at least <paramref name="take"/> (fewer only where the audience ends), and the rest of the
    /// query page the last of them came in (ADR 0058: on Azurite every query page costs a scan of the whole table, so
    /// rows it already returned are kept, not read again).
    /// </summary>
    Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken);

    /// <summary>The citizens of one page's key range (for a page queued again).</summary>
    Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken);

    Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken);

    /// <summary>
    /// The page handler's closing write: the page done, with its counts. The page's range stays as stored: an erasure may
    /// have moved a bound off an erased citizen's key since the page's message was cut, and the message's bounds must not
    /// bring that key back. A store that keeps no bounds apart saves the whole record.
    /// </summary>
    Task CompletePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken) => SavePageAsync(campaignId, page, cancellationToken);

    Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>
    /// The page records from page <paramref name="fromPageNo"/> on, in page order (a row-key range of the pages partition:
    /// what a progress read has not summed yet, ADR 0061).
    /// </summary>
    async Task<IReadOnlyList<PageRecord>> PagesFromAsync(string campaignId, int fromPageNo, CancellationToken cancellationToken) =>
        [.. (await PagesAsync(campaignId, cancellationToken)).Where(p => p.PageNo >= fromPageNo).OrderBy(p => p.PageNo)];

    /// <summary>One page's record (a point read: the page handler's look before it posts, ADR 0058); null if none.</summary>
    Task<PageRecord?> GetPageAsync(string campaignId, int pageNo, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken);

    /// <summary>Writes the entries of one page in 100-row transactions.</summary>
    Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    /// <summary>The citizen's ledger rows in the campaign (a letter sent or failed), for the citizen's copy.</summary>
    Task<IReadOnlyList<LedgerEntry>> LedgerOfCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not export.");

    /// <summary>Erasure: removes the citizen's ledger rows and their key from the run's cursor and page ranges; idempotent.</summary>
    Task EraseCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This store does not erase.");
}
