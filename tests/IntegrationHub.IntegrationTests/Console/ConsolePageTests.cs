using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IntegrationHub.IntegrationTests.Infrastructure;

namespace IntegrationHub.IntegrationTests.Console;

/// <summary>The console's page and assets over real HTTP: served anonymously, self-only CSP, no inline script, no external resource.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ConsolePageTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private HubTestHost _host = null!;

    public async Task InitializeAsync() => _host = await HubTestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Page_Anonymous_IsServedWithAStrictCsp_AndLoadsOnlyItsOwnScriptsAndStyles()
    {
        var response = await _host.Client().GetAsync("api/console");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Matches("src=\"/api/console/[a-z]+\\.js\"></script>", s));
        Assert.DoesNotMatch(" on[a-z]+=", html);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("console.css", "text/css")]
    public async Task Asset_BuiltAndEmbedded_IsServedWithItsType(string asset, string mediaType)
    {
        var response = await _host.Client().GetAsync($"api/console/{asset}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 200, $"{asset} is nearly empty");
        Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundle_ChunksItImports_AreServedFromTheConsole_WithMsalInAChunkOfItsOwn()
    {
        // esbuild bundles the console's modules into app.js and splits @azure/msal-browser (imported only in Entra mode)
        // into a chunk beside it: every import is relative, so the self-only script-src holds.
        var app = await _host.Client().GetStringAsync("api/console/app.js");
        var chunks = ChunkImport().Matches(app).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(chunks);
        var texts = new List<string>();
        foreach (var chunk in chunks)
        {
            var response = await _host.Client().GetAsync($"api/console/{chunk}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
            texts.Add(await response.Content.ReadAsStringAsync());
        }
        // MSAL's code (and its licence header) is in a chunk; app.js itself stays small (the Development page loads only it).
        Assert.DoesNotContain("@azure/msal-browser", app, StringComparison.Ordinal);
        Assert.InRange(app.Length, 1, 100_000);
        Assert.Contains(texts, t => t.Contains("@azure/msal-browser", StringComparison.Ordinal));
        Assert.DoesNotMatch("from\\s*\"(https?:)?//", app);
    }

    [Theory]
    [InlineData("missing.js")]
    [InlineData("IntegrationHub.Functions.dll")]
    // A path out of the console's folder to a resource that exists: a name with a slash is refused before any lookup.
    [InlineData("..%2Fconsole%2Findex.html")]
    public async Task Asset_Unknown_Is404(string asset)
    {
        var response = await _host.Client().GetAsync($"api/console/{asset}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The hub's API calls the console makes (Console/src/app.ts), as the OpenAPI document names them.</summary>
    private static readonly (string Method, string Path)[] ConsoleCalls =
    [
        ("get", "/api/incidents"),
        ("get", "/api/incidents/{incidentId}"),
        ("get", "/api/incidents/{incidentId}/reads-per-hour"),
        ("get", "/api/breaches"),
        ("post", "/api/breaches"),
        ("get", "/api/breaches/{breachId}"),
        ("get", "/api/breaches/{breachId}/report"),
        ("get", "/api/console/{asset}"),
    ];

    [Fact]
    public async Task OpenApi_EveryCallTheConsoleMakes_IsServedAndDescribed()
    {
        // Arrange: the calls above, and one POST per campaign action button of the page (data-action in index.html).
        var page = await File.ReadAllTextAsync(RepoPaths.Combine("functions", "IntegrationHub.Functions", "Console", "index.html"));
        var actions = DataAction().Matches(page).Select(m => (Method: "post", Path: $"/api/breaches/{{breachId}}/{m.Groups[1].Value}")).ToList();
        Assert.NotEmpty(actions);

        // Act: the document the console's calls are described in, served anonymously like the page.
        var response = await _host.Client().GetAsync("api/openapi.json");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonObject>())!["paths"]!.AsObject();
        var missing = ConsoleCalls.Concat(actions).Where(c => paths[c.Path]?[c.Method] is null).Select(c => $"{c.Method.ToUpperInvariant()} {c.Path}").ToList();
        Assert.True(missing.Count == 0, "The console calls what the hub does not serve:\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task Config_InDevelopment_AsksForAPastedToken()
    {
        var config = await _host.Client().GetFromJsonAsync<JsonObject>("api/console/config.json");

        Assert.Equal("token", config!["auth"]!["mode"]!.GetValue<string>());
    }

    [GeneratedRegex("\"\\./(chunk-[A-Z0-9]+\\.js)\"")]
    private static partial Regex ChunkImport();

    [GeneratedRegex("data-action=\"([a-z-]+)\"")]
    private static partial Regex DataAction();

    [GeneratedRegex("<script[^>]*>[^<]*</script>")]
    private static partial Regex ScriptTag();
}
