using System.Net.Http.Headers;
using IntegrationHub.DevHost;
using IntegrationHub.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Bench;

/// <summary>
/// The dev host in this process on a free port, against the bench's own Azurite (prefix "bench"), with its timers and
/// queue listeners running as in ./hub up, and dev-issuer tokens for two clients bound to the "nav" registry.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string Registry = "nav";
    public const string RegistryClient = "bench-registry";
    public const string ConsentSourceClient = "bench-consent-source";
    private const string Audience = "6f1c2d3e-0000-4000-8000-00000000a001";

    private readonly DevIssuer _issuer;
    private readonly Uri _address;

    private BenchHost(WebApplication app, DevIssuer issuer, Uri address) => (App, _issuer, _address) = (app, issuer, address);

    public WebApplication App { get; }

    /// <param name="settings">Settings a benchmark adds to (or overrides in) the bench host's configuration.</param>
    /// <param name="services">Lets a benchmark adjust services after the hub is wired.</param>
    public static async Task<BenchHost> StartAsync(LocalAzurite azurite, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("hub-bench-").FullName, "dev.pem");
        var issuer = DevIssuer.Load(keyFile, create: true);
        var app = DevHostApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", AppContext.BaseDirectory], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SearchStorage"] = azurite.SearchConnectionString,
            ["Hub:Storage:NamePrefix"] = "bench",
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = DevIssuer.TenantId,
            ["AzureAd:ClientId"] = Audience,
            ["Auth:DevIssuer:KeyFile"] = keyFile,
            ["Hub:Registries:nav:Jurisdiction"] = "NO",
            ["Hub:Clients:0:ClientId"] = RegistryClient,
            ["Hub:Clients:0:Kind"] = "Registry",
            ["Hub:Clients:0:Id"] = Registry,
            ["Hub:Clients:1:ClientId"] = ConsentSourceClient,
            ["Hub:Clients:1:Kind"] = "System",
            ["Hub:Clients:1:Id"] = Registry,
            ["Logging:LogLevel:Default"] = "Warning",
            [StorageCost.Setting] = "true",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()), services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, issuer, new Uri(address + "/"));
    }

    /// <summary>Storage clients made by the hub's own factory, so floors sign (and count) requests as the hub does.</summary>
    public static Storage.Common.HubStorage Storage(LocalAzurite azurite, string namePrefix) => new(
        new ConfigurationBuilder().AddInMemoryCollection(azurite.Settings).Build(),
        Microsoft.Extensions.Options.Options.Create(new Storage.Common.StorageOptions { NamePrefix = namePrefix, CountRequests = true }));

    /// <summary>An HTTP client with a token for <paramref name="clientId"/> holding <paramref name="role"/> (for a person when <paramref name="userObjectId"/> is set).</summary>
    public HttpClient Client(string clientId, string role, int connections, string? userObjectId = null)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = _address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.Mint(Audience, clientId, [role], userObjectId));
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
