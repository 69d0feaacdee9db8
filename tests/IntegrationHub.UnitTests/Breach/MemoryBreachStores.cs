using IntegrationHub.Core.Breach;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// One running campaign and its delivery ledger in memory, for the page handler without storage: the unit tests and
/// ./hub bench breach --steps (linked there). <see cref="Done"/> is what the ledger holds before the page; what the page
/// writes goes to <see cref="Written"/> and <see cref="Pages"/> unless <see cref="Keep"/> is off (a benchmark's rounds).
/// The page's record is the last one saved (none: the handler reads the ledger, ADR 0058); <see cref="LedgerReads"/> and
/// <see cref="LetterReads"/> count the queries a table store would make.
/// </summary>
internal sealed class MemoryBreachStores(BreachCampaign campaign, IReadOnlyDictionary<string, BreachLetter> letters) : IBreachStore, IBreachDeliveryStore
{
    /// <summary>The campaign every read answers (a test may replace it, as another action or run would).</summary>
    public BreachCampaign Campaign { get; set; } = campaign;

    public bool Keep { get; init; } = true;

    public List<LedgerEntry> Done { get; } = [];

    public List<LedgerEntry> Written { get; } = [];

    public List<PageRecord> Pages { get; } = [];

    private int _ledgerReads;
    private int _letterReads;

    public int LedgerReads => Volatile.Read(ref _ledgerReads);

    public int LetterReads => Volatile.Read(ref _letterReads);

    public Task<BreachCampaign?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult<BreachCampaign?>(Campaign);

    public Task<IReadOnlyDictionary<string, BreachLetter>> LettersAsync(string id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _letterReads);
        return Task.FromResult(letters);
    }

    public Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _ledgerReads);
        return Task.FromResult<IReadOnlyList<LedgerEntry>>([.. Done]);
    }

    public Task<PageRecord?> GetPageAsync(string campaignId, int pageNo, CancellationToken cancellationToken) =>
        Task.FromResult(Pages.LastOrDefault(p => p.PageNo == pageNo));

    public Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        if (Keep)
        {
            Written.AddRange(entries);
        }
        return Task.CompletedTask;
    }

    public Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken)
    {
        if (Keep)
        {
            Pages.Add(page);
        }
        return Task.CompletedTask;
    }

    public Task CreateAsync(BreachDraft draft, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<BreachCampaign>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TryUpdateAsync(BreachCampaign campaign, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<IReadOnlyList<string>> CitizenIdsAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task WriteAudienceAsync(string id, string runId, IReadOnlyList<AudienceMember> members, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<AudienceMember> AudienceAsync(string id, string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken) => throw new NotSupportedException();
}
