using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Retention;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;
using IntegrationHub.Storage.Retention;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Retention;

/// <summary>
/// CV documents no row names (ADR 0002: the process died between a new CV's upload and its transaction), swept by the
/// retention purge on real Azurite. A blob's last-modified time is Azurite's, the machine's clock, so the purge's clock
/// starts at the machine's now and is set ahead to age the blobs; nothing sleeps.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrphanCvDocumentsRetentionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly IOptions<HubOptions> Hub = Options.Create(new HubOptions
    {
        Registries = new(StringComparer.Ordinal)
        {
            ["nav"] = new RegistrySettings { Jurisdiction = "NO" },
            ["jobnet"] = new RegistrySettings { Jurisdiction = "DK" },
        },
    });

    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private readonly SettableClock _clock = new();
    private HubStorage _storage = null!;
    private StorageProbe _probe = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(azurite, _prefix);
        _probe = new StorageProbe(azurite.ConnectionString, _prefix);
        // No history rows from before ADR 0023 here: the passes' budget goes to the sweep from the first tick.
        var visibility = new TableVisibilityStateStore(_storage, Hub);
        foreach (var registry in Hub.Value.Registries.Keys)
        {
            await visibility.MarkLegacyHistoryMovedAsync(registry, CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private RetentionPurge Purge(RetentionOptions? options = null) => TestRetention.Purge(_storage, Hub, _clock, options);

    /// <summary>A CV committed as intake commits it: its document, then its rows.</summary>
    private async Task CommitAsync(string registry, string cvId, int version = 1, StoredCv? previous = null)
    {
        var cv = new StoredCv
        {
            Registry = registry, CvId = cvId, ExternalId = "ext-" + cvId, CitizenId = "cit-" + cvId, Version = version, ContentHash = $"h{version}",
            DocumentName = $"{cvId}/v{version:D6}-h{version}.json", UpdatedAt = DateTimeOffset.UtcNow, NationalIdFindings = [],
        };
        var facts = new CvFacts
        {
            Registry = registry, CvId = cvId, CitizenId = cv.CitizenId, Version = version, Publication = "open", OccupationCodes = [],
            Places = [], Languages = [], Skills = [], HasEmailOrPhone = true, HasSpecialNeeds = false,
        };
        Assert.True(await new TableCvStore(_storage).CommitAsync(new CvWrite(cv, System.Text.Encoding.UTF8.GetBytes($"{{\"v\":{version}}}"), facts), previous, CancellationToken.None));
    }

    /// <summary>What a process that died after a new CV's upload leaves: a document under an id no row names.</summary>
    private async Task UploadOrphanAsync(string cvId) =>
        await _storage.Container(CvsTables.CvContainer).UploadBlobAsync($"{cvId}/v000001-crashed.json", BinaryData.FromString("{\"v\":1}"));

    private async Task<List<string>> BlobsAsync() => [.. (await _probe.BlobNamesAsync(CvsTables.CvContainer)).Order(StringComparer.Ordinal)];

    private static long Swept(IReadOnlyList<PurgedCount> removed) =>
        removed.SingleOrDefault(r => r.Store == RetentionPurge.OrphanCvDocumentsStore)?.Count ?? 0;

    [Fact]
    public async Task OrphanOlderThanTheGrace_IsDeleted_YoungerItStays_ACvWithRowsKeepsEveryBlob()
    {
        // Arrange: a CV with two versions' documents (the older not yet erased) and an orphan beside it.
        var kept = HubIds.NewRandomId();
        var orphan = HubIds.NewRandomId();
        await CommitAsync("nav", kept);
        await CommitAsync("nav", kept, 2, await new TableCvStore(_storage).GetAsync("nav", kept, CancellationToken.None));
        await UploadOrphanAsync(orphan);
        var uploaded = DateTimeOffset.UtcNow;

        // Act: a pass half an hour later (within the hour's grace: a commit in flight), then one a day and an hour later
        // (past the grace, and the next cycle due).
        _clock.Now = uploaded.AddMinutes(30);
        var young = await Purge().RunOnceAsync(CancellationToken.None);
        var afterYoung = await BlobsAsync();
        _clock.Now = uploaded.AddHours(25);
        var old = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(0, Swept(young));
        Assert.Contains($"{orphan}/v000001-crashed.json", afterYoung);
        Assert.Equal(1, Swept(old));
        Assert.Equal([$"{kept}/v000001-h1.json", $"{kept}/v000002-h2.json"], await BlobsAsync());
    }

    [Fact]
    public async Task Sweep_WithABudgetOfOnePage_ResumesFromItsCursorAcrossPasses()
    {
        // Arrange: four CVs with rows whose ids sort first, then two orphans; pages of two names, one batch a pass.
        string[] withRows = [new('a', 26), new('b', 26), new('c', 26), new('d', 26)];
        string[] orphans = [new('x', 26), new('y', 26)];
        foreach (var cvId in withRows)
        {
            await CommitAsync("nav", cvId);
        }
        foreach (var cvId in orphans)
        {
            await UploadOrphanAsync(cvId);
        }
        _clock.Now = DateTimeOffset.UtcNow.AddHours(2);
        var paced = new RetentionOptions { BatchesPerTick = 1, OrphanDocumentPageSize = 2 };

        // Act
        var swept = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            swept.Add(Swept(await Purge(paced).RunOnceAsync(CancellationToken.None)));
        }

        // Assert: the third pass reached the orphans (a pass that started over from the beginning would never get past
        // the first page); the fourth found the cycle done and the next one not due.
        Assert.Equal([0L, 0L, 2L, 0L], swept);
        Assert.Equal([.. withRows.Select(id => $"{id}/v000001-h1.json")], await BlobsAsync());
    }

    [Fact]
    public async Task Sweep_ARegistryMissingFromTheConfiguration_StopsTheSweep_AndDeletesNothing()
    {
        // Arrange: a registry's CVs whose registry the configuration no longer names (a deployment's mistake): to the
        // sweep they look like orphans, more of them than crashes leave.
        var unnamed = Enumerable.Range(0, CvOrphanDocumentSweep.OrphanFloor + 5).Select(_ => HubIds.NewRandomId()).ToList();
        foreach (var cvId in unnamed)
        {
            await CommitAsync("werk", cvId);
        }
        var before = await BlobsAsync();
        _clock.Now = DateTimeOffset.UtcNow.AddHours(2);

        // Act: two passes, then the sweep asked directly.
        var removed = new[] { await Purge().RunOnceAsync(CancellationToken.None), await Purge().RunOnceAsync(CancellationToken.None) };
        var direct = await new CvOrphanDocumentSweep(_storage).SweepAsync([.. Hub.Value.Registries.Keys], _clock.Now, TimeSpan.FromHours(1),
            TimeSpan.FromDays(1), pageSize: 1000, maxBatches: 10, CancellationToken.None);

        // Assert: nothing deleted, and the sweep says it stopped (the purge logs it).
        Assert.All(removed, r => Assert.Equal(0, Swept(r)));
        Assert.True(direct.Stopped);
        Assert.Equal(before, await BlobsAsync());
    }

    [Fact]
    public async Task Sweep_ACvOfTheSecondRegistry_IsNotTakenForAnOrphan()
    {
        // Arrange: a CV of jobnet (the second registry configured) and an orphan.
        var danish = HubIds.NewRandomId();
        var orphan = HubIds.NewRandomId();
        await CommitAsync("jobnet", danish);
        await UploadOrphanAsync(orphan);
        _clock.Now = DateTimeOffset.UtcNow.AddHours(2);

        // Act
        var removed = await Purge().RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(1, Swept(removed));
        Assert.Equal([$"{danish}/v000001-h1.json"], await BlobsAsync());
    }
}
