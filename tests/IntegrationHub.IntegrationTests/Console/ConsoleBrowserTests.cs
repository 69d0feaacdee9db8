using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Breach;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Console;

/// <summary>
/// The privacy console end to end in a real headless Chromium over the dev host: a harvesting incident is replayed
/// (a named employer user reads past the account's daily ceiling and is suspended), then tests/console/console.e2e.mjs
/// signs in with named dev tokens, opens the incident (its reads-per-hour chart and CVs by registry), drafts a campaign
/// from it, dry-runs it, has a second person approve it, starts, pauses and resumes it, and reads and downloads the
/// authority report; only the actions the campaign's state allows are offered, and axe-core finds no serious or
/// critical accessibility violation on any screen. Screenshots land in artifacts/console-screenshots/ (docs/console/
/// holds a committed set).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConsoleBrowserTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Alice = "0b7a3c6e-0000-4000-8000-00000000a11c";
    private const string Bob = "0b7a3c6e-0000-4000-8000-0000000000b0";

    // Synthetic names (the people of the privacy team, and the employer's user who harvested).
    private const string AliceName = "Alice Aasen";
    private const string BobName = "Bob Bakker";
    private const string HarvesterName = "Erik Eriksen";
    private const int Ceiling = 8;

    private HubTestHost _host = null!;
    private FakeRegistryDelivery _registry = null!;

    public async Task InitializeAsync()
    {
        // The letters go to a fake NAV delivery endpoint on loopback (the registry's side of contracts/breach-delivery.md).
        _registry = await FakeRegistryDelivery.StartAsync();
        _host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>(_registry.Settings("nav"))
        {
            ["Hub:Access:AccountPerMinute"] = "0",
            // Far above this replay's reads, but on: the incident chart draws the per-hour limit across.
            ["Hub:Access:AccountPerHour"] = "50",
            ["Hub:Access:UserPerMinute"] = "0",
            ["Hub:Access:UserPerHour"] = "0",
            ["Hub:Access:AccountDailyCeiling"] = Ceiling.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [BrowserFact]
    public async Task Console_HarvestingIncident_DraftedDryRunApprovedStartedAndReported_InChromium()
    {
        // Arrange: the 2024 incident in small: an account reading CVs until the hub suspends it.
        var nav = _host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var source = _host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var privacy = _host.ClientFor(HubTestHost.PrivacyConsoleClient, HubRoles.BreachManage);
        var employer = _host.Client(_host.Dev.Issuer.Mint(TestEntraIssuer.HubClientId, HubTestHost.EmployerClient, [HubRoles.CvRead],
            HubTestHost.EmployerUser, name: HarvesterName));
        var cvs = await Seed.VisibleCvsAsync(nav, source, privacy, Ceiling + 4);
        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 0; i < cvs.Count * 2 && last == HttpStatusCode.OK; i++)
        {
            last = (await employer.GetAsync($"api/cvs/{cvs[i % cvs.Count]}")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Forbidden, last);
        var incident = Assert.Single((await privacy.GetFromJsonAsync<JsonObject>("api/incidents"))!["items"]!.AsArray())!;
        var detail = (await privacy.GetFromJsonAsync<JsonObject>($"api/incidents/{incident["id"]!.GetValue<string>()}"))!;
        var received = detail["receivedCvCount"]!.GetValue<int>();
        Assert.InRange(received, 1, Ceiling);
        // Dev tokens of two people, as `./hub token --role Breach.Manage --client ... --user ...` prints them.
        string Token(string user, string name) => _host.Dev.Issuer.Mint(TestEntraIssuer.HubClientId, HubTestHost.PrivacyConsoleClient, [HubRoles.BreachManage], user, name: name);
        var screenshots = RepoPaths.Combine("artifacts", "console-screenshots");
        if (Directory.Exists(screenshots))
        {
            Directory.Delete(screenshots, recursive: true);
        }

        // Act
        var (exitCode, output) = await RunNodeAsync(RepoPaths.Combine("tests", "console", "console.e2e.mjs"), new Dictionary<string, string>
        {
            ["HUB_URL"] = _host.BaseAddress.ToString(),
            ["TOKEN_ALICE"] = Token(Alice, AliceName),
            ["TOKEN_BOB"] = Token(Bob, BobName),
            ["NAME_ALICE"] = AliceName,
            ["NAME_BOB"] = BobName,
            ["NAME_HARVESTER"] = HarvesterName,
            ["EXPECTED_CITIZENS"] = received.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EXPECTED_PARTY"] = incident["party"]!.GetValue<string>(),
            ["SCREENSHOTS"] = screenshots,
            ["CHROMIUM"] = BrowserFactAttribute.Chromium,
        });

        // Assert: the browser run passed, and what it did is what the API holds: Bob approved, Alice started, each recorded.
        Assert.True(exitCode == 0, $"console.e2e.mjs exited {exitCode}:\n{output}");
        var result = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{')))!;
        var campaign = (await privacy.GetFromJsonAsync<JsonObject>($"api/breaches/{result["campaignId"]!.GetValue<string>()}"))!;
        Assert.Equal("completed", campaign["status"]!.GetValue<string>());
        Assert.Equal(received, campaign["progress"]!["delivered"]!.GetValue<int>());
        // Each citizen got one letter: the registry holds one per key. A call repeated after a retry (a page redelivered
        // on a loaded machine before its ledger rows were written) carries the same key and is absorbed there; CI once
        // saw 8 such repeats, so the repeats are bounded by the audience, not required to be zero.
        Assert.Equal(received, _registry.Delivered.Count);
        Assert.InRange(_registry.Duplicates, 0, received);
        Assert.Equal(("access-log", incident["party"]!.GetValue<string>()), (campaign["selector"]!["kind"]!.GetValue<string>(), campaign["selector"]!["party"]!.GetValue<string>()));
        Assert.Equal(received, campaign["audience"]!["citizens"]!.GetValue<int>());
        var audit = campaign["audit"]!.AsArray().Select(a => (a!["action"]!.GetValue<string>(), a["by"]!.GetValue<string>(), a["name"]?.GetValue<string>())).ToList();
        Assert.Contains(("created", Alice, AliceName), audit);
        Assert.Contains(("approve", Bob, BobName), audit);
        Assert.Contains(("start", Alice, AliceName), audit);
        Assert.Equal(HarvesterName, incident["userName"]!.GetValue<string>());
        // The console offered no Dry run, Approve or Start on the completed campaign; the API refuses them the same way.
        foreach (var action in new[] { "dry-run", "approve", "start", "pause", "resume", "cancel" })
        {
            var refused = await privacy.PostAsync($"api/breaches/{result["campaignId"]!.GetValue<string>()}/{action}", null);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.EndsWith("/illegal-transition", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(result["screenshots"]!.GetValue<int>(), Directory.GetFiles(screenshots, "*.png").Length);
        Assert.Equal(11, result["screenshots"]!.GetValue<int>());
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(string script, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 4 minutes\n" + await stdout + await stderr);
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
