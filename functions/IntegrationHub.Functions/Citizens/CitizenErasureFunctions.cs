using Azure.Storage.Queues.Models;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility.Events;
using IntegrationHub.Functions.Cvs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Citizens;

/// <summary>
/// DELETE /api/citizens/{citizenId}: the owning registry erases a citizen in every store (GDPR art. 17); 204 when all is
/// erased, 409 naming the legal holds that keep rows (the rest is erased). The queue trigger resumes an erasure a
/// request did not finish, or one whose hold has ended (ADR 0022).
/// </summary>
public sealed class CitizenErasureFunctions(CitizenErasure erasure)
{
    [Function("EraseCitizen")]
    [RequireRole(HubRoles.CvSubmit)]
    public async Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "citizens/{citizenId}")] HttpRequest request,
        string citizenId,
        CancellationToken cancellationToken)
    {
        if (RegistryRequests.RegistryOf(request) is not { } registry)
        {
            return RegistryRequests.NotARegistry();
        }
        if (!CitizenEventParser.IsCitizenId(citizenId))
        {
            return BadCitizenId();
        }
        return Answer(await erasure.EraseAsync(registry, citizenId, ErasureTriggers.Request, cancellationToken));
    }

    [Function("ResumeCitizenErasure")]
    public Task Resume([QueueTrigger(ErasureQueues.CitizenErasure)] QueueMessage message, CancellationToken cancellationToken)
    {
        return erasure.ResumeAsync(QueuePages.Decode(message, ErasureJson.Default.ResumeErasure), cancellationToken);
    }

    internal static ObjectResult BadCitizenId() => Problems.Validation(
        [new FieldError("/citizenId", "pattern", "must be the registry's citizen id (1-128 letters, digits, '.', '_', ':' or '-')")],
        "The route names no valid citizen id.");

    internal static IActionResult Answer(ErasureResult result)
    {
        if (!result.Found)
        {
            return NotFound();
        }
        if (result.Holds.Count == 0)
        {
            return new NoContentResult();
        }
        var problem = Problems.Create(StatusCodes.Status409Conflict, "legal-hold",
            "Erased, except what a legal hold keeps.",
            "Rows a legal hold needs stay until it ends (an incident lifted, a breach report filed); then they are erased too. Everything else is erased.");
        problem.Extensions["holds"] = result.Holds;
        return Problems.ToResult(problem);
    }

    internal static ObjectResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such citizen.");
}
