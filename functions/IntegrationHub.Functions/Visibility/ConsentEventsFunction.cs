using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Visibility;

/// <summary>
/// POST /api/consent-events: consent and status sources send one CloudEvent (application/cloudevents+json) or a batch
/// (application/cloudevents-batch+json). Each event is applied, a duplicate, or rejected with the fields and rules it
/// breaks. A batch answers 200 with a result per event; a single rejected event, or a batch where every event is
/// rejected, answers 400.
/// </summary>
public sealed class ConsentEventsFunction(CitizenEventIntake intake, IOptions<HubOptions> hub)
{
    private const string Single = "application/cloudevents+json";
    private const string Batch = "application/cloudevents-batch+json";

    [ApiOperation("Visibility", "Consent and status events (CloudEvents 1.0), one or a batch of up to 100.", Problems = ["not-a-registry", "validation", "malformed-json", "duplicate-key", "batch-size", "cloudevents-mode", "payload-too-large", "unsupported-media-type", "citizen-erased"])]
    [ApiRequest("application/cloudevents+json", Schema = "CitizenEvent")]
    [ApiRequest("application/cloudevents-batch+json", Schema = "CitizenEvent", Batch = true)]
    [ApiResponse(200, "A result per event: applied, duplicate or rejected (fields and rules; a time too far ahead of the hub's clock is rule not-in-future).", Type = typeof(CitizenEventResults))]
    [Function("PostConsentEvents")]
    [JsonRequestBody]
    [RequireRole(HubRoles.ConsentWrite)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "consent-events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        // A consent or status source acts for one registry: its citizens are that registry's.
        var caller = request.Caller();
        if (caller.PartyId is not { } registry || !hub.Value.Registries.ContainsKey(registry))
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "not-a-registry", "Only a source bound to a registry may send citizen events.",
                "The calling client is not bound to a registry in the hub's configuration.");
        }
        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken, JsonBody.DefaultMaxBytes, Single, Batch, "application/json");
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            var root = document!.RootElement;
            var isBatch = root.ValueKind == JsonValueKind.Array;
            if (isBatch != request.ContentType!.StartsWith(Batch, StringComparison.OrdinalIgnoreCase) && !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                var mode = Problems.Create(StatusCodes.Status400BadRequest, "cloudevents-mode",
                    isBatch ? "A JSON array needs Content-Type application/cloudevents-batch+json." : "A single event needs Content-Type application/cloudevents+json.");
                mode.Extensions["errors"] = Problems.Errors([new FieldError("Content-Type", "cloudevents-mode", "must match the body: batch for an array, single for an object")]);
                return Problems.ToResult(mode);
            }
            if (isBatch && root.GetArrayLength() is 0 or > CitizenEventIntake.MaxBatch)
            {
                var size = Problems.Create(StatusCodes.Status400BadRequest, "batch-size", $"A batch holds 1 to {CitizenEventIntake.MaxBatch} events.");
                size.Extensions["errors"] = Problems.Errors([new FieldError("", "maxItems", $"must hold 1 to {CitizenEventIntake.MaxBatch} events")]);
                return Problems.ToResult(size);
            }
            IReadOnlyList<JsonElement> events = isBatch ? [.. root.EnumerateArray()] : [root];
            var results = await intake.AcceptAsync(registry, events, cancellationToken);

            if (results.All(r => r.Status == CitizenEventStatus.Rejected && r.Errors.Any(e => e.Rule == CitizenEventIntake.ErasedRule)))
            {
                // 410: the citizen is gone, and older news about them cannot bring them back (ADR 0022).
                var gone = Problems.Create(StatusCodes.Status410Gone, "citizen-erased",
                    isBatch ? "Every event concerns a citizen erased after the event's time; nothing was stored." : "The event concerns a citizen erased after its time; nothing was stored.",
                    "See 'results' for each event.");
                gone.Extensions["results"] = CitizenEventResults.From(results).Results;
                return Problems.ToResult(gone);
            }
            if (results.All(r => r.Status == CitizenEventStatus.Rejected))
            {
                var rejected = Problems.Create(StatusCodes.Status400BadRequest, "validation",
                    isBatch ? "Every event in the batch was rejected; nothing was stored." : "The event was rejected; nothing was stored.",
                    "See 'results' for each event's fields and rules.");
                rejected.Extensions["results"] = CitizenEventResults.From(results).Results;
                return Problems.ToResult(rejected);
            }
            return JsonAnswer.Ok(CitizenEventResults.From(results), VisibilityJson.Answers.CitizenEventResults);
        }
    }
}
