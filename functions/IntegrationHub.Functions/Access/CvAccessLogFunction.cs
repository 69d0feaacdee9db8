using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Functions.Cvs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Access;

/// <summary>GET /api/cvs/{cvId}/access-log?from=&amp;to=: for the owning registry, who has seen the CV (default: the last 90 days).</summary>
public sealed class CvAccessLogFunction(ICvStore cvs, IAccessLog log, TimeProvider clock)
{
    [Function("GetCvAccessLog")]
    [RequireRole(HubRoles.CvSubmit)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cvs/{cvId}/access-log")] HttpRequest request,
        string cvId,
        CancellationToken cancellationToken)
    {
        if (RegistryRequests.RegistryOf(request) is not { } registry)
        {
            return RegistryRequests.NotARegistry();
        }
        var parameters = new QueryParameters(request);
        var now = clock.GetUtcNow();
        var from = parameters.Time("from") ?? now.AddDays(-90);
        var to = parameters.Time("to") ?? now.AddMinutes(1);
        if (from >= to)
        {
            parameters.Errors.Add(new FieldError("?to", "order", "must be later than 'from'"));
        }
        if (parameters.Errors.Count > 0)
        {
            return Problems.Validation(parameters.Errors, QueryParameters.Title);
        }
        // A deleted CV's log stays readable by its registry: look the CV up only to refuse other registries' ids.
        var entries = await log.ForCvAsync(registry, cvId, from, to, cancellationToken);
        if (entries.Count == 0 && await cvs.GetAsync(registry, cvId, cancellationToken) is null)
        {
            return RegistryCvFunctions.NotFound();
        }
        return new OkObjectResult(new
        {
            cvId,
            from,
            to,
            entries = entries.Select(e => new
            {
                at = e.At,
                party = e.Party,
                clientId = e.ClientId,
                userObjectId = e.UserObjectId,
                kind = e.Kind,
                fields = e.Fields,
            }),
        });
    }
}
