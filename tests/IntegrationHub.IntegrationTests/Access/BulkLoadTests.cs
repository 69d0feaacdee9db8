using IntegrationHub.Core.Access;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Visibility;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>The bulk load paths of the search index and the visibility states leave what the one-at-a-time writes leave.</summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class BulkLoadTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private HubStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(azurite);
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private static CvSearchHit Hit(int i) => new(
        "nav", $"cit-{i:D4}", $"cv{i:D4}aaaaaaaaaaaaaaaaaaaaaa", "open", Start.AddMinutes(-i),
        [i % 2 == 0 ? "isco08:5321" : "isco08:2512"], ["0301"], ["nb"], ["excel"]);

    [Fact]
    public async Task SearchIndex_BulkAdd_ServesNewestFirstAcrossBatches_AndApplyRemovesEveryRowOfACv()
    {
        // Arrange: more CVs than one transaction holds, in every partition they share.
        var index = new TableCvSearchIndex(_storage);
        var hits = Enumerable.Range(0, 250).Select(Hit).ToList();

        // Act
        await index.BulkAddAsync(hits, concurrency: 4, CancellationToken.None);
        await index.ApplyAsync("nav", hits[0].CvId, null, CancellationToken.None);

        // Assert: all but the removed CV, newest activity first; the removed CV is gone from each of its partitions.
        var all = await index.ReadAsync(CvSearchKeys.All, null, 500, CancellationToken.None);
        Assert.Equal(hits.Skip(1).Select(h => h.CvId), all.Hits.Select(h => h.CvId));
        var newest = all.Hits[0];
        Assert.Equal((hits[1].CitizenId, hits[1].Presentation, hits[1].LastActivity), (newest.CitizenId, newest.Presentation, newest.LastActivity));
        Assert.Equal(hits[1].Occupations.Concat(hits[1].Municipalities).Concat(hits[1].Languages).Concat(hits[1].Skills),
            newest.Occupations.Concat(newest.Municipalities).Concat(newest.Languages).Concat(newest.Skills));
        foreach (var dimension in CvSearchKeys.Dimensions(hits[0]))
        {
            var rows = await index.ReadAsync(dimension, null, 500, CancellationToken.None);
            Assert.DoesNotContain(rows.Hits, h => h.CvId == hits[0].CvId);
        }
        Assert.Equal(125, (await index.ReadAsync(CvSearchKeys.Occupation("isco08:2512"), null, 500, CancellationToken.None)).Hits.Count);
    }

    [Fact]
    public async Task SearchIndex_AcrossBuckets_PagesNewestFirstThroughEveryBucket_AndAMoveToANewBucketLeavesNoOldRow()
    {
        // Arrange: 90 CVs 16 days apart, so their rows fall into five yearly partitions of a value dimension and 48
        // monthly partitions of "all" (in different shard tables).
        var index = new TableCvSearchIndex(_storage);
        var hits = Enumerable.Range(0, 90).Select(i => Hit(i) with { LastActivity = Start.AddDays(-16 * i) }).ToList();
        await index.BulkAddAsync(hits, concurrency: 4, CancellationToken.None);

        // Act: pages of 7, each from the previous page's continuation (a page boundary inside a bucket and at its end).
        var (read, pages) = await PageThroughAsync(index, CvSearchKeys.Language("nb"), 7);
        var (all, _) = await PageThroughAsync(index, CvSearchKeys.All, 7);

        // Act: the oldest CV's citizen logs in: its rows move to the newest month.
        var moved = hits[^1] with { LastActivity = Start.AddDays(1) };
        await index.ApplyAsync("nav", moved.CvId, moved, CancellationToken.None);
        var after = await index.ReadAsync(CvSearchKeys.Occupation(moved.Occupations[0]), null, 500, CancellationToken.None);

        // Assert
        Assert.Equal(["2026", "2025", "2024", "2023", "2022"], hits.Select(h => CvSearchKeys.Bucket(CvSearchKeys.Language("nb"), h.LastActivity)).Distinct());
        Assert.Equal(48, hits.Select(h => CvSearchKeys.Bucket(CvSearchKeys.All, h.LastActivity)).Distinct().Count());
        Assert.Equal(hits.Select(h => h.CvId), read);
        Assert.Equal(hits.Select(h => h.CvId), all);
        Assert.Equal(13, pages);
        Assert.Equal(moved.CvId, after.Hits[0].CvId);
        Assert.Single(after.Hits, h => h.CvId == moved.CvId);
        Assert.Equal(hits.Count(h => h.Occupations[0] == moved.Occupations[0]), after.Hits.Count);
    }

    private static async Task<(List<string> CvIds, int Pages)> PageThroughAsync(TableCvSearchIndex index, string dimension, int pageSize)
    {
        var read = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await index.ReadAsync(dimension, continuation, pageSize, CancellationToken.None);
            read.AddRange(page.Hits.Select(h => h.CvId));
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null);
        return (read, pages);
    }

    [Fact]
    public async Task SearchIndex_KeptDirectory_SeesItsOwnProcesssNewBucketAtOnce_AndAnotherInstancesOnlyWhenReadAgain()
    {
        // Arrange: a reader that has read the "all" directory (one month bucket), so it keeps it (ADR 0045).
        var reader = new TableCvSearchIndex(_storage);
        var first = Hit(0);
        await reader.ApplyAsync("nav", first.CvId, first, CancellationToken.None);
        Assert.Single((await reader.ReadAsync(CvSearchKeys.All, null, 50, CancellationToken.None)).Hits);

        // Act: another instance indexes a CV in a month the directory did not list; then this process one in another.
        var elsewhere = Hit(1) with { LastActivity = Start.AddMonths(-2) };
        await new TableCvSearchIndex(_storage).ApplyAsync("nav", elsewhere.CvId, elsewhere, CancellationToken.None);
        var kept = await reader.ReadAsync(CvSearchKeys.All, null, 50, CancellationToken.None);
        var fresh = await new TableCvSearchIndex(_storage).ReadAsync(CvSearchKeys.All, null, 50, CancellationToken.None);
        var here = Hit(2) with { LastActivity = Start.AddMonths(-4) };
        await reader.ApplyAsync("nav", here.CvId, here, CancellationToken.None);
        var afterOwn = await reader.ReadAsync(CvSearchKeys.All, null, 50, CancellationToken.None);

        // Assert: the kept directory misses only the other instance's new month, for at most its lifetime; a fresh reader
        // and this process after its own widening read the row again.
        Assert.Equal([first.CvId], kept.Hits.Select(h => h.CvId));
        Assert.Equal([first.CvId, elsewhere.CvId], fresh.Hits.Select(h => h.CvId));
        Assert.Equal([first.CvId, elsewhere.CvId, here.CvId], afterOwn.Hits.Select(h => h.CvId));
        Assert.Equal(TimeSpan.FromSeconds(60), TableCvSearchIndex.DirectoryLifetime);
    }

    [Fact]
    public async Task SearchIndex_SparseDimension_PagesThroughManyYearsWithoutASkipOrARepeat()
    {
        // Arrange: a rare skill held by one to four CVs a year over 12 years, among CVs that fill the years without
        // it, so a page of 5 takes rows from several years.
        var index = new TableCvSearchIndex(_storage);
        var hits = Enumerable.Range(0, 140).Select(i => Hit(i) with
        {
            LastActivity = Start.AddDays(-30 * i),
            Skills = i % 7 == 0 || i % 11 == 0 ? ["kran"] : ["excel"],
        }).ToList();
        await index.BulkAddAsync(hits, concurrency: 4, CancellationToken.None);
        var expected = hits.Where(h => h.Skills[0] == "kran").Select(h => h.CvId).ToList();

        // Act
        var read = new List<string>();
        string? continuation = null;
        do
        {
            var page = await index.ReadAsync(CvSearchKeys.Skill("kran"), continuation, 5, CancellationToken.None);
            Assert.True(page.Hits.Count == 5 || page.Continuation is null, $"a short page ({page.Hits.Count}) with a continuation");
            read.AddRange(page.Hits.Select(h => h.CvId));
            continuation = page.Continuation;
        }
        while (continuation is not null);

        // Assert: every year the skill is in was read, newest first, each CV once.
        Assert.True(expected.Select(id => CvSearchKeys.Bucket(CvSearchKeys.Skill("kran"), hits.Single(h => h.CvId == id).LastActivity)).Distinct().Count() >= 10);
        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task VisibilityStates_BulkAdd_ReadBackWithHistory_AndTakeTheNextWriteByETag()
    {
        // Arrange: 60 citizens, three rows each (state, history, exposure), so several transactions.
        var store = new TableVisibilityStateStore(_storage);
        var policy = VisibilityPolicies.For("NO");
        var states = Enumerable.Range(0, 60).Select(i =>
        {
            var cv = new CvInForce($"cv{i:D4}aaaaaaaaaaaaaaaaaaaaaa", "open", null);
            var facts = FactLedger.Fold([AllClear($"cit-{i:D4}")]).ToCitizenFacts(cvPresent: true, cv.Publication, null);
            return new VisibilityState
            {
                Registry = "nav", CitizenId = $"cit-{i:D4}", Cv = cv, Facts = facts, Decision = policy.Decide(facts, Start),
                DecidedAt = Start, ExposedSince = Start, Sequence = 1,
            };
        }).ToList();

        // Act
        await store.BulkAddAsync(states, concurrency: 4, CancellationToken.None);

        // Assert
        foreach (var state in states)
        {
            var read = await store.GetAsync("nav", state.CitizenId, CancellationToken.None);
            Assert.Equal(state.Cv, read!.Cv);
            Assert.True(read.Decision.EmployerView().Searchable);
            Assert.Single(await store.HistoryAsync("nav", state.CitizenId, CancellationToken.None));
        }
        var first = (await store.GetAsync("nav", states[0].CitizenId, CancellationToken.None))!;
        Assert.True(await store.TryWriteAsync(first with { Sequence = 2 }, first, [], CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => store.BulkAddAsync([states[1]], 1, CancellationToken.None));
    }

    [Fact]
    public async Task VisibilityStates_SeedMarkedAsMoved_CostTheRetentionsOneOffMoveNoPage_WhileAnUnmarkedSeedIsRead()
    {
        // Arrange: the same five citizens in two registries' partitions, one of them marked as holding no history rows
        // from before ADR 0023 (what ./hub bench access does after its seed).
        var store = new TableVisibilityStateStore(_storage);
        var policy = VisibilityPolicies.For("NO");
        var states = new[] { "nav", "navb" }.SelectMany(registry => Enumerable.Range(0, 5).Select(i =>
        {
            var cv = new CvInForce($"cv{i:D4}bbbbbbbbbbbbbbbbbbbbbb", "open", null);
            var facts = FactLedger.Fold([AllClear($"cit-{i:D4}")]).ToCitizenFacts(cvPresent: true, cv.Publication, null);
            return new VisibilityState
            {
                Registry = registry, CitizenId = $"cit-{i:D4}", Cv = cv, Facts = facts, Decision = policy.Decide(facts, Start),
                DecidedAt = Start, ExposedSince = Start, Sequence = 1,
            };
        })).ToList();
        await store.BulkAddAsync(states, concurrency: 2, CancellationToken.None);
        await store.MarkLegacyHistoryMovedAsync("nav", CancellationToken.None);

        // Act: the retention purge's one-off move over each partition.
        var marked = await store.MoveLegacyHistoryAsync("nav", 36, Start, 10, CancellationToken.None);
        var unmarked = await store.MoveLegacyHistoryAsync("navb", 36, Start, 10, CancellationToken.None);

        // Assert: the marked partition is not read page by page; the unmarked one is (and holds nothing to move either).
        Assert.Equal((0L, 0L, 0), marked);
        Assert.Equal((0L, 0L), (unmarked.Moved, unmarked.Deleted));
        Assert.True(unmarked.Batches >= 1);
        foreach (var state in states)
        {
            Assert.NotNull(await store.GetAsync(state.Registry, state.CitizenId, CancellationToken.None));
        }
    }

    [Fact]
    public async Task VisibilityStates_EmployerViewColumns_AgreeWithTheStateDocument_ThroughAWithdrawalAndAnAnonymousCv()
    {
        // Arrange: one open and searchable, one anonymous, one whose consent is then withdrawn.
        var store = new TableVisibilityStateStore(_storage);
        var policy = VisibilityPolicies.For("NO");
        VisibilityState Decided(int i, string publication, bool consent)
        {
            var cv = new CvInForce($"cv{i:D4}bbbbbbbbbbbbbbbbbbbbbb", publication, null);
            var snapshot = AllClear($"view-{i:D4}");
            var facts = FactLedger.Fold([snapshot with { Facts = new Dictionary<CitizenFact, FactValue>(snapshot.Facts!) { [CitizenFact.ConsentToEmployers] = new(consent) } }])
                .ToCitizenFacts(cvPresent: true, cv.Publication, null);
            return new VisibilityState
            {
                Registry = "nav", CitizenId = $"view-{i:D4}", Cv = cv, Facts = facts, Decision = policy.Decide(facts, Start),
                DecidedAt = Start, ExposedSince = Start, Sequence = 1,
            };
        }
        var open = Decided(1, "open", consent: true);
        var anonymous = Decided(2, "anonymous", consent: true);
        var withdrawing = Decided(3, "open", consent: true);
        foreach (var state in new[] { open, anonymous, withdrawing })
        {
            Assert.True(await store.TryWriteAsync(state, null, [], CancellationToken.None));
        }
        var before = (await store.GetAsync("nav", withdrawing.CitizenId, CancellationToken.None))!;
        var withdrawn = Decided(3, "open", consent: false) with { Sequence = 2, DecidedAt = Start.AddMinutes(1) };
        Assert.True(await store.TryWriteAsync(withdrawn, before, [], CancellationToken.None));

        // Act / Assert: the four columns say what the document says.
        foreach (var citizen in new[] { open.CitizenId, anonymous.CitizenId, withdrawing.CitizenId, "nobody" })
        {
            var lean = await store.GetEmployerViewAsync("nav", citizen, CancellationToken.None);
            Assert.Equal(EmployerViewNow.Of(await store.GetAsync("nav", citizen, CancellationToken.None)), lean);
        }
        Assert.Equal(new EmployerViewNow(open.Cv!.CvId, true, true, Presentation.Open), await store.GetEmployerViewAsync("nav", open.CitizenId, CancellationToken.None));
        Assert.Equal(Presentation.Anonymous, (await store.GetEmployerViewAsync("nav", anonymous.CitizenId, CancellationToken.None))!.Presentation);
        Assert.False((await store.GetEmployerViewAsync("nav", withdrawing.CitizenId, CancellationToken.None))!.Visible);
    }

    private static CitizenEvent AllClear(string citizenId) => new()
    {
        Id = "seed-" + citizenId,
        Registry = "nav",
        CitizenId = citizenId,
        Type = CitizenEventTypes.StatusSnapshot,
        Source = "urn:test",
        Time = Start,
        Facts = new Dictionary<CitizenFact, FactValue>
        {
            [CitizenFact.ConsentToEmployers] = new(true),
            [CitizenFact.WorkOrientedBenefit] = new(false),
            [CitizenFact.ReducedWorkCapacityBenefit] = new(false),
            [CitizenFact.AgreedToShowDespiteReducedCapacity] = new(false),
            [CitizenFact.JobReady] = new(true),
            [CitizenFact.ProtectedAddress] = new(false),
        },
    };
}
