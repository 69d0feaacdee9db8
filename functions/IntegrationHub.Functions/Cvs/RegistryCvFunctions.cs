using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Functions.Access;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Cvs;

/// <summary>
/// GET and DELETE /api/cvs/{cvId}. The owning registry reads its own CV whole (any other registry's CV is 404); a person
/// signed in for an employer (Cv.Read, delegated token) gets the employer view within the citizen's consent, or the same
/// 404 for a CV that is unknown, hidden, protected or deleted. Boards read through their feed only.
/// </summary>
public sealed class RegistryCvFunctions(CvRegistryHandler handler, EmployerCvService employers, Core.Erasure.CitizenErasure erasure)
{
    [ApiOperation("CVs", "A registry reads its stored CV; a person signed in for an employer reads the employer view (checked against the decision in force, within the consented sections).", Problems = ["not-an-employer", "user-required", "account-suspended", "not-found", "rate-limited", "access-counter-busy", "access-counter-unavailable"])]
    [ApiResponse(200, "The stored document (registry) or the employer view.", Schema = "Object")]
    [Function("GetCv")]
    [RequireRole(HubRoles.CvSubmit, HubRoles.CvRead)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cvs/{cvId}")] HttpRequest request,
        string cvId,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        if (caller.Kind != PartyKind.Registry)
        {
            if (!caller.IsInRole(HubRoles.CvRead))
            {
                return AccessResults.NotAnEmployer();
            }
            return AccessResults.RefuseNonEmployer(caller) ?? await EmployerViewAsync(request, caller, cvId, cancellationToken);
        }
        if (!caller.IsInRole(HubRoles.CvSubmit) || RegistryRequests.RegistryOf(request) is not { } registry)
        {
            return RegistryRequests.NotARegistry();
        }
        var view = await handler.GetAsync(registry, cvId, cancellationToken);
        if (view is null)
        {
            return NotFound();
        }
        request.HttpContext.Response.Headers.ETag = $"\"{view.Cv.Version}\"";
        return new ContentResult
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = "application/json",
            Content = RegistryCvJson.Write(view),
        };
    }

    [ApiOperation("CVs", "The owning registry erases a CV (document, index, projections); with `forGood=true`, erases its citizen everywhere as `DELETE /api/citizens/{citizenId}` does.", Problems = ["not-a-registry", "not-found", "legal-hold"])]
    [ApiParameter("forGood", "`true`: the registry deletes the CV for good, and the citizen's erasure runs.")]
    [ApiResponse(204, "Erased.")]
    [Function("DeleteCv")]
    [RequireRole(HubRoles.CvSubmit)]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "cvs/{cvId}")] HttpRequest request,
        string cvId,
        CancellationToken cancellationToken)
    {
        if (RegistryRequests.RegistryOf(request) is not { } registry)
        {
            return RegistryRequests.NotARegistry();
        }
        // "forGood=true": the registry is done with the person, so the citizen's erasure runs (every store, holds kept).
        if (string.Equals(request.Query["forGood"], "true", StringComparison.Ordinal))
        {
            if ((await handler.GetAsync(registry, cvId, cancellationToken))?.Cv.CitizenId is not { } citizenId)
            {
                return NotFound();
            }
            return Citizens.CitizenErasureFunctions.Answer(await erasure.EraseAsync(registry, citizenId, Core.Erasure.ErasureTriggers.CvDeletedForGood, cancellationToken));
        }
        return await handler.DeleteAsync(registry, cvId, cancellationToken) ? new NoContentResult() : NotFound();
    }

    private async Task<IActionResult> EmployerViewAsync(HttpRequest request, HubCaller caller, string cvId, CancellationToken cancellationToken)
    {
        var result = await employers.ViewAsync(caller, cvId, request.HttpContext.TraceIdentifier, cancellationToken);
        return result switch
        {
            EmployerRead<EmployerCv>.Served(var view) => new ContentResult
            {
                StatusCode = StatusCodes.Status200OK,
                ContentType = "application/json",
                Content = view.Document.ToJsonString(),
            },
            EmployerRead<EmployerCv>.Refused(var decision) => AccessResults.Refused(request, decision),
            _ => NotFound(),
        };
    }

    internal static ObjectResult NotFound() =>
        Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such CV.");
}
