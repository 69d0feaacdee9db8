using Azure.Data.Tables;
using IntegrationHub.Core.Access;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>
/// ADR 0045's one-time sweep on a hub with nothing to sweep writes nothing: an idle hub's timers change no storage, which
/// the fuzz suite relies on when it checks that a refused request stored nothing (its cursor row once landed between a
/// case's two storage counts).
/// </summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class SearchSweepIdleTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;

    public async Task InitializeAsync() => _host = await HubTestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Sweep_AnIndexWithNothingToSweep_WritesNoCursorAndReadsNothingMoreInThisProcess()
    {
        var repair = ActivatorUtilities.CreateInstance<SearchIndexRepair>(_host.Services);
        var manifests = new TableServiceClient(azurite.SearchConnectionString).GetTableClient(_host.Prefix + AccessTables.CvSearchManifestTable);

        // One page of each sweep (manifests without rows, then with rows), then nothing more.
        Assert.Equal(0, await repair.SweepManifestsAsync(CancellationToken.None));
        Assert.Equal(0, await repair.SweepManifestsAsync(CancellationToken.None));
        Assert.Equal(0, await repair.SweepManifestsAsync(CancellationToken.None));

        var rows = new List<string>();
        await foreach (var row in manifests.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add(row.PartitionKey + "/" + row.RowKey);
        }
        Assert.Empty(rows);
        Assert.False((await _host.Services.GetRequiredService<ICvSearchIndex>().SweepCursorAsync(ManifestSweep.WithoutRows, CancellationToken.None)).Done);
        Assert.False((await _host.Services.GetRequiredService<ICvSearchIndex>().SweepCursorAsync(ManifestSweep.WithRows, CancellationToken.None)).Done);
    }
}
