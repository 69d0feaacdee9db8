using System.Text.Json;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Docs;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace IntegrationHub.Functions.Breach;

/// <summary>Breach-notification campaigns for the privacy team: draft, list, show, dry run, approve/start (two people), pause/resume/cancel, report.</summary>
public sealed class BreachFunctions(BreachService service, BreachDrafting drafting, BreachQueries queries, BreachReportFiling filing)
{
    [ApiOperation("Breach campaigns", "Drafts a breach-notification campaign.", Problems = ["validation", "malformed-json", "duplicate-key", "payload-too-large", "unsupported-media-type"])]
    [ApiRequest("application/json", Schema = "BreachCampaignDraft")]
    [ApiResponse(201, "The draft.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("CreateBreach")]
    [JsonRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            var (campaign, errors) = await drafting.DraftAsync(document!.RootElement, request.Caller(), cancellationToken);
            return campaign is null
                ? Problems.Validation(errors)
                : new ObjectResult(BreachCampaignView.From(campaign)) { StatusCode = StatusCodes.Status201Created };
        }
    }

    [ApiOperation("Breach campaigns", "Every campaign.")]
    [ApiResponse(200, "The campaigns.", Type = typeof(BreachList))]
    [Function("ListBreaches")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "breaches")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return new OkObjectResult(await queries.ListAsync(cancellationToken));
    }

    [ApiOperation("Breach campaigns", "One campaign: selector, letters' languages, dry-run counts, progress and audit.", Problems = ["not-found"])]
    [ApiResponse(200, "The campaign.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("GetBreach")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "breaches/{breachId}")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken)
    {
        return await queries.GetAsync(breachId, cancellationToken) is { } view ? new OkObjectResult(view) : NotFound();
    }

    [ApiOperation("Breach campaigns", "Counts the audience by registry, language, channel and protected status, sending nothing.", Description = "Only in draft.", Problems = ["not-found", "illegal-transition", "concurrent-change"])]
    [ApiResponse(202, "Counting: the campaign; its audience is counted by a worker (GET it again).", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("DryRunBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> DryRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/dry-run")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken)
    {
        var result = await service.DryRunAsync(breachId, request.Caller(), cancellationToken);
        return result.Outcome == BreachOutcome.Ok
            ? new ObjectResult(BreachCampaignView.From(result.Campaign!)) { StatusCode = StatusCodes.Status202Accepted }
            : Map(result, BreachService.Actions.DryRun);
    }

    [ApiOperation("Breach campaigns", "Approves a counted draft (a person's token).", Description = "The approver may not start it.", Problems = ["user-required", "not-found", "dry-run-required", "gdpr-art34-content", "illegal-transition", "concurrent-change"])]
    [ApiResponse(200, "The campaign in its new state.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("ApproveBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/approve")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Approve, cancellationToken);

    [ApiOperation("Breach campaigns", "Starts an approved campaign (a second person's token).", Description = "Two-person rule: not the approver.", Problems = ["user-required", "two-person-rule", "not-found", "illegal-transition", "concurrent-change"])]
    [ApiResponse(200, "The campaign in its new state.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("StartBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/start")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Start, cancellationToken);

    [ApiOperation("Breach campaigns", "Pauses a running campaign.", Description = "Nothing more is sent until resumed.", Problems = ["not-found", "illegal-transition", "concurrent-change"])]
    [ApiResponse(200, "The campaign in its new state.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("PauseBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Pause(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/pause")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Pause, cancellationToken);

    [ApiOperation("Breach campaigns", "Resumes a paused campaign.", Description = "Sending continues where it stopped.", Problems = ["not-found", "illegal-transition", "concurrent-change"])]
    [ApiResponse(200, "The campaign in its new state.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("ResumeBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Resume(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/resume")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Resume, cancellationToken);

    [ApiOperation("Breach campaigns", "Cancels a campaign.", Description = "Nothing more is sent.", Problems = ["not-found", "illegal-transition", "concurrent-change"])]
    [ApiResponse(200, "The campaign in its new state.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("CancelBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/cancel")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Cancel, cancellationToken);

    /// <summary>Records that the report to the supervisory authority is filed (GDPR art. 33): state reported, the campaign's hold ends.</summary>
    [ApiOperation("Breach campaigns", "Records that the report to the supervisory authority is filed: `reference` (the authority's), `filedAt`; who from the token.", Description = "From `completed` or `cancelled` only; the state becomes `reported` and the campaign's legal hold on its citizens' rows ends.", Problems = ["validation", "malformed-json", "unsupported-media-type", "payload-too-large", "not-found", "illegal-transition", "concurrent-change"])]
    [ApiRequest("application/json", Type = typeof(BreachReportFiledRequest), Name = "ReportFiledRequest")]
    [ApiResponse(200, "The campaign in its new state.", Type = typeof(BreachCampaignView), Name = "BreachCampaign")]
    [Function("BreachReportFiled")]
    [RequireRole(HubRoles.BreachManage)]
    [JsonRequestBody(16 * 1024)]
    public async Task<IActionResult> ReportFiled(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/report-filed")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, cancellationToken, maxBytes: 16 * 1024);
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            var (result, errors) = await filing.FileAsync(breachId, document!.RootElement, request.Caller(), cancellationToken);
            return result is null ? Problems.Validation(errors) : Map(result, BreachService.Actions.ReportFiled);
        }
    }

    [ApiOperation("Breach campaigns", "The report for the data protection authority (GDPR art. 33), as JSON or a readable HTML document.", Problems = ["validation", "not-found"])]
    [ApiParameter("format", "json (default) or html.")]
    [ApiResponse(200, "The report: JSON, or with `format=html` a readable HTML document.", Type = typeof(BreachReport), NullsOmitted = true, AlsoAs = "text/html")]
    [Function("BreachReport")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "breaches/{breachId}/report")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request);
        var format = parameters.OneOf("format", Formats);
        if (parameters.Errors.Count > 0)
        {
            return Problems.Validation(parameters.Errors, QueryParameters.Title);
        }
        if (await queries.ReportAsync(breachId, cancellationToken) is not { } report)
        {
            return NotFound();
        }
        return format == ReportFormat.Html
            ? new ContentResult { Content = report.ToHtml(), ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK }
            : new ContentResult { Content = JsonSerializer.Serialize(report, BreachJson.Default.BreachReport), ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }

    private enum ReportFormat
    {
        Json,
        Html,
    }

    private static readonly Dictionary<string, ReportFormat> Formats = new(StringComparer.Ordinal) { ["json"] = ReportFormat.Json, ["html"] = ReportFormat.Html };

    private async Task<IActionResult> Transition(HttpRequest request, string breachId, string action, CancellationToken cancellationToken) =>
        Map(await service.TransitionAsync(breachId, action, request.Caller(), cancellationToken), action);

    private static IActionResult Map(BreachResult result, string action) => result.Outcome switch
    {
        BreachOutcome.Ok => new OkObjectResult(BreachCampaignView.From(result.Campaign!)),
        BreachOutcome.NotFound => NotFound(),
        BreachOutcome.IllegalTransition => Problems.Result(StatusCodes.Status409Conflict, "illegal-transition",
            $"A campaign that is {result.Campaign!.Status} cannot take '{action}'."),
        BreachOutcome.DryRunRequired => Problems.Result(StatusCodes.Status409Conflict, "dry-run-required",
            "Approval needs a dry run first: the approver approves a counted audience."),
        BreachOutcome.UserRequired => Problems.Result(StatusCodes.Status403Forbidden, "user-required",
            $"'{action}' needs a person: an app-only token cannot approve or start a campaign."),
        BreachOutcome.TwoPersonRule => Problems.Result(StatusCodes.Status403Forbidden, "two-person-rule",
            "The person who approved a campaign cannot start it; a second person with Breach.Manage must."),
        BreachOutcome.ConcurrentChange => Problems.Result(StatusCodes.Status409Conflict, "concurrent-change",
            "The campaign changed meanwhile; read it again."),
        BreachOutcome.LetterContentIncomplete => WithErrors(Problems.Create(StatusCodes.Status409Conflict, "gdpr-art34-content",
            "The campaign's letters cannot say what GDPR art. 34(2) requires: the nature of the breach, the DPO's contact, the likely consequences and the measures.",
            $"{result.Errors!.Count} field(s) break the rule; see 'errors'."), result.Errors),
        _ => throw new InvalidOperationException($"Unmapped outcome {result.Outcome}."),
    };

    /// <summary>A refusal by a rule of the campaign (not of the request body), with each field that breaks it (ADR 0034).</summary>
    private static ObjectResult WithErrors(ProblemDetails problem, IReadOnlyList<FieldError> errors)
    {
        problem.Extensions["errors"] = Problems.Errors(errors);
        return Problems.ToResult(problem);
    }

    private static ObjectResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such breach campaign.");
}
