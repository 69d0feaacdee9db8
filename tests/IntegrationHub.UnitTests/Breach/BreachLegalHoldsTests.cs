using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Kernel;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>The legal-hold port as Breach answers it (ADR 0037): a campaign holds until its report is filed (ADR 0022).</summary>
public sealed class BreachLegalHoldsTests
{
    private static readonly DateTimeOffset From = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task HeldReads_UnreportedAccessLogCampaigns_HoldTheirPartysWindowOnly()
    {
        // Arrange: a running access-log campaign holds; a reported one and a citizen-list one do not hold reads.
        var store = new Campaigns(
            Campaign("c1", BreachStatus.Running, new BreachSelector { Kind = BreachSelectorKinds.AccessLog, Party = "employer:acme" }),
            Campaign("c2", BreachStatus.Reported, new BreachSelector { Kind = BreachSelectorKinds.AccessLog, Party = "employer:other" }),
            Campaign("c3", BreachStatus.Running, new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" }));

        // Act
        var held = await new BreachLegalHolds(store, new Ledger()).HeldReadsAsync(CancellationToken.None);

        // Assert
        var hold = Assert.Single(held);
        Assert.Equal(new HeldReads("breach-campaign:c1", "employer:acme", From, To), hold);
        Assert.True(hold.Keeps("employer:acme", To));
        Assert.False(hold.Keeps("employer:acme", To.AddTicks(1)));
        Assert.False(hold.Keeps("employer:other", From));
    }

    [Fact]
    public async Task EraseCitizenExceptHeld_ReportedAndUnreportedCampaigns_ErasesReportedOnlyAndNamesTheHold()
    {
        // Arrange: the citizen is in c1 (running) and c2 (reported), not in c3.
        var store = new Campaigns(
            Campaign("c1", BreachStatus.Running, new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" }),
            Campaign("c2", BreachStatus.Reported, new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" }),
            Campaign("c3", BreachStatus.Reported, new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" }))
        {
            Holding = { "c1", "c2" },
        };
        var ledger = new Ledger();

        // Act
        var held = await new BreachLegalHolds(store, ledger).EraseCitizenExceptHeldAsync("nav", "p1", CancellationToken.None);

        // Assert
        Assert.Equal(["breach-campaign:c1"], held);
        Assert.Equal(["c2"], store.Erased);
        Assert.Equal(["c2"], ledger.Erased);
    }

    [Fact]
    public void HoldOf_ReportedCampaign_EndsAtTheReportFiledAction()
    {
        var filed = To.AddDays(20);
        var reported = Campaign("c1", BreachStatus.Reported, new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" }) with
        {
            Audit = [new BreachAction(BreachService.Actions.ReportFiled, "dpo", filed), new BreachAction("note", "dpo", filed.AddDays(1))],
        };

        Assert.Equal(new LegalHold("c1", filed), BreachLegalHolds.HoldOf(reported));
        Assert.Equal(new LegalHold("c1", null), BreachLegalHolds.HoldOf(reported with { Status = BreachStatus.Completed }));
    }

    private static BreachCampaign Campaign(string id, string status, BreachSelector selector) => new()
    {
        Id = id, Title = "t", Description = "d", DetectedAt = To, WindowFrom = From, WindowTo = To,
        DataCategories = ["cv"], Selector = selector, FallbackLanguage = "en", LetterLanguages = ["en"],
        ChannelPolicy = new BreachChannelPolicy { Channels = ["secure"] }, Status = status, CreatedAt = To, Audit = [],
    };

    /// <summary>Only what the holds read: the list, who holds the citizen, and the erasure.</summary>
    private sealed class Campaigns(params BreachCampaign[] campaigns) : IBreachStore
    {
        public HashSet<string> Holding { get; } = new(StringComparer.Ordinal);

        public List<string> Erased { get; } = [];

        public Task<IReadOnlyList<BreachCampaign>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<BreachCampaign>>(campaigns);

        public Task<bool> HoldsCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult(Holding.Contains(id) && !Erased.Contains(id));

        public Task EraseCitizenAsync(string id, string registry, string citizenId, CancellationToken cancellationToken)
        {
            Erased.Add(id);
            return Task.CompletedTask;
        }

        public Task CreateAsync(BreachDraft draft, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BreachCampaign?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryUpdateAsync(BreachCampaign campaign, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, BreachLetter>> LettersAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<IReadOnlyList<string>> CitizenIdsAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WriteAudienceAsync(string id, string runId, IReadOnlyList<AudienceMember> members, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<AudienceMember> AudienceAsync(string id, string runId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class Ledger : IBreachDeliveryStore
    {
        public List<string> Erased { get; } = [];

        public Task EraseCitizenAsync(string campaignId, string registry, string citizenId, CancellationToken cancellationToken)
        {
            Erased.Add(campaignId);
            return Task.CompletedTask;
        }

        public Task<BreachRun?> GetRunAsync(string campaignId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TrySaveRunAsync(BreachRun run, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PageItem>> NextCitizensAsync(string campaignId, string runId, string after, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PageItem>> PageAudienceAsync(string campaignId, string runId, string after, string last, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SavePageAsync(string campaignId, PageRecord page, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<PageRecord>> PagesAsync(string campaignId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PageRecord?> GetPageAsync(string campaignId, int pageNo, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string campaignId, int pageNo, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WriteLedgerAsync(string campaignId, int pageNo, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
