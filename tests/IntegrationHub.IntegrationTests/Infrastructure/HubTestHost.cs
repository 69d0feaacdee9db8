using System.Net.Http.Headers;
using IntegrationHub.DevHost;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IntegrationHub.IntegrationTests.Infrastructure;

/// <summary>
/// The real dev host, in process, on Kestrel at a free loopback port, over a shared Azurite with its own
/// resource prefix. Tests talk to it over real HTTP.
/// </summary>
public sealed class HubTestHost : IAsyncDisposable
{
    /// <summary>The continuation-token key of every test host (base64 of 32 bytes); a second host with it opens the first's tokens.</summary>
    public const string TokenSigningKey = "dGVzdC1jb250aW51YXRpb24tdG9rZW4ta2V5LTAwMDA=";
    public const string NavRegistryClient = "registry-nav-client";
    public const string JobnetRegistryClient = "registry-jobnet-client";
    public const string EmployerClient = "employer-acme-client";
    public const string ConsentSourceClient = "consent-portal-client";
    public const string UnboundClient = "unbound-client";
    public const string RecruitmentSystemClient = "ats-jobbnorge-client";
    public const string OtherRecruitmentSystemClient = "ats-other-client";
    public const string PrivacyConsoleClient = "privacy-console-client";

    private readonly bool _ownsDev;

    private HubTestHost(WebApplication app, string prefix, TestEntraIssuer entra, TestDevIssuer dev, bool ownsDev = true)
    {
        _ownsDev = ownsDev;
        App = app;
        Prefix = prefix;
        Entra = entra;
        Dev = dev;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    public WebApplication App { get; }

    public string Prefix { get; }

    public TestEntraIssuer Entra { get; }

    public TestDevIssuer Dev { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<HubTestHost> StartAsync(
        AzuriteFixture azurite,
        IDictionary<string, string?>? settings = null,
        string environment = "Development",
        Action<IServiceCollection>? services = null,
        string? prefix = null,
        TestDevIssuer? sharedDev = null)
    {
        // A prefix and dev issuer of a cluster's own make several hosts instances of one hub (HubCluster).
        prefix ??= AzuriteFixture.NewPrefix();
        var entra = new TestEntraIssuer();
        var dev = sharedDev ?? new TestDevIssuer();
        // The content root is the key's own temporary folder: a developer's local.settings.json (which the build also
        // copies next to the test assemblies) must never leak into a test host.
        WebApplication app;
        try
        {
            app = DevHostApp.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", environment, "--contentRoot", Path.GetDirectoryName(dev.KeyFile)!],
            builder => builder.Configuration.AddInMemoryCollection(Merge(BaseSettings(azurite, prefix, dev), settings)),
            collection =>
            {
                collection.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                {
                    var configuration = new OpenIdConnectConfiguration { Issuer = TestEntraIssuer.Issuer };
                    configuration.SigningKeys.Add(entra.Key);
                    options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
                    options.TokenValidationParameters.ValidIssuer = TestEntraIssuer.Issuer;
                });
                services?.Invoke(collection);
            });
            await app.StartAsync();
        }
        catch
        {
            if (sharedDev is null)
            {
                dev.Delete();
            }
            throw;
        }
        return new HubTestHost(app, prefix, entra, dev, ownsDev: sharedDev is null);
    }

    public static Dictionary<string, string?> BaseSettings(AzuriteFixture azurite, string prefix, TestDevIssuer dev) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["SearchStorage"] = azurite.SearchConnectionString,
        // The period tables' own connection (ADR 0030), to the same Azurite: the tests go through the path Azure uses.
        ["PeriodStorage"] = azurite.ConnectionString,
        ["Hub:Storage:NamePrefix"] = prefix,
        ["Hub:Tokens:SigningKey"] = TokenSigningKey,
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = TestEntraIssuer.TenantId,
        ["AzureAd:ClientId"] = TestEntraIssuer.HubClientId,
        ["Auth:DevIssuer:KeyFile"] = dev.KeyFile,
        // Tests read the boards' feed right after a write; the horizon is tested at the store (BoardFeedOrderingTests).
        ["Hub:Feeds:ChangesHorizonSeconds"] = "0",
        // The retention purge's timer (every minute at second 30) would write its cursor rows and delete rows in the
        // middle of tests that compare storage before and after a request (the fuzz suite failed a CI run so). The
        // retention tests run the purge themselves, at the time they choose.
        ["Hub:Retention:PurgeEnabled"] = "false",
        ["Hub:Registries:nav:Jurisdiction"] = "NO",
        ["Hub:Registries:jobnet:Jurisdiction"] = "DK",
        ["Hub:Clients:0:ClientId"] = NavRegistryClient,
        ["Hub:Clients:0:Kind"] = "Registry",
        ["Hub:Clients:0:Id"] = "nav",
        ["Hub:Clients:1:ClientId"] = JobnetRegistryClient,
        ["Hub:Clients:1:Kind"] = "Registry",
        ["Hub:Clients:1:Id"] = "jobnet",
        ["Hub:Clients:2:ClientId"] = EmployerClient,
        ["Hub:Clients:2:Kind"] = "Employer",
        ["Hub:Clients:2:Id"] = "acme",
        ["Hub:Clients:3:ClientId"] = ConsentSourceClient,
        ["Hub:Clients:3:Kind"] = "System",
        ["Hub:Clients:3:Id"] = "nav",
        ["Hub:Clients:4:ClientId"] = RecruitmentSystemClient,
        ["Hub:Clients:4:Kind"] = "System",
        ["Hub:Clients:4:Id"] = "jobbnorge",
        ["Hub:Clients:5:ClientId"] = OtherRecruitmentSystemClient,
        ["Hub:Clients:5:Kind"] = "System",
        ["Hub:Clients:5:Id"] = "otherats",
        ["Hub:Clients:6:ClientId"] = PrivacyConsoleClient,
        ["Hub:Clients:6:Kind"] = "PrivacyTeam",
        ["Hub:Clients:6:Id"] = "privacy",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> baseSettings, IDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            baseSettings[key] = value;
        }
        return baseSettings;
    }

    /// <summary>An HTTP client for the hub, optionally with an Entra-shaped bearer token.</summary>
    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public HttpClient ClientFor(string clientId, params string[] roles) => Client(Entra.Mint(roles, clientId));

    /// <summary>The person the employer tests sign in as (their user object id).</summary>
    public const string EmployerUser = "0b6a1c0e-5d3f-4c55-9a7e-e3b1a0c4d2f1";

    /// <summary>
    /// A person signed in for an employer (a delegated token: Cv.Read, the user's oid, a scope): the only way employers
    /// search and read CVs. An app-only token of the same client gets 403 user-required.
    /// </summary>
    public HttpClient EmployerPerson(string clientId = EmployerClient, string userObjectId = EmployerUser, DateTime? expires = null) =>
        Client(Entra.Mint([Core.Callers.HubRoles.CvRead], clientId, expires: expires, userObjectId: userObjectId));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDev)
        {
            Dev.Delete();
        }
    }
}
