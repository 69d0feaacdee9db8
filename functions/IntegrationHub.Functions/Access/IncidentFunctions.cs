using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Access;

/// <summary>Harvesting incidents for the privacy team: list, show (with every CV the account received), its reads per hour, lift.</summary>
public sealed class IncidentFunctions(IncidentQueries queries, IncidentLifting lifting)
{
    /// <summary>A reason of 2,000 characters, escaped, fits in 16 KiB.</summary>
    private const int MaxLiftBodyBytes = 16 * 1024;

    [ApiOperation("Incidents", "Harvesting incidents (suspended accounts), newest first.")]
    [ApiResponse(200, "The incidents.", Type = typeof(IncidentList))]
    [Function("ListIncidents")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return new OkObjectResult(await queries.ListAsync(cancellationToken));
    }

    [ApiOperation("Incidents", "One incident with every CV the account received in its window, from the access log.", Problems = ["not-found"])]
    [ApiResponse(200, "The incident and what the account received.", Type = typeof(IncidentDetail))]
    [Function("GetIncident")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}")] HttpRequest request,
        string incidentId,
        CancellationToken cancellationToken)
    {
        return await queries.GetAsync(incidentId, cancellationToken) is { } detail ? new OkObjectResult(detail) : NotFound();
    }

    /// <summary>
    /// The console's incident chart: the account's reads per UTC hour over the incident's window (from the access log),
    /// its own usual rate before (daily baseline from its day counters) and the limits in force for it.
    /// </summary>
    [ApiOperation("Incidents", "The account's reads per UTC hour over the incident's window, its own daily baseline before and the limits in force (the console's chart).", Problems = ["not-found"])]
    [ApiResponse(200, "Reads per hour, baseline and limits.", Type = typeof(IncidentReadsPerHourView), Name = "IncidentReadsPerHour")]
    [Function("GetIncidentReadsPerHour")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> ReadsPerHour(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{incidentId}/reads-per-hour")] HttpRequest request,
        string incidentId,
        CancellationToken cancellationToken)
    {
        return await queries.ReadsPerHourAsync(incidentId, cancellationToken) is { } chart ? new OkObjectResult(chart) : NotFound();
    }

    [ApiOperation("Incidents", "Lifts a suspension, with a reason; records who.", Problems = ["validation", "malformed", "not-found", "already-lifted", "concurrent-change"])]
    [ApiRequest("application/json", Type = typeof(IncidentLiftRequest), Name = "LiftRequest")]
    [ApiResponse(200, "The lifted incident.", Type = typeof(IncidentSummary), Name = "Incident")]
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
        var (outcome, lifted) = await lifting.LiftAsync(incidentId, reason, request.Caller(), cancellationToken);
        return outcome switch
        {
            IncidentLiftOutcome.Lifted => new OkObjectResult(lifted),
            IncidentLiftOutcome.NotFound => NotFound(),
            IncidentLiftOutcome.AlreadyLifted => Problems.Result(StatusCodes.Status409Conflict, "already-lifted", "The suspension has already been lifted."),
            IncidentLiftOutcome.ConcurrentChange => Problems.Result(StatusCodes.Status409Conflict, "concurrent-change", "The incident changed meanwhile; read it again."),
            _ => throw new InvalidOperationException($"Unmapped outcome {outcome}."),
        };
    }

    private static ObjectResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such incident.");
}
