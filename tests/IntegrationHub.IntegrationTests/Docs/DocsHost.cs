using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.StandIns;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// The set-up the docs-as-written tests share: the boards' stand-ins and a dev host that posts to them; with
/// <c>asHubTokenSeesThem</c>, a host that also trusts what <c>./hub token</c> mints (local.settings.json's issuer and
/// client bindings), after one <c>./hub token</c> has created that file and key as on a fresh clone. Each test class
/// gets its own: the demo suspends an employer and drafts a campaign, which the other tests must not find.
/// </summary>
public sealed class DocsHost : IAsyncDisposable
{
    /// <summary>How long one command-line step (bash, dotnet) may take on a busy machine.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    private readonly BoardStandIns _boards;

    private DocsHost(BoardStandIns boards, HubTestHost host)
    {
        _boards = boards;
        Host = host;
    }

    public HubTestHost Host { get; }

    public static async Task<DocsHost> StartAsync(AzuriteFixture azurite, bool asHubTokenSeesThem)
    {
        Dictionary<string, string?> settings = [];
        if (asHubTokenSeesThem)
        {
            ProcessRunner.Run("bash", ["hub", "token", "--role", "Cv.Read", "--client", "dev-employer-acme"], RepoPaths.Root, StepTimeout);
            settings = LocalDevSettings.AsHubTokenSeesThem();
        }
        var boards = await BoardStandIns.StartAsync();
        try
        {
            foreach (var (key, value) in boards.Settings())
            {
                settings[key] = value;
            }
            return new DocsHost(boards, await HubTestHost.StartAsync(azurite, settings));
        }
        catch
        {
            await boards.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _boards.DisposeAsync();
    }
}
