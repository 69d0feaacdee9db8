using IntegrationHub.DevHost;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>A real Azurite for the test run (see <see cref="LocalAzurite"/>); installed by `npm ci` (./hub test does it).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private LocalAzurite? _azurite;

    public string ConnectionString => Started.ConnectionString;

    /// <summary>The search index's account (ADR 0013): a second table process.</summary>
    public string SearchConnectionString => Started.SearchConnectionString;

    /// <summary>Both connections, as the hub's configuration takes them.</summary>
    public IReadOnlyDictionary<string, string?> Settings => Started.Settings;

    /// <summary>SIGSTOP to every Azurite process (storage away, data kept); <see cref="Resume"/> continues them.</summary>
    public void Pause() => Started.Pause();

    public void Resume() => Started.Resume();

    private LocalAzurite Started => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await LocalAzurite.StartAsync(RepoPaths.Root);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A storage resource prefix unique to one test class (or test).</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
