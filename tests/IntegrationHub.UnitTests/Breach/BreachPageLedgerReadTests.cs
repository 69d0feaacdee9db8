using System.Collections.Concurrent;
using IntegrationHub.Core.Breach;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>
/// ADR 0058: the page handler looks at the page's own record first (a point read) and reads the page's ledger (a query,
/// a scan of the whole table on Azurite) only when an earlier message of the page may have written there. No letter is
/// lost and the page's counts stay exact on every path.
/// </summary>
public sealed class BreachPageLedgerReadTests
{
    private static readonly string[] Keys = ["c|nav|a", "c|nav|b", "c|nav|c"];

    private static readonly BreachDeliveryOptions Settings = new()
    {
        Registries = new(StringComparer.Ordinal) { ["nav"] = new RegistryDeliveryEndpoint { DpoContact = "personvernombud@nav.example" } },
    };

    private static MemoryBreachStores Stores() =>
        new(BreachPageFixtures.RunningCampaign(Keys.Length), new Dictionary<string, BreachLetter> { ["en"] = new("About your CV", "{{measures}} DPO: {{dpo}}") });

    private static BreachPageHandler Handler(MemoryBreachStores stores, IRegistryDelivery registries) =>
        new(stores, stores, registries, new BreachPageFixtures.NoStates(), TimeProvider.System, Options.Create(Settings), NullLogger<BreachPageHandler>.Instance);

    private static BreachDeliveryPage Page(MemoryBreachStores stores) => new()
    {
        MessageId = "m", CorrelationId = "c", CampaignId = stores.Campaign.Id, RunId = BreachPageFixtures.RunId, PageNo = 4, After = "", Last = Keys[^1], Count = Keys.Length,
        Items = [.. Keys.Select(k => new PageItem { Key = k, Language = "en", Channel = BreachChannels.Secure })],
    };

    /// <summary>The record the planner writes before it sends the page's message.</summary>
    private static PageRecord Recorded(bool resent = false, bool done = false) => new()
    {
        PageNo = 4, After = "", Last = Keys[^1], Count = Keys.Length, Done = done, EnqueuedAt = DateTimeOffset.UtcNow, Resent = resent,
        Delivered = done ? Keys.Length : 0,
    };

    private static LedgerEntry Final(string key) => new()
    {
        Key = key, Status = LedgerStatus.Delivered, Channel = BreachChannels.Secure, Language = "en", Attempts = 1, At = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task Handle_FirstDeliveryOfARecordedPage_MakesNoLedgerQuery_AndRecordsEveryCitizen()
    {
        var stores = Stores();
        stores.Pages.Add(Recorded());
        var registries = new BreachPageFixtures.RecordingRegistries();

        await Handler(stores, registries).HandleAsync(Page(stores), 1, CancellationToken.None);

        Assert.Equal(0, stores.LedgerReads);
        Assert.Equal(3, registries.Sent.Count);
        Assert.Equal(Keys, stores.Written.Select(e => e.Key).Order(StringComparer.Ordinal));
        AssertDoneWithEveryCitizenOnce(stores);
    }

    [Fact]
    public async Task Handle_DuplicateMessageOfAPageRecordedDone_SendsNothingAndWritesNothing()
    {
        var stores = Stores();
        stores.Pages.Add(Recorded(done: true));
        var registries = new BreachPageFixtures.RecordingRegistries();

        // A redelivery and a planner's second message alike.
        await Handler(stores, registries).HandleAsync(Page(stores), 1, CancellationToken.None);
        await Handler(stores, registries).HandleAsync(Page(stores), 3, CancellationToken.None);

        Assert.Empty(registries.Sent);
        Assert.Empty(stores.Written);
        Assert.Single(stores.Pages);
        Assert.Equal(0, stores.LedgerReads);
    }

    [Fact]
    public async Task Handle_RedeliveryAfterAPartialFailure_ReadsTheLedger_PostsOnlyTheCitizensNotFinal_CountsEveryCitizenOnce()
    {
        // Arrange: citizen b fails transiently on the first delivery; a and c are final and in the ledger after it.
        var stores = Stores();
        stores.Pages.Add(Recorded());
        var registries = new FailsOnce("c|nav|b");
        var handler = Handler(stores, registries);
        await Assert.ThrowsAsync<BreachDeliveryRetryException>(() => handler.HandleAsync(Page(stores), 1, CancellationToken.None));
        Assert.Equal(0, stores.LedgerReads);
        stores.Done.AddRange(stores.Written);
        var posted = registries.Calls.Count;

        // Act: the queue delivers the page again.
        await handler.HandleAsync(Page(stores), 2, CancellationToken.None);

        // Assert: one ledger read, one POST (b), the page done with all three counted once.
        Assert.Equal(1, stores.LedgerReads);
        Assert.Equal(["c|nav|b"], registries.Calls.Skip(posted));
        AssertDoneWithEveryCitizenOnce(stores);
    }

    [Fact]
    public async Task Handle_PageThePlannerSentAgain_OnItsFirstDelivery_ReadsTheLedgerAndSkipsTheFinalCitizens()
    {
        var stores = Stores();
        stores.Pages.Add(Recorded(resent: true));
        stores.Done.Add(Final("c|nav|a"));
        var registries = new BreachPageFixtures.RecordingRegistries();

        await Handler(stores, registries).HandleAsync(Page(stores), 1, CancellationToken.None);

        Assert.Equal(1, stores.LedgerReads);
        Assert.Equal(2, registries.Sent.Count);
        AssertDoneWithEveryCitizenOnce(stores);
    }

    [Fact]
    public async Task Handle_PageWithoutARecord_ReadsTheLedger()
    {
        // No record (or one stored before the flag, which reads as sent again): the handler cannot tell, so it looks.
        var stores = Stores();
        stores.Done.Add(Final("c|nav|c"));
        var registries = new BreachPageFixtures.RecordingRegistries();

        await Handler(stores, registries).HandleAsync(Page(stores), 1, CancellationToken.None);

        Assert.Equal(1, stores.LedgerReads);
        Assert.Equal(2, registries.Sent.Count);
    }

    /// <summary>The page's last record: done, with each of its three citizens counted once.</summary>
    private static void AssertDoneWithEveryCitizenOnce(MemoryBreachStores stores)
    {
        var done = stores.Pages[^1];
        Assert.True(done.Done);
        Assert.Equal((3L, 0L), (done.Delivered, done.Failed));
    }

    /// <summary>A registry that answers a transient failure to one citizen's first letter and takes every other.</summary>
    private sealed class FailsOnce(string key) : IRegistryDelivery
    {
        private int _failed;

        public ConcurrentQueue<string> Calls { get; } = new();

        public Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken)
        {
            var called = "c|" + registry + "|" + request.CitizenId;
            Calls.Enqueue(called);
            return Task.FromResult(called == key && Interlocked.Exchange(ref _failed, 1) == 0
                ? new RegistryDeliveryOutcome(RegistryDeliveryKind.Transient, "503")
                : RegistryDeliveryOutcome.Delivered);
        }
    }
}
