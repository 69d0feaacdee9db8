// The README's quick start, through a client Kiota generated from the hub's own GET /api/openapi.json: a CV, an event
// that makes it visible, an employer who finds and reads it, a withdrawal that hides it (404), the registry's access
// log, and a job ad with its board states. Every payload is a file in contracts/examples/, deserialized into the
// generated models, so the document's schemas must describe what the examples hold.
//
// Usage: dotnet run -- <hub base url> <examples folder>; tokens in HUB_TOKEN_REGISTRY (Cv.Submit),
// HUB_TOKEN_CONSENT (Consent.Write), HUB_TOKEN_EMPLOYER (Cv.Read, with a user), HUB_TOKEN_ADS (JobAd.Submit).
// Prints one "ok <step>" line per step and exits 0, or prints the failure and exits 1.
using HubClient;
using HubClient.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Serialization.Json;

var baseUrl = args[0].TrimEnd('/');
var examples = args[1];

HubApiClient ClientWith(string variable)
{
    var token = Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set");
    var adapter = new HttpClientRequestAdapter(new StaticBearer(token)) { BaseUrl = baseUrl };
    return new HubApiClient(adapter);
}

async Task<T> Example<T>(string file, ParsableFactory<T> factory) where T : IParsable =>
    await KiotaJsonSerializer.DeserializeAsync(await File.ReadAllTextAsync(Path.Combine(examples, file)), factory);

static async Task Eventually(string what, Func<Task<bool>> condition, Func<string>? explain = null)
{
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"{what} did not happen within 30 s. {explain?.Invoke()}");
        }
        await Task.Delay(200);
    }
}

try
{
    var registry = ClientWith("HUB_TOKEN_REGISTRY");
    var consent = ClientWith("HUB_TOKEN_CONSENT");
    var employer = ClientWith("HUB_TOKEN_EMPLOYER");
    var ads = ClientWith("HUB_TOKEN_ADS");

    // 1. The registry posts the example CV.
    var cv = await Example("cv.json", HubClient.Models.Cv.CreateFromDiscriminatorValue);
    var accepted = await registry.Api.Cvs.PostAsync(cv) ?? throw new InvalidOperationException("no answer to POST /api/cvs");
    var cvId = accepted.CvId ?? throw new InvalidOperationException("no cvId");
    Console.WriteLine($"ok cv {accepted.Status?.ToString().ToLowerInvariant()}");

    // 2. The case system says the citizen consents and nothing hides the CV: employers may see it.
    var snapshot = await Example("citizen-event-status-snapshot.json", CitizenEvent.CreateFromDiscriminatorValue);
    var applied = await consent.Api.ConsentEvents.PostAsync(snapshot);
    if (applied?.Results is not [{ Status: { } eventStatus }] || eventStatus.ToString() != "Applied")
    {
        throw new InvalidOperationException($"the event was not applied: {KiotaJsonSerializer.SerializeAsString(applied!)}");
    }
    var visibility = "";
    await Eventually("the CV visible to employers", async () =>
    {
        var answer = await registry.Api.Cvs[cvId].Visibility.GetAsync();
        visibility = await KiotaJsonSerializer.SerializeAsStringAsync(answer!);
        return answer!.Audience?.ToString() == "Employers";
    }, () => $"event answer {KiotaJsonSerializer.SerializeAsString(applied!)}; visibility {visibility}");
    Console.WriteLine("ok visible");

    // 3. An employer (a signed-in person) finds it by occupation and reads it.
    await Eventually("the CV in the employer's search", async () =>
    {
        var page = await employer.Api.Cvs.GetAsync(q => { q.QueryParameters.Occupation = "5321"; q.QueryParameters.PageSize = 50; });
        return (page!.Items ?? []).Any(i => i.CvId == cvId);
    });
    var view = await employer.Api.Cvs[cvId].GetAsync();
    Console.WriteLine($"ok found and read ({view!.AdditionalData.Count} fields)");

    // 4. The citizen withdraws consent: the employer's next read is 404, which says nothing about why.
    var withdrawal = await Example("citizen-event-consent-withdrawn.json", CitizenEvent.CreateFromDiscriminatorValue);
    await consent.Api.ConsentEvents.PostAsync(withdrawal);
    await Eventually("the CV hidden from the employer", async () =>
    {
        try
        {
            await employer.Api.Cvs[cvId].GetAsync();
            return false;
        }
        catch (ApiException e) when (e.ResponseStatusCode == 404)
        {
            return true;
        }
    });
    Console.WriteLine("ok withdrawn 404");

    // 5. The registry reads who saw the CV.
    var log = await registry.Api.Cvs[cvId].AccessLog.GetAsync();
    var entries = (log!.Entries ?? []).Count(e => e.Party is not null && e.Kind is not null);
    Console.WriteLine($"ok access log {entries} entries");

    // 6. A recruitment system posts the example ad and reads its board states.
    var ad = await Example("jobad.json", HubClient.Models.JobAd.CreateFromDiscriminatorValue);
    var status = await ads.Api.Jobads.PostAsync(ad) ?? throw new InvalidOperationException("no answer to POST /api/jobads");
    var again = await ads.Api.Jobads[status.AdId!].GetAsync();
    Console.WriteLine($"ok ad {again!.AdId == status.AdId} boards {string.Join(",", (again.Boards ?? []).Select(b => b.Board?.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal))}");
    return 0;
}
catch (Exception e)
{
    Console.WriteLine($"failed: {e.GetType().Name}: {e.Message}");
    if (e is ApiException api)
    {
        Console.WriteLine($"status {api.ResponseStatusCode}");
    }
    return 1;
}

/// <summary>Sends one fixed bearer token (the hub's dev or test issuer minted it); over plain HTTP on loopback.</summary>
internal sealed class StaticBearer(string token) : IAuthenticationProvider
{
    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        request.Headers.Add("Authorization", "Bearer " + token);
        return Task.CompletedTask;
    }
}
