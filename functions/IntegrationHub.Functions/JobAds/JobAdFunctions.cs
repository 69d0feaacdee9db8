using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.JobAds;

/// <summary>
/// POST /api/jobads, GET and DELETE /api/jobads/{adId}: a recruitment system (a client bound as System, role
/// JobAd.Submit) submits, follows and withdraws its ads. Another client's ad is 404.
/// </summary>
public sealed class JobAdFunctions(JobAdIntakeHandler handler)
{
    /// <summary>The canonical ad is small; its HTML text is at most 20,000 characters.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>The contract's one-line fields (#/$defs/line: title, names, address, city, ...): no tab or line break either.</summary>
    private static readonly IReadOnlySet<string> SingleLine = SingleLineFields.FromSchema("jobad.schema.json", "#/$defs/line");

    [Function("SubmitJobAd")]
    [JsonRequestBody(MaxBodyBytes)]
    [RequireRole(HubRoles.JobAdSubmit)]
    public async Task<IActionResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (SystemOf(request) is not { } client)
        {
            return NotARecruitmentSystem();
        }
        var (document, problem) = await JsonBody.ReadAsync(request, MaxBodyBytes, SingleLine, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            var result = await handler.SubmitAsync(new SubmitJobAd
            {
                Client = client,
                Document = document!.RootElement,
                CorrelationId = request.CorrelationId(),
            }, cancellationToken);
            switch (result)
            {
                case JobAdIntakeResult.Stored stored:
                    request.HttpContext.Response.Headers.Location = $"/api/jobads/{stored.Answer.AdId}";
                    return new ContentResult
                    {
                        StatusCode = stored.Answer.Status == "unchanged" ? StatusCodes.Status200OK : StatusCodes.Status202Accepted,
                        ContentType = "application/json",
                        Content = System.Text.Json.JsonSerializer.Serialize(stored.Answer, JobAdsJson.Default.JobAdSubmitted),
                    };
                case JobAdIntakeResult.Invalid invalid:
                    return Problems.Validation(invalid.Errors);
                default:
                    return Problems.Result(StatusCodes.Status409Conflict, "concurrent-update",
                        "The ad was being changed by other requests at the same time.", "Retry the request.");
            }
        }
    }

    [Function("GetJobAd")]
    [RequireRole(HubRoles.JobAdSubmit)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobads/{adId}")] HttpRequest request,
        string adId,
        CancellationToken cancellationToken)
    {
        if (SystemOf(request) is not { } client)
        {
            return NotARecruitmentSystem();
        }
        var view = await handler.GetAsync(client, adId, cancellationToken);
        return view is null
            ? NotFound()
            : new ContentResult
            {
                StatusCode = StatusCodes.Status200OK,
                ContentType = "application/json",
                Content = System.Text.Json.JsonSerializer.Serialize(view, JobAdsJson.Default.JobAdView),
            };
    }

    [Function("WithdrawJobAd")]
    [RequireRole(HubRoles.JobAdSubmit)]
    public async Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "jobads/{adId}")] HttpRequest request,
        string adId,
        CancellationToken cancellationToken)
    {
        if (SystemOf(request) is not { } client)
        {
            return NotARecruitmentSystem();
        }
        var found = await handler.WithdrawAsync(new WithdrawJobAd
        {
            Client = client,
            AdId = adId,
            Reason = "withdrawn by the client",
            CorrelationId = request.CorrelationId(),
        }, cancellationToken);
        return found ? new AcceptedResult() : NotFound();
    }

    private static string? SystemOf(HttpRequest request)
    {
        var caller = request.Caller();
        return caller.Kind == PartyKind.System ? caller.PartyId : null;
    }

    private static ObjectResult NotARecruitmentSystem() =>
        Problems.Result(StatusCodes.Status403Forbidden, "not-a-recruitment-system", "Only a recruitment system may do this.",
            "The calling client is not bound as a System in the hub's configuration.");

    private static ObjectResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such job ad.");
}
