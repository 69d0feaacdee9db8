using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Access;

/// <summary>Harvesting incidents for the privacy team: list, show (with every CV the account received), its reads per hour, lift.</summary>
public sealed class IncidentFunctions(
    IIncidentStore incidents, IAccessLog log, IAccessCounters counters, IOptions<AccessOptions> access, Core.Erasure.CitizenErasure erasure, TimeProvider clock)
{
    /// <summary>A reason of 2,000 characters, escaped, fits in 16 KiB.</summary>
    private const int MaxLiftBodyBytes = 16 * 1024;

    [Function("ListIncidents")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var all = await incidents.ListAsync(cancellationToken);
        return new OkObjectResult(new { items = all.Select(Summary) });
    }

    [Function("GetIncident")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}")] HttpRequest request,
        string incidentId,
        CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return NotFound();
        }
        // Exactly what the account received in the incident's window, from the access log: per CV, how and how often.
        var received = new Dictionary<(string Registry, string CvId), (int Count, HashSet<string> Kinds, DateTimeOffset First, DateTimeOffset Last)>();
        await foreach (var entry in Window(incident, cancellationToken))
        {
            var key = (entry.Registry, entry.CvId);
            received[key] = received.TryGetValue(key, out var seen)
                ? (seen.Count + 1, [.. seen.Kinds, entry.Kind], seen.First, entry.At)
                : (1, [entry.Kind], entry.At, entry.At);
        }
        return new OkObjectResult(new
        {
            incident = Summary(incident),
            detail = incident.Detail,
            window = new { from = incident.WindowFrom, to = incident.WindowTo },
            liftReason = incident.LiftReason,
            receivedCvCount = received.Count,
            receivedRecordCount = received.Values.Sum(v => v.Count),
            received = received.Select(r => new
            {
                registry = r.Key.Registry,
                cvId = r.Key.CvId,
                times = r.Value.Count,
                kinds = r.Value.Kinds.Order(StringComparer.Ordinal),
                first = r.Value.First,
                last = r.Value.Last,
            }),
        });
    }

    /// <summary>
    /// The console's incident chart: the account's reads per UTC hour over the incident's window (from the access log),
    /// its own usual rate before (daily baseline from its day counters) and the limits in force for it.
    /// </summary>
    [Function("GetIncidentReadsPerHour")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> ReadsPerHour(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}/reads-per-hour")] HttpRequest request,
        string incidentId,
        CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return NotFound();
        }
        var entries = new List<AccessLogEntry>();
        await foreach (var entry in Window(incident, cancellationToken))
        {
            entries.Add(entry);
        }
        var options = access.Value;
        var day = incident.DetectedAt.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var daily = IncidentReadsPerHour.DailyBaseline(await counters.HistoryAsync(incident.Party, day, options.BaselineDays, cancellationToken), options.BaselineDays);
        // The party as the access log names it ("employer:acme"); the limits are keyed by its id ("acme").
        var limits = options.LimitsFor(incident.Party[(incident.Party.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return new OkObjectResult(new
        {
            incidentId = incident.Id,
            rule = incident.Rule,
            window = new { from = incident.WindowFrom, to = incident.WindowTo },
            hours = IncidentReadsPerHour.Buckets(entries, incident.WindowFrom, incident.WindowTo).Select(h => new { hour = h.Hour, reads = h.Reads, cvs = h.Cvs }),
            baseline = new
            {
                days = options.BaselineDays,
                dailyAverage = daily,
                perHour = daily / 24,
                factor = options.BaselineFactor,
            },
            limits = new
            {
                perHour = limits.AccountPerHour > 0 ? limits.AccountPerHour : (int?)null,
                dailyCeiling = limits.AccountDailyCeiling,
            },
        });
    }

    [Function("LiftIncident")]
    [JsonRequestBody(MaxLiftBodyBytes)]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Lift(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{incidentId}/lift")] HttpRequest request,
        string incidentId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken, MaxLiftBodyBytes);
        if (problem is not null)
        {
            return problem;
        }
        string? reason = null;
        using (body)
        {
            if (body!.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String)
            {
                reason = r.GetString()?.Trim();
            }
        }
        if (string.IsNullOrEmpty(reason) || reason.Length > 2000)
        {
            return Problems.Validation([new FieldError("/reason", "required", "a reason of 1-2000 characters is required to lift a suspension")]);
        }
        var caller = request.Caller();
        if (await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return NotFound();
        }
        if (incident.Status != IncidentStatus.Suspended)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "already-lifted", "The suspension has already been lifted.");
        }
        var lifted = incident with
        {
            Status = IncidentStatus.Lifted,
            LiftedBy = caller.UserObjectId ?? caller.ClientId,
            LiftedAt = clock.GetUtcNow(),
            LiftReason = reason,
        };
        if (!await incidents.TryLiftAsync(lifted, cancellationToken))
        {
            return Problems.Result(StatusCodes.Status409Conflict, "concurrent-change", "The incident changed meanwhile; read it again.");
        }
        // The incident's hold has ended: erasures it kept open finish now.
        await erasure.ResumeHeldAsync(cancellationToken);
        return new OkObjectResult(Summary(lifted));
    }

    private static object Summary(Incident i) => new
    {
        id = i.Id,
        party = i.Party,
        clientId = i.ClientId,
        userObjectId = i.UserObjectId,
        userName = i.UserName,
        rule = i.Rule,
        detectedAt = i.DetectedAt,
        status = i.Status,
        liftedBy = i.LiftedBy,
        liftedAt = i.LiftedAt,
    };

    /// <summary>What the account received in the incident's window (its end included), from the access log.</summary>
    private IAsyncEnumerable<AccessLogEntry> Window(Incident incident, CancellationToken cancellationToken) =>
        log.ForPartyAsync(incident.Party, incident.WindowFrom, incident.WindowTo.AddSeconds(1), cancellationToken);

    private static ObjectResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such incident.");
}
