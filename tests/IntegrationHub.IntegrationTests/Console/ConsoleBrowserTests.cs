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
/// (an employer account reads past its daily ceiling and is suspended), then tests/console/console.e2e.mjs signs in
/// with dev tokens, drafts a campaign from the incident, dry-runs it, has a second person approve it, starts, pauses
/// and resumes it, and reads and downloads the authority report. Screenshots of each step land in
/// artifacts/console-screenshots/ (docs/console/ holds a committed set).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConsoleBrowserTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Alice = "0b7a3c6e-0000-4000-8000-00000000a11c";
    private const string Bob = "0b7a3c6e-0000-4000-8000-0000000000b0";
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
            ["Hub:Access:AccountPerHour"] = "0",
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
        var employer = _host.EmployerPerson();
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
        string Token(string user) => _host.Dev.Issuer.Mint(TestEntraIssuer.HubClientId, HubTestHost.PrivacyConsoleClient, [HubRoles.BreachManage], user);
        var screenshots = RepoPaths.Combine("artifacts", "console-screenshots");
        if (Directory.Exists(screenshots))
        {
            Directory.Delete(screenshots, recursive: true);
        }

        // Act
        var (exitCode, output) = await RunNodeAsync(RepoPaths.Combine("tests", "console", "console.e2e.mjs"), new Dictionary<string, string>
        {
            ["HUB_URL"] = _host.BaseAddress.ToString(),
            ["TOKEN_ALICE"] = Token(Alice),
            ["TOKEN_BOB"] = Token(Bob),
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
        var audit = campaign["audit"]!.AsArray().Select(a => (a!["action"]!.GetValue<string>(), a["by"]!.GetValue<string>())).ToList();
        Assert.Contains(("approve", Bob), audit);
        Assert.Contains(("start", Alice), audit);
        Assert.Equal(result["screenshots"]!.GetValue<int>(), Directory.GetFiles(screenshots, "*.png").Length);
        Assert.Equal(9, result["screenshots"]!.GetValue<int>());
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
