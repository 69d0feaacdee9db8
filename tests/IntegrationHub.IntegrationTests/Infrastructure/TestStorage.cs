using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>The hub's storage on the test run's Azurite under a prefix of its own, with every table, container and queue created.</summary>
public static class TestStorage
{
    public static async Task<HubStorage> CreateAsync(AzuriteFixture azurite, string? prefix = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(azurite.Settings).Build();
        var storage = new HubStorage(configuration, Options.Create(new StorageOptions { NamePrefix = prefix ?? AzuriteFixture.NewPrefix() }));
        await new StorageInitializer(storage, Options.Create(new StorageOptions())).StartAsync(CancellationToken.None);
        return storage;
    }
}
