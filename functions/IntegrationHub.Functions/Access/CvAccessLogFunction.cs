using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
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
/// GET /api/cvs/{cvId}/access-log?from=&amp;to=: for the owning registry, who has seen the CV (default: the last 90 days).
/// One call reads at most <see cref="MaxWindowMonths"/> months (one partition query per month); a longer window is
/// answered in pages, <c>next</c> being the <c>from</c> of the next call. Issue 15: year 1 to 9999 ran 120,000 queries
/// and then overflowed the calendar (500).
/// </summary>
public sealed class CvAccessLogFunction(ICvStore cvs, IAccessLog log, TimeProvider clock)
{
    public const int MaxWindowMonths = 24;

    [ApiOperation("Employer access", "Every read of the CV outside its registry: party, client, user, kind, fields, time.", Problems = ["not-a-registry", "validation", "not-found"])]
    [ApiParameter("from", "Start of the window (ISO 8601).", Format = "date-time")]
    [ApiParameter("to", "End of the window (ISO 8601), after `from`.", Format = "date-time")]
    [ApiResponse(200, "The reads in the window, at most 24 months of it; `next`, when set, is the `from` of the next call.", Schema = "Object")]
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
        // A deleted CV's log stays readable by its registry: look the CV up only to refuse other registries' ids.
        // 'from' is before now here, so 24 months on from it stays inside the calendar.
        var windowEnd = Min(to, from.AddMonths(MaxWindowMonths));
        var entries = await log.ForCvAsync(registry, cvId, from, windowEnd, cancellationToken);
        if (entries.Count == 0 && await cvs.GetAsync(registry, cvId, cancellationToken) is null)
        {
            return RegistryCvFunctions.NotFound();
        }
        return new OkObjectResult(new
        {
            cvId,
            from,
            to = windowEnd,
            // The window was cut: call again with from=next (and the same 'to') for the rest.
            next = windowEnd < to ? windowEnd : (DateTimeOffset?)null,
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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
