using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Auth;

/// <summary>
/// Bearer tokens through the hub's real Microsoft.Identity.Web pipeline. Entra ID itself cannot be reached here, so its
/// signing key comes from a static OpenID configuration (TestEntraIssuer); the dev issuer is the hub's own.
/// </summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class TokenValidationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string UnknownCv = "api/cvs/aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private HubTestHost _host = null!;

    public async Task InitializeAsync() => _host = await HubTestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EntraShapedToken_Valid_IsAuthorized()
    {
        var response = await Get(_host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.NavRegistryClient));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode); // authorized; the CV does not exist
    }

    [Fact]
    public async Task EntraShapedToken_Expired_Returns401()
    {
        var token = _host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.NavRegistryClient, expires: DateTime.UtcNow.AddMinutes(-10));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(token)).StatusCode);
    }

    [Fact]
    public async Task EntraShapedToken_WrongIssuer_Returns401()
    {
        var token = _host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.NavRegistryClient, issuer: "https://login.microsoftonline.com/99999999-9999-9999-9999-999999999999/v2.0");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(token)).StatusCode);
    }

    [Fact]
    public async Task EntraShapedToken_WrongAudience_Returns401()
    {
        var token = _host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.NavRegistryClient, audience: "api://some-other-api");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(token)).StatusCode);
    }

    [Fact]
    public async Task EntraShapedToken_WrongSigningKey_Returns401()
    {
        var token = _host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.NavRegistryClient, signingKey: TestEntraIssuer.NewKey("entra-test"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(token)).StatusCode);
    }

    [Fact]
    public async Task Token_NotAJwt_Returns401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get("not.a.token")).StatusCode);
    }

    [Fact]
    public async Task DevIssuerToken_InDevelopment_IsAuthorized()
    {
        var response = await Get(_host.Dev.Mint(HubTestHost.NavRegistryClient, HubRoles.CvSubmit));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DevIssuerToken_SignedWithAnotherKey_Returns401()
    {
        var stranger = new TestDevIssuer(freshKey: true); // same issuer name, a key of its own
        var token = stranger.Mint(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        stranger.Delete();

        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(token)).StatusCode);
    }

    [Fact]
    public async Task EntraShapedToken_SentTwice_IsServedTheSecondTimeFromTheValidatedTokenCache_BothSchemesWrapped()
    {
        // ADR 0057: every JwtBearer scheme's token handler sits behind the cache, and JwtBearerHandler calls it.
        var monitor = _host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>();
        foreach (var scheme in new[] { JwtBearerDefaults.AuthenticationScheme, IntegrationHub.Functions.Hosting.DevIssuer.SchemeName })
        {
            var options = monitor.Get(scheme);
            Assert.False(options.UseSecurityTokenValidators);
            Assert.All(options.TokenHandlers, h => Assert.IsType<IntegrationHub.Functions.Hosting.ValidatedTokenCache>(h));
        }
        var token = _host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.NavRegistryClient);

        Assert.Equal(HttpStatusCode.NotFound, (await Get(token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(token)).StatusCode); // the cached result authorizes alike
        // Its signature's first character changed (six whole bits of the signature): refused although its sibling is cached.
        var parts = token.Split('.');
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get($"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}")).StatusCode);
    }

    [Fact]
    public async Task ValidToken_ForAClientBoundToNothing_Returns403ClientNotRegistered()
    {
        var response = await Get(_host.Entra.Mint([HubRoles.CvSubmit], HubTestHost.UnboundClient));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.EndsWith("/client-not-registered", problem!["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Get(string token)
    {
        using var client = _host.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, UnknownCv);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}

/// <summary>The dev issuer exists only in Development.</summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class DevIssuerEnvironmentTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task DevHost_OutsideDevelopmentWithDevIssuerConfigured_RefusesToStart(string environment)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HubTestHost.StartAsync(azurite, environment: environment));

        Assert.Contains("Auth:DevIssuer:KeyFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("only in Development", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevIssuerToken_OnAHostOutsideDevelopment_Returns401()
    {
        // Outside Development the hub needs its erasure tombstone key (ADR 0022), as a deployment sets it from Key Vault.
        await using var host = await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Auth:DevIssuer:KeyFile"] = "",
            ["Hub:Erasure:TombstoneKey"] = Convert.ToBase64String(new byte[32]),
        }, environment: "Production");
        using var client = host.Client(host.Dev.Mint(HubTestHost.NavRegistryClient, HubRoles.CvSubmit));

        var response = await client.GetAsync("api/cvs/aaaaaaaaaaaaaaaaaaaaaaaaaa");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
