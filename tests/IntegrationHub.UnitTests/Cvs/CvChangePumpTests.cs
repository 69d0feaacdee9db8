using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Cvs;

public sealed class CvChangePumpTests
{
    private sealed class RecordingQueue(int backlog) : IWorkQueue
    {
        public List<CvChangesPage> Sent { get; } = [];

        public Task SendAsync(string queue, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            Sent.Add(JsonSerializer.Deserialize(message.Span, CvsJson.Default.CvChangesPage)!);
            return Task.CompletedTask;
        }

        public Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken) => Task.FromResult(backlog);
    }

    private readonly InMemoryFactsStore _facts = new();

    private CvChangePump Pump(InMemoryCvStore store, IWorkQueue queue, int pageSize = 250, int maxBacklog = 200) => new(
        store,
        _facts,
        queue,
        Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings(), ["jobnet"] = new RegistrySettings() } }),
        Options.Create(new CvPipelineOptions { PageSize = pageSize, MaxBacklog = maxBacklog }),
        NullLogger<CvChangePump>.Instance);

    private static void Pending(InMemoryCvStore store, string registry, int count)
    {
        for (var i = 0; i < count; i++)
        {
            store.Changes[(registry, $"{registry}{i}")] = new PendingCvChange($"{registry}{i}", 1, CvOperations.Upserted, "e" + i, Facts(registry, $"{registry}{i}"));
        }
    }

    [Fact]
    public async Task RunOnce_ManyChanges_SendsPagesPerRegistryAndAcknowledgesThem()
    {
        var store = new InMemoryCvStore();
        Pending(store, "nav", 25);
        Pending(store, "jobnet", 3);
        var queue = new RecordingQueue(backlog: 0);

        var sent = (await Pump(store, queue, pageSize: 10).PollAsync(CancellationToken.None)).Moved;

        Assert.Equal(28, sent);
        Assert.Equal([10, 10, 5, 3], queue.Sent.Select(p => p.Changes.Count));
        Assert.All(queue.Sent, p => Assert.All(p.Changes, c => Assert.StartsWith(p.Registry, c.CvId, StringComparison.Ordinal)));
        Assert.Empty(store.Changes);
    }

    private static CvFacts Facts(string registry, string cvId) => new()
    {
        Registry = registry, CvId = cvId, CitizenId = "c-" + cvId, Version = 1, Publication = "open",
        OccupationCodes = ["styrk08:5132"], Places = ["NO-0301"], Languages = ["nb"], Skills = [],
        HasEmailOrPhone = true, HasSpecialNeeds = false,
    };

    [Fact]
    public async Task RunOnce_UpsertsAndDeletes_AreProjectedBeforeTheyAreSent()
    {
        var store = new InMemoryCvStore();
        Pending(store, "nav", 2);
        _facts.Facts[("nav", "gone")] = Facts("nav", "gone");
        store.Changes[("nav", "gone")] = new PendingCvChange("gone", 3, CvOperations.Deleted, "x");
        var queue = new RecordingQueue(backlog: 0);

        await Pump(store, queue).PollAsync(CancellationToken.None);

        Assert.Equal(["nav0", "nav1"], _facts.Facts.Keys.Select(k => k.CvId).Order());
        Assert.Contains(queue.Sent.Single().Changes, c => c is { CvId: "gone", Operation: CvOperations.Deleted });
    }

    [Fact]
    public async Task RunOnce_BacklogAtTheLimit_SendsNothingAndKeepsTheSignals()
    {
        var store = new InMemoryCvStore();
        Pending(store, "nav", 5);
        var queue = new RecordingQueue(backlog: 200);

        var sent = (await Pump(store, queue, maxBacklog: 200).PollAsync(CancellationToken.None)).Moved;

        Assert.Equal(0, sent);
        Assert.Empty(queue.Sent);
        Assert.Equal(5, store.Changes.Count);
        Assert.Empty(_facts.Facts);
    }

    [Fact]
    public async Task RunOnce_BacklogNearTheLimit_StopsWhenItIsReached()
    {
        var store = new InMemoryCvStore();
        Pending(store, "nav", 50);
        var queue = new RecordingQueue(backlog: 198);

        await Pump(store, queue, pageSize: 10, maxBacklog: 200).PollAsync(CancellationToken.None);

        Assert.Equal(2, queue.Sent.Count);
        Assert.Equal(30, store.Changes.Count);
    }

    [Fact]
    public async Task Poll_HeldBackByTheBacklog_SaysWorkIsLeft_SoThePumpDoesNotIdle()
    {
        var store = new InMemoryCvStore();
        Pending(store, "nav", 50);
        var queue = new RecordingQueue(backlog: 198);

        var round = await Pump(store, queue, pageSize: 10, maxBacklog: 200).PollAsync(CancellationToken.None);

        Assert.Equal(new PollRound(20, true), round);
    }

    [Fact]
    public async Task Poll_AllSent_SaysNoWorkIsLeft()
    {
        var store = new InMemoryCvStore();
        Pending(store, "nav", 25);
        var queue = new RecordingQueue(backlog: 0);

        var first = await Pump(store, queue, pageSize: 10).PollAsync(CancellationToken.None);
        var second = await Pump(store, queue, pageSize: 10).PollAsync(CancellationToken.None);

        Assert.Equal(new PollRound(25, false), first);
        Assert.Equal(new PollRound(0, false), second);
    }
}
