using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Docs;

/// <summary>
/// <c>./hub demo</c>, run as a newcomer runs it (the script, from the repository root, with local.settings.json's dev
/// clients) against a dev host, at a small size: CVs of three registries, events, ads, a harvesting employer that
/// gets suspended, a drafted campaign; run twice, the second run duplicates nothing.
/// </summary>
[Collection(DocsCollection.Name)]
public sealed class DemoCommandTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = DocsHost.StepTimeout;
    private DocsHost _docs = null!;

    private HubTestHost Host => _docs.Host;

    public async Task InitializeAsync() => _docs = await DocsHost.StartAsync(azurite, asHubTokenSeesThem: true);

    public async Task DisposeAsync() => await _docs.DisposeAsync();

    [Fact]
    public async Task Demo_RunTwice_SeedsEveryCapabilityOnce_AndPrintsWhatToTry()
    {
        string[] demo = ["hub", "demo", "--url", Host.BaseAddress.ToString().TrimEnd('/'), "--cvs", "360"];

        var first = ProcessRunner.Run("bash", demo, RepoPaths.Root, Timeout);
        var second = ProcessRunner.Run("bash", demo, RepoPaths.Root, Timeout);

        // The first run creates: CVs in three registries, their events, 12 ads, a suspension, a campaign.
        Assert.Contains("[demo] nav (NO): 120 CVs: 120 accepted", first, StringComparison.Ordinal);
        Assert.Contains("[demo] jobnet (DK): 120 CVs: 120 accepted", first, StringComparison.Ordinal);
        Assert.Contains("[demo] werk (NL): 120 CVs: 120 accepted", first, StringComparison.Ordinal);
        Assert.Contains("[demo] nav: 120 status events: 120 applied", first, StringComparison.Ordinal);
        Assert.Contains("[demo] 12 job ads", first, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(first, @"harvesting employer read \d+ CVs and was suspended \(incident "), first);
        Assert.Contains("[demo] drafted a breach campaign", first, StringComparison.Ordinal);
        Assert.Contains("/api/console", first, StringComparison.Ordinal);

        // The second finds everything in place.
        Assert.Contains("[demo] nav (NO): 120 CVs: 120 unchanged", second, StringComparison.Ordinal);
        Assert.Contains("[demo] werk: 120 status events: 120 duplicate", second, StringComparison.Ordinal);
        Assert.Contains("already suspended", second, StringComparison.Ordinal);
        Assert.Contains("already drafted", second, StringComparison.Ordinal);

        // In the hub: one campaign, one incident, and the rules at work (some CVs visible, some hidden).
        var local = LocalDevSettings.AsHubTokenSeesThem();
        var issuer = IntegrationHub.Functions.Hosting.DevIssuer.Load(local["Auth:DevIssuer:KeyFile"]!, create: false);
        var privacy = Host.Client(issuer.Mint(local["AzureAd:ClientId"]!, "dev-privacy", [HubRoles.BreachManage], "5d1e6f7a-2b3c-4d5e-8f90-a1b2c3d4e5f6"));
        Assert.Single((await privacy.GetFromJsonAsync<JsonObject>("api/breaches"))!["items"]!.AsArray());
        Assert.Single((await privacy.GetFromJsonAsync<JsonObject>("api/incidents"))!["items"]!.AsArray());
    }
}
