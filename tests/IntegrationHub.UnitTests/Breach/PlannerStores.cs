using System.Text.Json;
using System.Threading.Channels;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// The planner's storage in memory, as the table store behaves: the audience in row-key order, the run replaced only
/// with its current ETag (a version), pages upserted by number; safe for a planner, a second planner and the workers at
/// once. The campaign is replaced only with its current value (what an ETag would guard).
/// </summary>
internal sealed class PlannerStores(BreachCampaign campaign, int citizens) : IBreachStore, IBreachDeliveryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, PageRecord> _pages = [];
    private BreachRun? _run;
    private int _version;
    private int _reads;

    public List<PageItem> Audience { get; } =
        [.. Enumerable.Range(0, citizens).Select(i => new PageItem { Key = $"c|nav|p{i:D5}", Language = "en", Channel = BreachChannels.Secure })];

    public BreachCampaign Campaign { get; private set; } = campaign;

    /// <summary>Audience reads (NextCitizensAsync).</summary>
    public int Reads => Volatile.Read(ref _reads);

    public BreachRun? Run
    {
        get
        {
            lock (_gate)
            {
                return _run;
            }
        }
    }

    /// <summary>What a worker does when it finishes a page: records it done.</summary>
    public void MarkDone(BreachDeliveryPage page)
    {
        lock (_gate)
        {
            _pages[page.PageNo] = _pages[page.PageNo] with { Done = true, CompletedAt = DateTimeOffset.UnixEpoch, Delivered = page.Count };
        }
    }

    public Task<BreachCampaign?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult<BreachCampaign?>(Campaign);

    public Task<IReadOnlyList<BreachCampaign>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<BreachCampaign>>([Campaign]);

    public Task<bool> TryUpdateAsync(BreachCampaign campaign, CancellationToken cancellationToken)
    {
        Campaign = campaign;
        return Task.FromResult(true);
    }

    public Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_run is null ? null : _run with { ETag = _version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
    }

    public Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (run.ETag != (_run is null ? null : _version.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return Task.FromResult(false);
            }
            (_run, _version) = (run with { ETag = null }, _version + 1);
            return Task.FromResult(true);
        }
    }

    /// <summary>Rows per query page: the store answers in whole query pages, as the table store does (1,000 there).</summary>
    public int QueryPage { get; init; } = 3;

    public Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var pages = (take + QueryPage - 1) / QueryPage;
        return Task.FromResult<IReadOnlyList<PageItem>>([.. Audience.Where(a => string.CompareOrdinal(a.Key, after) > 0).Take(pages * QueryPage)]);
    }

    public Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PageItem>>([.. Audience.Where(a => string.CompareOrdinal(a.Key, after) > 0 && string.CompareOrdinal(a.Key, last) <= 0)]);

    public Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _pages[page.PageNo] = page;
        }
        return Task.CompletedTask;
    }

    /// <summary>Reads of every page record (PagesAsync): a query of the whole ledger table on Azurite.</summary>
    public int PageReads => Volatile.Read(ref _pageReads);

    private int _pageReads;

    /// <summary>The pages recorded and not done (not a read of the planner's).</summary>
    public int Unfinished
    {
        get
        {
            lock (_gate)
            {
                return _pages.Values.Count(p => !p.Done);
            }
        }
    }

    public Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _pageReads);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<PageRecord>>([.. _pages.Values.OrderBy(p => p.PageNo)]);
        }
    }

    public Task<PageRecord?> GetPageAsync(string campaignId, int pageNo, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_pages.GetValueOrDefault(pageNo));
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<string, BreachLetter>> LettersAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task CreateAsync(BreachDraft draft, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<IReadOnlyList<string>> CitizenIdsAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task WriteAudienceAsync(string id, string runId, IReadOnlyList<AudienceMember> members, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<AudienceMember> AudienceAsync(string id, string runId, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>The breach-delivery queue in memory: every message sent, decoded; the <see cref="FailOnSend"/>th send throws (a host dying between a page's record and its message).</summary>
internal sealed class PlannerQueue : IWorkQueue
{
    private readonly Channel<BreachDeliveryPage> _pending = Channel.CreateUnbounded<BreachDeliveryPage>();
    private int _sends;

    public System.Collections.Concurrent.ConcurrentQueue<BreachDeliveryPage> Sent { get; } = new();

    public int FailOnSend { get; set; }

    public Task SendAsync(string queue, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _sends) == FailOnSend)
        {
            throw new IOException("the host died before the message was sent");
        }
        var page = JsonSerializer.Deserialize(message.Span, BreachJson.Default.BreachDeliveryPage)!;
        Sent.Enqueue(page);
        _pending.Writer.TryWrite(page);
        return Task.CompletedTask;
    }

    public Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken) => Task.FromResult(_pending.Reader.Count);

    /// <summary>Workers: each page is recorded done and signalled to every planner's flow, as the page handler does.</summary>
    public async Task WorkAsync(PlannerStores stores, IReadOnlyList<BreachPageFlow> flows, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                await Task.Yield();
                stores.MarkDone(page);
                foreach (var flow in flows)
                {
                    flow.PageDone(page.CampaignId, page.PageNo);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
