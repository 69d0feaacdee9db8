using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Visibility;

/// <summary>
/// GET /api/visibility/exposures?registry=&amp;from=&amp;to=&amp;fact=&amp;continuation=: for the privacy team, the CVs employers
/// could see in a window (optionally only while a fact held in the world), with the exact windows. Paged.
/// </summary>
public sealed class ExposuresFunction(ExposureQuery query, IOptions<HubOptions> hub, ContinuationTokens tokens)
{
    [ApiOperation("Visibility", "CVs employers could see in a window, optionally while a fact held, with the exact windows.", Problems = ["validation"])]
    [ApiParameter("registry", "A configured registry.", Required = true)]
    [ApiParameter("from", "Start of the window (ISO 8601).", Format = "date-time", Required = true)]
    [ApiParameter("to", "End of the window (ISO 8601), after `from`.", Format = "date-time", Required = true)]
    [ApiParameter("fact", "work-oriented-benefit, reduced-work-capacity-benefit, protected-address or consent-withdrawn.")]
    [ApiParameter("continuation", "The previous page's opaque `continuation`, for the same registry and window.")]
    [ApiParameter("pageSize", "Items per page.", Type = "integer")]
    [ApiResponse(200, "A page of exposures.", Type = typeof(ExposureList))]
    [Function("GetExposures")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "visibility/exposures")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request);
        var registry = parameters.Text("registry", required: true, maxLength: 64);
        var from = parameters.Time("from", required: true);
        var to = parameters.Time("to", required: true);
        var fact = parameters.OneOf("fact", ExposureFacts.ByName);
        var pageSize = parameters.Number("pageSize", 500, 1, 1000);
        if (registry is not null && !hub.Value.Registries.ContainsKey(registry))
        {
            parameters.Errors.Add(new FieldError("?registry", "enum", $"must be a configured registry: {string.Join(", ", hub.Value.Registries.Keys)}"));
        }
        if (from is { } f && to is { } t && f >= t)
        {
            parameters.Errors.Add(new FieldError("?to", "order", "must be later than 'from'"));
        }
        // The continuation is sealed for this registry and window: a position in the exposure index, not the caller's to edit.
        var purpose = $"exposures|{registry}|{from?.UtcTicks}|{to?.UtcTicks}";
        var continuation = parameters.Token("continuation", tokens, purpose);
        if (parameters.Errors.Count > 0)
        {
            return Problems.Validation(parameters.Errors, QueryParameters.Title);
        }
        var (matches, next) = await query.FindAsync(registry!, from!.Value, to!.Value, fact, continuation, pageSize, cancellationToken);
        return new OkObjectResult(new ExposureList(
            registry!,
            from!.Value,
            to!.Value,
            request.Query["fact"].ToString() is { Length: > 0 } name ? name : null,
            [.. matches.Select(ExposureItem.From)],
            next is null ? null : tokens.Seal(purpose, next)));
    }
}
