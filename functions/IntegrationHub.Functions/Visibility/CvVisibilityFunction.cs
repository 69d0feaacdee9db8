using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Functions.Cvs;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Visibility;

/// <summary>GET /api/cvs/{cvId}/visibility: for the owning registry, the decision in force, why, and the facts it rests on.</summary>
public sealed class CvVisibilityFunction(CvVisibilityQuery query)
{
    [ApiOperation("Visibility", "The visibility decision in force for a CV and its served history.", Problems = ["not-a-registry", "not-found"])]
    [ApiResponse(200, "Audience, presentation, searchable, reasons, legal basis per purpose (consent or public-task), facts, history.", Type = typeof(CvVisibilityView))]
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
        return await query.ExplainAsync(registry, cvId, cancellationToken) is { } explanation
            ? JsonAnswer.Ok(CvVisibilityView.From(cvId, explanation), VisibilityJson.Answers.CvVisibilityView)
            : RegistryCvFunctions.NotFound();
    }
}
