using System.Text.Json;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.Functions.Cvs;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Citizens;

/// <summary>
/// GET /api/citizens/{citizenId}/export: the citizen's copy (GDPR art. 15) for the owning registry to hand over. The
/// copy is <see cref="CitizenExport"/>'s (Core/Erasure); the function checks the caller and the id, answers 404 when the
/// hub holds nothing of the citizen, and streams the document straight to the response body.
/// </summary>
public sealed class CitizenExportFunction(CitizenExport export)
{
    [ApiOperation("Citizens", "The citizen's copy (GDPR art. 15) for the owning registry: one JSON document, streamed.", Description = "`cvs` (every stored version's document), `events`, `facts`, `visibility` (decisions over time with reasons and `legalBasis`), `reads` (every read outside the registry: party, kind, fields, time), `letters` (breach letters and their delivery), `expiry` (what expires when).", Problems = ["not-a-registry", "validation", "not-found"])]
    [ApiResponse(200, "The citizen's copy.", Schema = "Object")]
    [Function("ExportCitizen")]
    [RequireRole(HubRoles.CvSubmit)]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "citizens/{citizenId}/export")] HttpRequest request,
        string citizenId,
        CancellationToken cancellationToken)
    {
        if (RegistryRequests.RegistryOf(request) is not { } registry)
        {
            return RegistryRequests.NotARegistry();
        }
        if (!CitizenEventParser.IsCitizenId(citizenId))
        {
            return CitizenErasureFunctions.BadCitizenId();
        }
        if (await export.FindAsync(registry, citizenId, cancellationToken) is not { } copy)
        {
            return CitizenErasureFunctions.NotFound();
        }
        return new StreamedJson(writer => export.WriteAsync(copy, writer, cancellationToken));
    }

    /// <summary>A 200 JSON answer written by <paramref name="write"/> straight to the response body.</summary>
    private sealed class StreamedJson(Func<Utf8JsonWriter, Task> write) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(response.Body);
            await write(writer);
        }
    }
}
