using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Functions.Cvs;
using IntegrationHub.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Visibility;

/// <summary>GET /api/cvs/{cvId}/visibility: for the owning registry, the decision in force, why, and the facts it rests on.</summary>
public sealed class CvVisibilityFunction(VisibilityService visibility, ICvStore cvs, ICvFactsStore facts)
{
    [Function("GetCvVisibility")]
    [RequireRole(HubRoles.CvSubmit)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cvs/{cvId}/visibility")] HttpRequest request,
        string cvId,
        CancellationToken cancellationToken)
    {
        if (RegistryRequests.RegistryOf(request) is not { } registry)
        {
            return RegistryRequests.NotARegistry();
        }
        var state = await visibility.ExplainAsync(cvs, facts, registry, cvId, cancellationToken);
        if (state is null)
        {
            return RegistryCvFunctions.NotFound();
        }
        return new OkObjectResult(new
        {
            cvId,
            audience = state.Decision.Audience.ToString(),
            presentation = state.Decision.Presentation.ToString(),
            searchable = state.Decision.Searchable,
            reasons = state.Decision.Reasons,
            decidedAt = state.DecidedAt,
            facts = state.Facts,
        });
    }
}
