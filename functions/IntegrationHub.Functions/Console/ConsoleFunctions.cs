using System.Text.Json;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Functions.Console;

/// <summary>
/// The privacy team's console: a static page, its bundled scripts (esbuild; MSAL in a chunk of its own) and style sheet (embedded in this assembly at build
/// time), and its sign-in configuration. Anonymous: the page holds no data; every call it makes carries the signed-in
/// person's token and is authorized like any other. Served with a self-only Content-Security-Policy.
/// </summary>
public sealed class ConsoleFunctions(IConfiguration configuration)
{
    public const string ConfigAsset = "config.json";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    [ApiOperation("Console", "The privacy team's console (HTML). Its API calls carry the signed-in person's token.")]
    [ApiResponse(200, "The page, with a strict Content-Security-Policy (self only).", ContentType = "text/html")]
    [Function("Console")]
    [AllowAnonymousCaller]
    public IActionResult Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request) =>
        Serve(request, "index.html");

    [ApiOperation("Console", "A script, style sheet or configuration file of the console.", Problems = ["not-found"])]
    [ApiResponse(200, "The asset.", ContentType = "application/octet-stream")]
    [Function("ConsoleAsset")]
    [AllowAnonymousCaller]
    public IActionResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{asset}")] HttpRequest request,
        string asset) =>
        asset == ConfigAsset ? Config(request) : Serve(request, asset);

    private IActionResult Serve(HttpRequest request, string asset)
    {
        var extension = Path.GetExtension(asset);
        using var stream = ContentTypes.ContainsKey(extension) && asset.IndexOfAny(['/', '\\']) < 0
            ? typeof(ConsoleFunctions).Assembly.GetManifestResourceStream("console/" + asset)
            : null;
        if (stream is null)
        {
            return Http.Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such console asset.");
        }
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        Secure(request.HttpContext.Response);
        return new FileContentResult(memory.ToArray(), ContentTypes[extension]);
    }

    /// <summary>
    /// How the page signs in, decided here and not in the page: with the dev issuer configured (Development only) a
    /// pasted token from ./hub token; otherwise Entra ID through @azure/msal-browser (authorization code with PKCE).
    /// </summary>
    private IActionResult Config(HttpRequest request)
    {
        var instance = (configuration["AzureAd:Instance"] ?? "https://login.microsoftonline.com/").TrimEnd('/');
        var tenant = configuration["AzureAd:TenantId"];
        var apiClientId = configuration["AzureAd:ClientId"];
        var consoleClientId = configuration["Console:ClientId"];
        var dev = !string.IsNullOrEmpty(configuration[HubAuthentication.DevIssuerKeyFileSetting]);
        // The pasted token only where the dev issuer is configured (Development); without an app registration in Azure
        // the page says sign-in is not configured rather than offering a paste box.
        object auth = dev
            ? new { mode = "token" }
            : string.IsNullOrEmpty(consoleClientId)
            ? new { mode = "none" }
            : new
            {
                mode = "entra",
                authority = $"{instance}/{tenant}/oauth2/v2.0",
                clientId = consoleClientId,
                scope = $"api://{apiClientId}/.default",
            };
        Secure(request.HttpContext.Response);
        return new ContentResult
        {
            Content = JsonSerializer.Serialize(new { auth }),
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };
    }

    private void Secure(HttpResponse response)
    {
        // Self only. In Entra mode MSAL also calls the identity provider (metadata, token endpoint) and, when its refresh
        // token cannot renew silently, falls back to a hidden iframe there (frame-src).
        var identity = string.IsNullOrEmpty(configuration["Console:ClientId"]) ? "" : " " + new Uri(configuration["AzureAd:Instance"] ?? "https://login.microsoftonline.com/").GetLeftPart(UriPartial.Authority);
        var frames = identity.Length == 0 ? "" : $"frame-src{identity}; ";
        response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{identity}; {frames}"
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }
}
