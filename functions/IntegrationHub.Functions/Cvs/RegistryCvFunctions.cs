using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Cvs;

/// <summary>GET and DELETE /api/cvs/{cvId} for the owning registry. Any other registry's CV is 404.</summary>
public sealed class RegistryCvFunctions(CvRegistryHandler handler)
{
    [Function("GetCv")]
    [RequireRole(HubRoles.CvSubmit)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cvs/{cvId}")] HttpRequest request,
        string cvId,
        CancellationToken cancellationToken)
    {
        if (RegistryRequests.RegistryOf(request) is not { } registry)
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
        return await handler.DeleteAsync(registry, cvId, cancellationToken) ? new NoContentResult() : NotFound();
    }

    internal static ObjectResult NotFound() =>
        Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such CV.");
}
