using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Infra;

/// <summary>The search index's tables go to the "SearchStorage" account when one is configured (ADR 0013), the period tables to
/// "PeriodStorage" (ADR 0030), every other table to the hub's.</summary>
public sealed class HubStorageRoutingTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static HubStorage Storage(string? search) => new(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;",
            ["SearchStorage"] = search,
        }).Build(),
        Options.Create(new StorageOptions { NamePrefix = "t1" }));

    [Fact]
    public void SearchStorageSet_IndexTablesGoThere_AndEveryOtherTableToTheHubAccount()
    {
        // Arrange
        using var storage = Storage($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10003/devstoreaccount1;");

        // Act
        var ports = StorageNames.Tables.ToDictionary(t => t, t => storage.Table(t).Uri.Port);

        // Assert
        Assert.All(StorageNames.SearchIndexTables, t => Assert.Equal(10003, ports[t]));
        Assert.All(StorageNames.Tables.Except(StorageNames.SearchIndexTables), t => Assert.Equal(10002, ports[t]));
        Assert.Equal(1 + AccessTables.CvSearchShardCount, StorageNames.SearchIndexTables.Count);
        Assert.Equal("t1CvSearch63", storage.Table("CvSearch63").Name);
    }

    [Fact]
    public void SearchStorageUnset_EveryTableIsInTheHubAccount()
    {
        // Arrange
        using var storage = Storage(search: null);

        // Act / Assert
        Assert.Null(storage.SearchTables);
        Assert.All(StorageNames.Tables, t => Assert.Equal(10002, storage.Table(t).Uri.Port));
    }

    [Fact]
    public void SearchStorageAsAnIdentitySection_UsesItsTableServiceUri()
    {
        // Arrange: the shape Azure gets from Bicep (SearchStorage__tableServiceUri + the managed identity).
        using var storage = new HubStorage(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;",
                ["SearchStorage:tableServiceUri"] = "https://stsrchexample.table.core.windows.net/",
                ["SearchStorage:credential"] = "managedidentity",
            }).Build(),
            Options.Create(new StorageOptions()));

        // Act
        var index = storage.Table(AccessTables.CvSearchManifestTable).Uri;

        // Assert
        Assert.Equal("stsrchexample.table.core.windows.net", index.Host);
        Assert.Equal(10002, storage.Table(VisibilityTables.VisibilityTable).Uri.Port);
    }

    [Theory]
    [InlineData(HubStorage.SearchConnectionName)]
    [InlineData(HubStorage.PeriodConnectionName)]
    public void TablesAccountWithABadTableServiceUri_FailsAtStart_NamingTheSetting(string connection)
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;",
            [connection + ":tableServiceUri"] = "not a uri",
        }).Build();

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => new HubStorage(configuration, Options.Create(new StorageOptions())));

        // Assert
        Assert.Contains(connection + "__tableServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PeriodStorageSet_PeriodTablesGoThere_AndTheListingToo()
    {
        // Arrange: the shape Azure gets from Bicep (PeriodStorage__tableServiceUri + the managed identity, ADR 0030).
        using var storage = new HubStorage(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;",
                ["PeriodStorage:tableServiceUri"] = "https://stperexample.table.core.windows.net/",
                ["PeriodStorage:credential"] = "managedidentity",
            }).Build(),
            Options.Create(new StorageOptions { NamePrefix = "t1" }));
        var periods = new PeriodTables(storage, AccessTables.AccessLogTable, hub: null);

        // Act
        var month = periods.Table(periods.Name("NO", "202612")).Uri;

        // Assert: the month table and the listing DropExpiredAsync reads are on the period account; the hub's tables are not.
        Assert.Equal("stperexample.table.core.windows.net", month.Host);
        Assert.EndsWith("/t1AccessLogNO202612", month.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("stperexample.table.core.windows.net", storage.PeriodTables.Uri.Host);
        Assert.All(StorageNames.Tables, t => Assert.Equal(10002, storage.Table(t).Uri.Port));
    }

    [Fact]
    public void PeriodStorageUnset_PeriodTablesAreInTheHubAccount()
    {
        // Arrange: local runs, where the month tables share the one Azurite.
        using var storage = Storage(search: null);
        var periods = new PeriodTables(storage, "VisibilityHistory", hub: null);

        // Act
        var month = periods.Table(periods.Name("DK", "202612")).Uri;

        // Assert
        Assert.Equal(10002, month.Port);
        Assert.Same(storage.Tables, storage.PeriodTables);
    }
}
