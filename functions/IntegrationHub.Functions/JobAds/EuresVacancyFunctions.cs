using System.Globalization;
using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds.Eures;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.JobAds;

/// <summary>
/// The vacancy exchange EURES pulls from: the EURES input API with the routes, JSON, ACTIVE/CLOSED vocabulary and epoch-
/// millisecond times of NAV's export (navikt/pam-eures-stilling-eksport, euresapi/ApiController.kt; NAV serves it under
/// /input/api/jv/v0.1, the hub under /api/eures/jv/v0.1). For a board's client (JobAd.Read, bound as a Board) with a
/// vacancy grant in "Hub:Feeds:Vacancies:{id}"; the CV feed's grant does not open it, and it opens no CV.
/// </summary>
public sealed class EuresVacancyFunctions(EuresVacancyService service, IOptions<VacancyFeedOptions> grants)
{
    private const string Base = "eures/jv/v0.1/";

    /// <summary>Epoch milliseconds up to the year 9999 (NAV binds a Java long; the hub refuses what is not a time).</summary>
    private const long MaxTimestamp = 253_402_300_799_999;

    [Function("EuresPing")]
    [RequireRole(HubRoles.JobAdRead)]
    public IActionResult Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Base + "ping")] HttpRequest request) =>
        Granted(request)
            ? new ContentResult { StatusCode = StatusCodes.Status200OK, ContentType = "text/plain", Content = "Hello from the IntegrationHub input API" }
            : NoGrant();

    [Function("EuresGetAll")]
    [RequireRole(HubRoles.JobAdRead)]
    public async Task<IActionResult> GetAll(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Base + "getAll")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Granted(request))
        {
            return NoGrant();
        }
        return Json(JsonSerializer.Serialize(await service.GetAllAsync(cancellationToken), JobAdsJson.Default.EuresGetAllResponse));
    }

    [Function("EuresGetChanges")]
    [RequireRole(HubRoles.JobAdRead)]
    public async Task<IActionResult> GetChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Base + "getChanges/{timestamp}")] HttpRequest request,
        string timestamp,
        CancellationToken cancellationToken)
    {
        if (!Granted(request))
        {
            return NoGrant();
        }
        if (timestamp.Length is 0 or > 15 || !timestamp.All(char.IsAsciiDigit)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var millis) || millis > MaxTimestamp)
        {
            return Problems.Validation([new FieldError("timestamp", "epoch-millis", "must be milliseconds since 1970-01-01T00:00:00Z (UTC), a whole non-negative number")],
                "The path breaks a rule.");
        }
        var changes = await service.GetChangesAsync(DateTimeOffset.FromUnixTimeMilliseconds(millis), cancellationToken);
        return Json(JsonSerializer.Serialize(changes, JobAdsJson.Default.EuresGetChangesResponse));
    }

    [Function("EuresGetDetails")]
    [JsonRequestBody(64 * 1024)]
    [RequireRole(HubRoles.JobAdRead)]
    public async Task<IActionResult> GetDetails(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Base + "getDetails")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Granted(request))
        {
            return NoGrant();
        }
        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken, maxBytes: 64 * 1024);
        if (problem is not null)
        {
            return problem;
        }
        List<string> references;
        using (document)
        {
            // NAV's body: a JSON array of references.
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Problems.Validation([new FieldError("/", "type", "must be an array of vacancy references")]);
            }
            var errors = root.EnumerateArray().Select((e, i) => (e, i)).Where(x => x.e.ValueKind != JsonValueKind.String || x.e.GetString()!.Length is 0 or > 200)
                .Select(x => new FieldError($"/{x.i}", "type", "must be a vacancy reference (a string of 1 to 200 characters)")).Take(10).ToList();
            if (errors.Count > 0)
            {
                return Problems.Validation(errors);
            }
            if (root.GetArrayLength() > EuresVacancyService.MaxDetails)
            {
                return Problems.Validation([new FieldError("/", "maxItems", $"must hold at most {EuresVacancyService.MaxDetails} references")]);
            }
            references = [.. root.EnumerateArray().Select(e => e.GetString()!)];
        }
        var details = await service.GetDetailsAsync(references, cancellationToken);
        return Json(JsonSerializer.Serialize(details, JobAdsJson.Default.EuresGetDetailsResponse));
    }

    private bool Granted(HttpRequest request)
    {
        var caller = request.Caller();
        return caller.Kind == PartyKind.Board && grants.Value.Allows(caller.PartyId);
    }

    private static ContentResult Json(string content) =>
        new() { StatusCode = StatusCodes.Status200OK, ContentType = "application/json", Content = content };

    private static ObjectResult NoGrant() =>
        Problems.Result(StatusCodes.Status403Forbidden, "no-vacancy-grant", "This client has no grant to the vacancy exchange.",
            "Only a job board's client with a vacancy grant (Hub:Feeds:Vacancies) in the hub's configuration may pull vacancies.");
}
