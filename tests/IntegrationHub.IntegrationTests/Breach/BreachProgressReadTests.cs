using IntegrationHub.Core.Breach;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.IntegrationTests.Breach;

/// <summary>
/// A running campaign's progress read again on Azurite, requests counted (ADR 0061): the second read queries only the
/// page records after the leading run of done pages (one query page, where the first read needed two), its numbers are
/// those of a read of every record, and once the run has completed one full read is made and then none.
/// </summary>
[Collection(SafetyAzuriteCollection.Name)]
public sealed class BreachProgressReadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Campaign = "progress-read";
    private const string LedgerQuery = "Table GET BreachLedger (query)";
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>More page records than one query page holds (1,000), so a read of all of them takes two requests.</summary>
    private const int Pages = 1050;
    private const int DoneAtFirst = 1040;

    private HubStorage _storage = null!;
    private TableBreachDeliveryStore _store = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(azurite, countRequests: true);
        _store = new TableBreachDeliveryStore(_storage);
        await Parallel.ForEachAsync(Enumerable.Range(0, Pages), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (n, ct) => await _store.SavePageAsync(Campaign, Page(n, done: n < DoneAtFirst), ct));
        Assert.True(await _store.TrySaveRunAsync(new BreachRun
        {
            CampaignId = Campaign, RunId = "run", Cursor = "c|nav|" + Pages, NextPageNo = Pages, Planned = true,
            StartedAt = At.AddMinutes(-10), ActiveSince = At.AddMinutes(-10), EnqueuedSinceActive = Pages * 200,
        }, CancellationToken.None));
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SecondRead_QueriesOnlyThePagesAfterTheLeadingDoneRun_AndEqualsTheFullRead()
    {
        var reader = new BreachProgressReader(_store);
        await Read(reader);
        await _store.SavePageAsync(Campaign, Page(DoneAtFirst, done: true), CancellationToken.None);

        var (second, made) = await Read(reader);

        Assert.Equal(1, made.Calls.GetValueOrDefault(LedgerQuery));
        Assert.Equal(Pages - DoneAtFirst, (await _store.PagesFromAsync(Campaign, DoneAtFirst, CancellationToken.None)).Count);
        Assert.Equal(await FullRead(), Text(second));
        Assert.Equal((DoneAtFirst + 1) * 190L, second!.Delivered);
    }

    [Fact]
    public async Task RunCompleted_OneFullReadThenNone_WithTheFullReadsNumbers()
    {
        // Arrange: a watermark kept at page 1,040, then the rest done and the run completed.
        var reader = new BreachProgressReader(_store);
        var (first, firstMade) = await Read(reader);
        foreach (var n in Enumerable.Range(DoneAtFirst, Pages - DoneAtFirst))
        {
            await _store.SavePageAsync(Campaign, Page(n, done: true), CancellationToken.None);
        }
        var run = (await _store.GetRunAsync(Campaign, CancellationToken.None))!;
        Assert.True(await _store.TrySaveRunAsync(run with { CompletedAt = At }, CancellationToken.None));

        // Act
        var (completed, completedMade) = await Read(reader);
        var (_, afterMade) = await Read(reader);

        // Assert: a read of every record takes two query pages; at completion it is made once, then no record is read.
        Assert.Equal(2, firstMade.Calls.GetValueOrDefault(LedgerQuery));
        Assert.Equal(DoneAtFirst * 190L, first!.Delivered);
        Assert.Equal(2, completedMade.Calls.GetValueOrDefault(LedgerQuery));
        Assert.Equal(0, afterMade.Calls.GetValueOrDefault(LedgerQuery));
        Assert.Equal(await FullRead(), Text(completed));
        Assert.Equal(Pages * 190L, completed!.Delivered);
    }

    private async Task<(BreachProgress? Progress, StorageRequestCounts Made)> Read(BreachProgressReader reader)
    {
        var before = _storage.Requests!.All.Snapshot();
        var progress = await reader.ReadAsync(Running(), null, At, CancellationToken.None);
        return (progress, _storage.Requests.All.Snapshot() - before);
    }

    /// <summary>The progress from every page record, as the GET summed it before ADR 0061.</summary>
    private async Task<string> FullRead() => Text(BreachProgress.From(Running(), await _store.GetRunAsync(Campaign, CancellationToken.None),
        await _store.PagesAsync(Campaign, CancellationToken.None), null, At));

    private static string Text(BreachProgress? progress) => System.Text.Json.JsonSerializer.Serialize(progress);

    private static PageRecord Page(int no, bool done) => new()
    {
        PageNo = no,
        After = "c|nav|" + (no - 1),
        Last = "c|nav|" + no,
        Count = 200,
        Done = done,
        EnqueuedAt = At.AddMinutes(-5),
        CompletedAt = done ? At.AddSeconds(-no % 90) : null,
        Delivered = done ? 190 : 0,
        Failed = done ? 10 : 0,
        ByChannel = done ? [new BreachCount(no % 3 == 0 ? "paper" : "digital-mailbox", 190)] : [],
        ByLanguage = done ? [new BreachCount("nb", 180), new BreachCount("en", 10)] : [],
    };

    private static BreachCampaign Running() => new()
    {
        Id = Campaign,
        Title = "t",
        Description = "d",
        DetectedAt = At.AddHours(-1),
        WindowFrom = At.AddDays(-3),
        WindowTo = At.AddDays(-1),
        DataCategories = ["cv-text"],
        MeasuresTaken = "m",
        Selector = new BreachSelector { Kind = BreachSelectorKinds.Citizens, Registry = "nav" },
        FallbackLanguage = "en",
        LetterLanguages = ["nb", "en"],
        ChannelPolicy = new BreachChannelPolicy { Channels = ["digital-mailbox", "paper"] },
        Status = BreachStatus.Running,
        CreatedAt = At.AddHours(-1),
        Audit = [new BreachAction(BreachService.Actions.Start, "u", At.AddMinutes(-10))],
        Audience = new BreachAudienceSummary
        {
            RunId = "run", CompletedAt = At.AddMinutes(-20), Citizens = Pages * 200, Records = Pages * 200, UnresolvedCvs = 0,
            ByRegistry = [], ByLanguage = [], ByChannel = [], ByProtectedStatus = [],
        },
    };
}
