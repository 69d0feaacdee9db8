using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Functions.Cvs;
using IntegrationHub.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Visibility;

/// <summary>GET /api/cvs/{cvId}/visibility: for the owning registry, the decision in force, why, and the facts it rests on.</summary>
public sealed class CvVisibilityFunction(CvVisibilityQuery query)
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
        if (await query.ExplainAsync(registry, cvId, cancellationToken) is not (var state, var history))
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
            // Per purpose: GDPR art. 6(1)(a) consent or 6(1)(e) public task. For the owner only: it tells a target group.
            legalBasis = new
            {
                employers = Basis(state.Decision.LegalBasis),
                boards = Basis(state.Boards?.Shared == true ? LegalBasis.Consent : LegalBasis.None),
            },
            decidedAt = state.DecidedAt,
            facts = state.Facts,
            // What the hub served, in its own time; each interval lasts until the next one starts.
            history = history.Select((h, i) => new
            {
                from = h.From,
                to = i + 1 < history.Count ? history[i + 1].From : (DateTimeOffset?)null,
                cvId = h.CvId,
                audience = h.Decision.Audience.ToString(),
                presentation = h.Decision.Presentation.ToString(),
                searchable = h.Decision.Searchable,
                reasons = h.Decision.Reasons,
                legalBasis = new { employers = Basis(h.Decision.LegalBasis) },
                facts = h.Facts,
            }),
        });
    }

    /// <summary>"consent", "public-task" or "none".</summary>
    private static string Basis(LegalBasis basis) => basis switch
    {
        LegalBasis.Consent => "consent",
        LegalBasis.PublicTask => "public-task",
        _ => "none",
    };
}
