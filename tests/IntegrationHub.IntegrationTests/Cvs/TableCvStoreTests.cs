using Azure.Data.Tables;
using IntegrationHub.Core.Cvs;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;

namespace IntegrationHub.IntegrationTests.Cvs;

/// <summary>The CV store's commit rules on real Azurite: what a crash or a lost race leaves behind.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableCvStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _prefix = AzuriteFixture.NewPrefix();
    private HubStorage _storage = null!;
    private TableCvStore _store = null!;
    private StorageProbe _probe = null!;

    public async Task InitializeAsync()
    {
        _storage = await TestStorage.CreateAsync(azurite, _prefix);
        _store = new TableCvStore(_storage);
        _probe = new StorageProbe(azurite.ConnectionString, _prefix);
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private static CvWrite Write(string cvId, int version, string hash, string text = "{}") => new(
        new StoredCv
        {
            Registry = "nav", CvId = cvId, ExternalId = "ext-1", CitizenId = "cit-1", Version = version, ContentHash = hash,
            DocumentName = $"{cvId}/v{version:D6}-{hash}.json", UpdatedAt = DateTimeOffset.UtcNow, NationalIdFindings = [],
        },
        System.Text.Encoding.UTF8.GetBytes(text),
        new CvFacts
        {
            Registry = "nav", CvId = cvId, CitizenId = "cit-1", Version = version, Publication = "open", OccupationCodes = [],
            Places = [], Languages = [], Skills = [], HasEmailOrPhone = true, HasSpecialNeeds = false,
        });

    [Fact]
    public async Task Commit_LosingARace_LeavesTheWinnerIntactAndItsOwnDocumentUnreferenced()
    {
        const string cvId = "aaaaaaaaaaaaaaaaaaaaaaaaaa";
        Assert.True(await _store.CommitAsync(Write(cvId, 1, "h1", "{\"v\":1}"), null, CancellationToken.None));
        var v1 = (await _store.FindByExternalIdAsync("nav", "ext-1", CancellationToken.None))!;
        Assert.True(await _store.CommitAsync(Write(cvId, 2, "h2", "{\"v\":2}"), v1, CancellationToken.None));

        // A late writer that read version 1 tries to commit its own version 2.
        var lost = await _store.CommitAsync(Write(cvId, 2, "late", "{\"v\":\"late\"}"), v1, CancellationToken.None);

        Assert.False(lost);
        var current = (await _store.GetAsync("nav", cvId, CancellationToken.None))!;
        Assert.Equal("h2", current.ContentHash);
        Assert.Equal("{\"v\":2}", System.Text.Encoding.UTF8.GetString((await _store.ReadDocumentAsync(current, CancellationToken.None)).Span));
    }

    [Fact]
    public async Task Commit_ANewCvLosingTheRaceForItsExternalId_DeletesItsOwnDocument_AndKeepsTheWinners()
    {
        // Two requests for the same new external id: each made up a CV id and uploaded its document; one transaction wins.
        const string winner = "gggggggggggggggggggggggggg", loser = "hhhhhhhhhhhhhhhhhhhhhhhhhh";
        Assert.True(await _store.CommitAsync(Write(winner, 1, "h1", "{\"v\":1}"), null, CancellationToken.None));

        var lost = await _store.CommitAsync(Write(loser, 1, "h1", "{\"v\":1}"), null, CancellationToken.None);

        Assert.False(lost);
        // Nothing names the loser's id, so nothing else would ever erase or export its document.
        Assert.Equal([$"{winner}/v000001-h1.json"], await _probe.BlobNamesAsync(CvsTables.CvContainer));
        Assert.Equal(winner, (await _store.FindByExternalIdAsync("nav", "ext-1", CancellationToken.None))!.CvId);
    }

    [Fact]
    public async Task CrashBetweenDocumentAndIndex_LeavesTheOldVersionCurrent_AndTheOrphanIsErasedLater()
    {
        const string cvId = "bbbbbbbbbbbbbbbbbbbbbbbbbb";
        Assert.True(await _store.CommitAsync(Write(cvId, 1, "h1"), null, CancellationToken.None));
        var pendingBefore = await _store.ReadPendingAsync("nav", 10, CancellationToken.None);
        // The process dies after uploading version 2's document, before the index transaction.
        await _storage.Container(CvsTables.CvContainer).UploadBlobAsync($"{cvId}/v000002-crashed.json", BinaryData.FromString("{\"v\":2}"));

        var current = (await _store.GetAsync("nav", cvId, CancellationToken.None))!;

        Assert.Equal(1, current.Version);
        Assert.Equal($"{cvId}/v000001-h1.json", current.DocumentName);
        Assert.Equal(pendingBefore.Select(p => (p.CvId, p.Version)), (await _store.ReadPendingAsync("nav", 10, CancellationToken.None)).Select(p => (p.CvId, p.Version)));

        // The retry commits version 2 under its own name; erasing superseded versions then removes version 1 only,
        // and deleting the CV removes everything, the orphan included.
        Assert.True(await _store.CommitAsync(Write(cvId, 2, "h2"), current, CancellationToken.None));
        await _store.EraseDocumentsAsync(cvId, olderThanVersion: 2, CancellationToken.None);
        Assert.Equal([$"{cvId}/v000002-crashed.json", $"{cvId}/v000002-h2.json"], (await _probe.BlobNamesAsync(CvsTables.CvContainer)).Order());
        await _store.EraseDocumentsAsync(cvId, olderThanVersion: null, CancellationToken.None);
        Assert.Empty(await _probe.BlobNamesAsync(CvsTables.CvContainer));
    }

    [Fact]
    public async Task Commit_LeavesOneChangeSignalPerCv_CarryingTheLatestVersionAndFacts()
    {
        const string cvId = "cccccccccccccccccccccccccc";
        await _store.CommitAsync(Write(cvId, 1, "h1"), null, CancellationToken.None);
        var v1 = await _store.FindByExternalIdAsync("nav", "ext-1", CancellationToken.None);
        await _store.CommitAsync(Write(cvId, 2, "h2"), v1, CancellationToken.None);

        var pending = Assert.Single(await _store.ReadPendingAsync("nav", 10, CancellationToken.None));

        Assert.Equal((cvId, 2, CvOperations.Upserted), (pending.CvId, pending.Version, pending.Operation));
        Assert.Equal(2, pending.Facts!.Version);
        Assert.Equal("cit-1", pending.Facts.CitizenId);
    }

    [Fact]
    public async Task GetWithFacts_AfterACommit_TakesTheFactsFromTheCvRow()
    {
        // ADR 0051: the commit writes the facts on the row by id; nothing has projected them (no pump runs here).
        const string cvId = "eeeeeeeeeeeeeeeeeeeeeeeeee";
        Assert.True(await _store.CommitAsync(Write(cvId, 1, "h1"), null, CancellationToken.None));

        var cv = await _store.GetWithFactsAsync("nav", cvId, CancellationToken.None);

        Assert.Equal((1, "cit-1", "open"), (cv!.Facts!.Version, cv.Facts.CitizenId, cv.Facts.Publication));
        Assert.Null((await _store.GetAsync("nav", cvId, CancellationToken.None))!.Facts);
        Assert.Null(await new TableCvFactsStore(_storage).GetAsync("nav", cvId, CancellationToken.None));
    }

    [Fact]
    public async Task GetWithFacts_ARowCommittedBeforeTheFactsWereOnIt_TakesThemFromTheProjection()
    {
        // Arrange: a row as commits wrote it before ADR 0051 (no facts on it), and the pump's projection.
        const string cvId = "ffffffffffffffffffffffffff";
        Assert.True(await _store.CommitAsync(Write(cvId, 1, "h1"), null, CancellationToken.None));
        var table = _storage.Table(CvsTables.CvsTable);
        var row = (await table.GetEntityAsync<TableEntity>("nav", "cv|" + cvId)).Value;
        foreach (var property in new[] { "Publication", "OccupationCodes", "Places", "Languages", "Skills", "HasEmailOrPhone", "HasSpecialNeeds" })
        {
            row.Remove(property);
        }
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace);
        await new TableCvFactsStore(_storage).UpsertAsync("nav", [Write(cvId, 1, "h1").Facts with { Publication = "projected" }], CancellationToken.None);

        // Act
        var cv = await _store.GetWithFactsAsync("nav", cvId, CancellationToken.None);

        // Assert
        Assert.Equal("projected", cv!.Facts!.Publication);
    }

    [Fact]
    public async Task Acknowledge_ASignalRewrittenSinceItWasRead_KeepsTheNewerSignal()
    {
        const string cvId = "dddddddddddddddddddddddddd";
        await _store.CommitAsync(Write(cvId, 1, "h1"), null, CancellationToken.None);
        var read = await _store.ReadPendingAsync("nav", 10, CancellationToken.None);
        var v1 = await _store.FindByExternalIdAsync("nav", "ext-1", CancellationToken.None);
        await _store.CommitAsync(Write(cvId, 2, "h2"), v1, CancellationToken.None);

        await _store.AcknowledgeAsync("nav", read, CancellationToken.None);

        var left = Assert.Single(await _store.ReadPendingAsync("nav", 10, CancellationToken.None));
        Assert.Equal(2, left.Version);
    }

    [Fact]
    public async Task Remove_WithAStaleEntry_RefusesAndKeepsTheCv()
    {
        const string cvId = "eeeeeeeeeeeeeeeeeeeeeeeeee";
        await _store.CommitAsync(Write(cvId, 1, "h1"), null, CancellationToken.None);
        var stale = (await _store.GetAsync("nav", cvId, CancellationToken.None))!;
        var v1 = await _store.FindByExternalIdAsync("nav", "ext-1", CancellationToken.None);
        await _store.CommitAsync(Write(cvId, 2, "h2"), v1, CancellationToken.None);

        Assert.False(await _store.RemoveAsync(stale, CancellationToken.None));
        Assert.NotNull(await _store.GetAsync("nav", cvId, CancellationToken.None));
        var entities = await _probe.EntitiesAsync(CvsTables.CvsTable);
        Assert.Contains(entities, e => e.RowKey == "ext|ext-1");
    }
}
