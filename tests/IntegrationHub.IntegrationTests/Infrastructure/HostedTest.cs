using IntegrationHub.Core.Callers;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>A test with its own dev host (own resource prefix) on the shared Azurite, a probe into its storage and a NAV registry client.</summary>
public abstract class HostedTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected HubTestHost Host { get; private set; } = null!;

    protected StorageProbe Probe { get; private set; } = null!;

    /// <summary>A client of the "nav" registry with role Cv.Submit.</summary>
    protected HttpClient Nav { get; private set; } = null!;

    /// <summary>Settings over the test host's base settings, for a class that needs its own.</summary>
    protected virtual IDictionary<string, string?>? HostSettings => null;

    public virtual async Task InitializeAsync()
    {
        Host = await HubTestHost.StartAsync(Azurite, HostSettings);
        Probe = new StorageProbe(Azurite.ConnectionString, Host.Prefix);
        Nav = Host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}
