using IntegrationHub.Core.Access;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>The access log's two sides on Azurite: "who saw my CV" across month partitions, and what an account received.</summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class AccessLogStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset MonthEnd = new(2026, 1, 31, 23, 59, 0, TimeSpan.Zero);
    private HubStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(azurite);

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private static AccessLogEntry Read(DateTimeOffset at, string party, string registry, string cvId, string requestId) =>
        new(at, party + "-client", party, null, registry, cvId, AccessKinds.SearchHit, ["occupations"], requestId);

    [Fact]
    public async Task ForCv_AcrossAMonthBoundary_FindsEachReadOfThatCvOnly_WithinTheWindow()
    {
        // Arrange: two reads of cvA either side of midnight at the month's end, one of cvB (same registry and month),
        // one of cvA's namesake in another registry, and a page of 20 hits in one call.
        var log = new TableAccessLog(_storage);
        await log.AppendAsync([Read(MonthEnd, "acme", "nav", "cvA", "r1"), Read(MonthEnd, "acme", "nav", "cvB", "r1")], CancellationToken.None);
        await log.AppendAsync([Read(MonthEnd.AddMinutes(2), "globex", "nav", "cvA", "r2"), Read(MonthEnd.AddMinutes(2), "globex", "jobnet", "cvA", "r2")], CancellationToken.None);
        await log.AppendAsync([.. Enumerable.Range(0, 20).Select(i => Read(MonthEnd.AddDays(10), "acme", "nav", $"cv{i:D2}", "r3"))], CancellationToken.None);

        // Act
        var both = await log.ForCvAsync("nav", "cvA", MonthEnd.AddDays(-20), MonthEnd.AddDays(20), CancellationToken.None);
        var february = await log.ForCvAsync("nav", "cvA", MonthEnd.AddMinutes(1), MonthEnd.AddDays(20), CancellationToken.None);
        var january = await log.ForCvAsync("nav", "cvA", MonthEnd.AddDays(-1), MonthEnd, CancellationToken.None);
        var acme = await log.ForPartyAsync("acme", MonthEnd.AddDays(-1), MonthEnd.AddDays(20), CancellationToken.None).ToListAsync();

        // Assert
        Assert.Equal(["acme", "globex"], both.Select(e => e.Party));
        Assert.Equal(["globex"], february.Select(e => e.Party));
        Assert.Equal(["acme"], january.Select(e => e.Party));
        Assert.Equal(22, acme.Count);
        Assert.Equal(20, acme.Count(e => e.RequestId == "r3"));
    }
}
