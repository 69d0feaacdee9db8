using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.StandIns;

namespace IntegrationHub.IntegrationTests.JobAds;

/// <summary>
/// `./hub up` runs the push boards' stand-ins on 127.0.0.1:7081 and local.settings.example.json points the hub there,
/// with a NAV provider token the NAV stand-in accepts: a newcomer's ad reaches a final state on every board without an
/// account. These tests keep the example settings and the stand-ins agreeing.
/// </summary>
public sealed class LocalStandInSettingsTests : IAsyncLifetime
{
    private static readonly JsonObject Values = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.example.json")))!["Values"]!.AsObject();

    private BoardStandIns _boards = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _boards = await BoardStandIns.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _boards.DisposeAsync();
    }

    private static string Setting(string name) => Values[name]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"local.settings.example.json lacks {name}");

    [Fact]
    public void ExampleSettings_PointEveryPushBoardAtTheStandInsPort()
    {
        // Act
        var urls = (Setting("Hub__Boards__Nav__BaseUrl"), Setting("Hub__Boards__Jobnet__BaseUrl"), Setting("Hub__Boards__Finn__BaseUrl"));

        // Assert
        Assert.Equal(("http://127.0.0.1:7081/nav/stillingsimport", "http://127.0.0.1:7081/jobnet", "http://127.0.0.1:7081/finn"), urls);
        Assert.Equal(BoardStandIns.NavProvider.ToString(System.Globalization.CultureInfo.InvariantCulture), Setting("Hub__Boards__Nav__Provider"));
    }

    [Fact]
    public async Task ExampleNavToken_IsAcceptedByTheNavStandIn_AndATamperedOneIsRefused()
    {
        // Arrange
        var token = Setting("Hub__Boards__Nav__Token");
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        // Act
        var accepted = await AdminStatusAsync(token);
        var refused = await AdminStatusAsync(tampered);

        // Assert: the stand-in knows no such ad (404 after authorizing), and refuses the forged signature.
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Unauthorized), (accepted, refused));
    }

    private async Task<HttpStatusCode> AdminStatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_boards.BaseAddress}/nav/stillingsimport/api/v1/adminstatus/{BoardStandIns.NavProvider}/no-such-ad");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }
}
