using System.Text.Json;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Breach;

/// <summary>Breach-notification campaigns for the privacy team: draft, list, show, dry run, approve/start (two people), pause/resume/cancel, report.</summary>
public sealed class BreachFunctions(BreachService service, BreachQueries queries, BreachReportFiling filing, IOptions<HubOptions> hub, TimeProvider clock)
{
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
            var (draft, errors) = BreachDraftParser.Parse(document!.RootElement, hub.Value.Registries.Keys.ToHashSet(StringComparer.Ordinal),
                BreachService.ActorOf(request.Caller()), clock.GetUtcNow());
            if (draft is null)
            {
                return Problems.Validation(errors);
            }
            // Who drafted it, by name as well (the parser knows the actor only).
            draft = draft with { Campaign = draft.Campaign with { Audit = [.. draft.Campaign.Audit.Select(a => a with { ActorName = request.Caller().UserName })] } };
            var campaign = await service.CreateAsync(draft, cancellationToken);
            return new ObjectResult(BreachCampaignView.From(campaign)) { StatusCode = StatusCodes.Status201Created };
        }
    }

    [Function("ListBreaches")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "breaches")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return new OkObjectResult(await queries.ListAsync(cancellationToken));
    }

    [Function("GetBreach")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "breaches/{breachId}")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken)
    {
        return await queries.GetAsync(breachId, cancellationToken) is { } view ? new OkObjectResult(view) : NotFound();
    }

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

    [Function("ApproveBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/approve")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Approve, cancellationToken);

    [Function("StartBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/start")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Start, cancellationToken);

    [Function("PauseBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Pause(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/pause")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Pause, cancellationToken);

    [Function("ResumeBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Resume(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/resume")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Resume, cancellationToken);

    [Function("CancelBreach")]
    [NoRequestBody]
    [RequireRole(HubRoles.BreachManage)]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "breaches/{breachId}/cancel")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken) => Transition(request, breachId, BreachService.Actions.Cancel, cancellationToken);

    /// <summary>Records that the report to the supervisory authority is filed (GDPR art. 33): state reported, the campaign's hold ends.</summary>
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
