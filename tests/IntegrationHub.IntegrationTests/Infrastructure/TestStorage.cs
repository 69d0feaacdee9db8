using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>The hub's storage on the test run's Azurite under a prefix of its own, with every table, container and queue created.</summary>
public static class TestStorage
{
    /// <param name="countRequests">Count every request of its clients (<see cref="HubStorage.Requests"/>), for tests that pin what a call costs.</param>
    public static async Task<HubStorage> CreateAsync(AzuriteFixture azurite, string? prefix = null, bool countRequests = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(azurite.Settings).Build();
        var storage = new HubStorage(configuration, Options.Create(new StorageOptions { NamePrefix = prefix ?? AzuriteFixture.NewPrefix(), CountRequests = countRequests }));
        await new StorageInitializer(storage, Options.Create(new StorageOptions())).StartAsync(CancellationToken.None);
        return storage;
    }
}
