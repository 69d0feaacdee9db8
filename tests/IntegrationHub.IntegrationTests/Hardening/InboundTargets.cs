using System.Text.Json.Nodes;
using IntegrationHub.Core.Callers;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.IntegrationTests.JobAds;

namespace IntegrationHub.IntegrationTests.Hardening;

/// <summary>One HTTP function as the hardening tests call it: who may call it, and (for a body) a valid example from contracts/.</summary>
public sealed record InboundTarget(HubFunction Function, HttpClient Caller, string MediaType, Func<JsonNode>? Example)
{
    public string Name => Function.Name;

    public bool TakesBody => Function.Method.GetCustomAttributes(typeof(JsonRequestBodyAttribute), false).Length > 0;

    public int MaxBytes => Function.Method.GetCustomAttributes(typeof(JsonRequestBodyAttribute), false) is [JsonRequestBodyAttribute a] ? a.MaxBytes : 0;

    /// <summary>The route with every {parameter} filled by <paramref name="fill"/>.</summary>
    public string Path(Func<string, string> fill) =>
        "api/" + System.Text.RegularExpressions.Regex.Replace(Function.Route!, @"\{([^}:]+)(:[^}]*)?\}", m => Uri.EscapeDataString(fill(m.Groups[1].Value)));
}

/// <summary>
/// A dev host with a caller for every HTTP function (registry, recruitment system, consent source, privacy team, a
/// board with a CV feed grant, EURES with a vacancy grant, an employer's person), and the targets built from the
/// function catalog: a function added later without a caller here fails <see cref="For"/>, so it cannot be forgotten.
/// </summary>
public sealed class InboundHost : IAsyncDisposable
{
    public const string FeedBoardClient = "board-feed-client";
    public const string EuresClient = "board-eures-client";

    private InboundHost(HubTestHost host) => Host = host;

    public HubTestHost Host { get; }

    public static async Task<InboundHost> StartAsync(AzuriteFixture azurite) => new(await HubTestHost.StartAsync(azurite, new Dictionary<string, string?>
    {
        ["Hub:Clients:7:ClientId"] = EuresClient,
        ["Hub:Clients:7:Kind"] = "Board",
        ["Hub:Clients:7:Id"] = "eures",
        ["Hub:Feeds:Vacancies:eures:Enabled"] = "true",
        ["Hub:Clients:8:ClientId"] = FeedBoardClient,
        ["Hub:Clients:8:Kind"] = "Board",
        ["Hub:Clients:8:Id"] = "cvboard",
        ["Hub:Feeds:Boards:cvboard:Enabled"] = "true",
    }));

    public IReadOnlyList<InboundTarget> Targets()
    {
        var registry = Host.ClientFor(HubTestHost.NavRegistryClient, HubRoles.CvSubmit);
        var ats = Host.ClientFor(HubTestHost.RecruitmentSystemClient, HubRoles.JobAdSubmit);
        var source = Host.ClientFor(HubTestHost.ConsentSourceClient, HubRoles.ConsentWrite);
        var privacy = Host.Client(Host.Entra.Mint([HubRoles.BreachManage], HubTestHost.PrivacyConsoleClient, userObjectId: "0b7a3c6e-0000-4000-8000-00000000a11c"));
        var board = Host.ClientFor(FeedBoardClient, HubRoles.CvRead);
        var eures = Host.ClientFor(EuresClient, HubRoles.JobAdRead);
        var employer = Host.EmployerPerson(userObjectId: Guid.NewGuid().ToString());
        var anonymous = Host.Client();
        return [.. new HubFunctionCatalog(typeof(HubFunctionCatalog).Assembly).Functions
            .Where(f => f.Trigger == TriggerKind.Http)
            .Select(f => For(f, registry, ats, source, privacy, board, eures, employer, anonymous))];
    }

    private static InboundTarget For(HubFunction f, HttpClient registry, HttpClient ats, HttpClient source, HttpClient privacy,
        HttpClient board, HttpClient eures, HttpClient employer, HttpClient anonymous)
    {
        static JsonNode Example(string file) => JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", file)))!;
        return f.Name switch
        {
            "SubmitCv" => new(f, registry, "application/json", () => CvSamples.Cv()),
            "SubmitJobAd" => new(f, ats, "application/json", () => JobAdExamples.Json()),
            "PostConsentEvents" => new(f, source, "application/cloudevents+json", () => Example("citizen-event-consent-granted.json")),
            "CreateBreach" => new(f, privacy, "application/json", () => Example("breach-campaign.json")),
            // No example in contracts/: the bodies as their contracts state them (README API table; NAV's getDetails is an array of references).
            "FeedCvDetails" => new(f, board, "application/json", () => new JsonObject { ["cvIds"] = new JsonArray("k4zwz2agd62h66amhjp6jixfom") }),
            "EuresGetDetails" => new(f, eures, "application/json", () => new JsonArray("jobbnorge.k4zwz2agd62h66amhjp6jixfom")),
            "LiftIncident" => new(f, privacy, "application/json", () => new JsonObject { ["reason"] = "Confirmed as the employer's own test account." }),
            "BreachReportFiled" => new(f, privacy, "application/json", () => new JsonObject { ["reference"] = "DT-2026-118734", ["filedAt"] = "2026-11-26T09:00:00Z" }),
            _ when f.Roles.Contains(HubRoles.CvSubmit) => new(f, registry, "", null),
            _ when f.Roles.Contains(HubRoles.JobAdSubmit) => new(f, ats, "", null),
            _ when f.Roles.Contains(HubRoles.BreachManage) => new(f, privacy, "", null),
            _ when f.Roles.Contains(HubRoles.JobAdRead) => new(f, eures, "", null),
            _ when f.Name.StartsWith("Feed", StringComparison.Ordinal) => new(f, board, "", null),
            _ when f.Roles.Contains(HubRoles.CvRead) => new(f, employer, "", null),
            _ when f.AllowsAnonymous => new(f, anonymous, "", null),
            _ => throw new InvalidOperationException($"No caller for HTTP function {f.Name}: add one to InboundHost."),
        };
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
