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

// The storage-backed classes are split over three collections, each with an Azurite of its own, so that they run side by
// side (xunit runs collections in parallel and the classes of one collection one after another). One Azurite is a
// single-threaded Node process per service, and a class spends about half its time waiting for pollers and pumps: one
// collection left a two-core machine half idle and made the integration run 28 minutes long. The split is by
// capability and balanced on the classes' times (the slowest classes are printed by ./hub test); a new class joins the
// collection of its capability.

/// <summary>Job ads, visibility, CV intake, the dev host, the console, retention and the rest.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

/// <summary>Employer access and search (Access) and authorization (Auth).</summary>
[CollectionDefinition(Name)]
public sealed class AccessAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite: access";
}

/// <summary>Inbound hardening (fuzz, body pipeline), breach campaigns, erasure, telemetry and audit.</summary>
[CollectionDefinition(Name)]
public sealed class SafetyAzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite: hardening, breach, erasure";
}
