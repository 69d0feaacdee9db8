using System.Text.Json.Nodes;
using IntegrationHub.Functions.Console;
using IntegrationHub.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.IntegrationTests.Console;

/// <summary>The server decides how the console signs in (ADR 0033): no host needed, the function answers from configuration.</summary>
public sealed class ConsoleConfigTests
{
    private static (JsonObject Auth, string Csp) Config(Dictionary<string, string?> settings)
    {
        var functions = new ConsoleFunctions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        var request = new DefaultHttpContext().Request;
        var result = Assert.IsType<ContentResult>(functions.Asset(request, ConsoleFunctions.ConfigAsset));
        return (JsonNode.Parse(result.Content!)!["auth"]!.AsObject(), request.HttpContext.Response.Headers.ContentSecurityPolicy.ToString());
    }

    [Fact]
    public void Config_InAzureWithAnAppRegistration_SignsInThroughMsal_AndTheCspAllowsOnlyTheIdentityProvider()
    {
        var (auth, csp) = Config(new()
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "tenant",
            ["AzureAd:ClientId"] = "api-app",
            ["Console:ClientId"] = "console-spa",
        });

        Assert.Equal("entra", auth["mode"]!.GetValue<string>());
        Assert.Equal("https://login.microsoftonline.com/tenant/oauth2/v2.0", auth["authority"]!.GetValue<string>());
        Assert.Equal(("console-spa", "api://api-app/.default"), (auth["clientId"]!.GetValue<string>(), auth["scope"]!.GetValue<string>()));
        Assert.Contains("connect-src 'self' https://login.microsoftonline.com;", csp, StringComparison.Ordinal);
        Assert.Contains("frame-src https://login.microsoftonline.com;", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_InAzureWithoutAnAppRegistration_OffersNoTokenPaste()
    {
        var (auth, csp) = Config(new() { ["AzureAd:ClientId"] = "api-app" });

        Assert.Equal("none", auth["mode"]!.GetValue<string>());
        Assert.DoesNotContain("frame-src", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_WithTheDevIssuer_AsksForAPastedToken_EvenWithAnAppRegistration()
    {
        var (auth, _) = Config(new() { [HubAuthentication.DevIssuerKeyFileSetting] = "/tmp/dev.pem", ["Console:ClientId"] = "console-spa" });

        Assert.Equal("token", auth["mode"]!.GetValue<string>());
    }
}
