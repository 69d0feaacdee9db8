using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Cvs;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Access;

/// <summary>
/// GET /api/cvs/{cvId}/access-log?from=&amp;to=: for the owning registry, who has seen the CV (default: the last 90 days),
/// read by <see cref="CvAccessLogQuery"/> at most <see cref="CvAccessLogQuery.MaxWindowMonths"/> months per call.
/// </summary>
public sealed class CvAccessLogFunction(CvAccessLogQuery query, TimeProvider clock)
{
    [ApiOperation("Employer access", "Every read of the CV outside its registry: party, client, user, kind, fields, time.", Problems = ["not-a-registry", "validation", "not-found"])]
    [ApiParameter("from", "Start of the window (ISO 8601).", Format = "date-time")]
    [ApiParameter("to", "End of the window (ISO 8601), after `from`.", Format = "date-time")]
    [ApiResponse(200, "The reads in the window, at most 24 months of it; `next`, when set, is the `from` of the next call.", Type = typeof(CvAccessLogPage))]
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
        // Nothing is logged after now: a later end reads nothing more, and past 9999-12 the month walk overflowed.
        var latest = now.AddMinutes(1);
        var to = parameters.Time("to") is { } asked && asked < latest ? asked : latest;
        if (from >= to)
        {
            parameters.Errors.Add(new FieldError("?to", "order", "must be later than 'from' (and 'from' not in the future)"));
        }
        if (parameters.Errors.Count > 0)
        {
            return Problems.Validation(parameters.Errors, QueryParameters.Title);
        }
        return await query.ReadAsync(registry, cvId, from, to, cancellationToken) is { } page
            ? JsonAnswer.Ok(page, AccessJson.Answers.CvAccessLogPage)
            : RegistryCvFunctions.NotFound();
    }
}
