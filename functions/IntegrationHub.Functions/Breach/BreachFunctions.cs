using System.Text.Json;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Hub;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Functions.Hosting;
using IntegrationHub.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Functions.Breach;

/// <summary>Breach-notification campaigns for the privacy team: draft, list, show, dry run, approve/start (two people), pause/resume/cancel, report.</summary>
public sealed class BreachFunctions(BreachService service, IBreachStore store, IBreachDeliveryStore delivery, IOptions<HubOptions> hub,
    IOptions<BreachDeliveryOptions> deliveryOptions, IOptions<ClockOptions> clockOptions, Core.Erasure.CitizenErasure erasure, TimeProvider clock)
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
            return new ObjectResult(View(campaign)) { StatusCode = StatusCodes.Status201Created };
        }
    }

    [Function("ListBreaches")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "breaches")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        return new OkObjectResult(new
        {
            items = all.Select(c => new { id = c.Id, title = c.Title, status = c.Status, detectedAt = c.DetectedAt, createdAt = c.CreatedAt, citizens = c.Audience?.Citizens }),
        });
    }

    [Function("GetBreach")]
    [RequireRole(HubRoles.BreachManage)]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "breaches/{breachId}")] HttpRequest request,
        string breachId,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(breachId, cancellationToken) is not { } campaign)
        {
            return NotFound();
        }
        BreachProgress? progress = null;
        if (campaign.Audit.Any(a => a.Action == BreachService.Actions.Start))
        {
            var run = await delivery.GetRunAsync(campaign.Id, cancellationToken);
            var pages = await delivery.PagesAsync(campaign.Id, cancellationToken);
            progress = BreachProgress.From(campaign, run, pages, BreachPacing.LettersPerMinute(campaign, deliveryOptions.Value), clock.GetUtcNow());
        }
        return new OkObjectResult(View(campaign, progress));
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
            ? new ObjectResult(View(result.Campaign!)) { StatusCode = StatusCodes.Status202Accepted }
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
            if (await store.GetAsync(breachId, cancellationToken) is not { } campaign)
            {
                return NotFound();
            }
            var (reference, filedAt, errors) = ReportFiledParser.Parse(document!.RootElement, clock.GetUtcNow(), clockOptions.Value.MaxFutureSkew, campaign.DetectedAt);
            if (reference is null)
            {
                return Problems.Validation(errors);
            }
            var result = await service.ReportFiledAsync(breachId, reference, filedAt, request.Caller(), cancellationToken);
            if (result.Outcome == BreachOutcome.Ok)
            {
                // The campaign's hold has ended: erasures it kept open finish now.
                await erasure.ResumeHeldAsync(cancellationToken);
            }
            return Map(result, BreachService.Actions.ReportFiled);
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
        if (await store.GetAsync(breachId, cancellationToken) is not { } campaign)
        {
            return NotFound();
        }
        var report = BreachReport.From(campaign, clock.GetUtcNow());
        return format == ReportFormat.Html
            ? new ContentResult { Content = report.ToHtml(), ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK }
            : new ContentResult { Content = JsonSerializer.Serialize(report, HubJson.Default.BreachReport), ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };
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
        BreachOutcome.Ok => new OkObjectResult(View(result.Campaign!)),
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
        _ => throw new InvalidOperationException($"Unmapped outcome {result.Outcome}."),
    };

    private static object View(BreachCampaign c, BreachProgress? progress = null) => new
    {
        id = c.Id,
        title = c.Title,
        description = c.Description,
        status = c.Status,
        detectedAt = c.DetectedAt,
        window = new { from = c.WindowFrom, to = c.WindowTo },
        dataCategories = c.DataCategories,
        likelyConsequences = c.LikelyConsequences,
        measuresTaken = c.MeasuresTaken,
        selector = new { kind = c.Selector.Kind, party = c.Selector.Party, registry = c.Selector.Registry, fact = c.Selector.Fact, citizenCount = c.Selector.CitizenCount },
        letters = new { fallback = c.FallbackLanguage, languages = c.LetterLanguages },
        channelPolicy = new { channels = c.ChannelPolicy.Channels, ratePerMinute = c.ChannelPolicy.RatePerMinute },
        createdAt = c.CreatedAt,
        approvedBy = c.ApprovedBy,
        reportFiled = c.ReportFiled is not { } r ? null : new { reference = r.Reference, filedAt = r.FiledAt, recordedBy = r.RecordedBy, recordedAt = r.RecordedAt },
        audience = c.Audience is not { } a ? null : new
        {
            citizens = a.Citizens,
            records = a.Records,
            unresolvedCvs = a.UnresolvedCvs,
            countedAt = a.CompletedAt,
            byRegistry = Counts(a.ByRegistry),
            byLanguage = Counts(a.ByLanguage),
            byChannel = Counts(a.ByChannel),
            byProtectedStatus = Counts(a.ByProtectedStatus),
        },
        audit = c.Audit.Select(x => new { action = x.Action, by = x.Actor, name = x.ActorName, at = x.At }),
        progress = progress is not { } p ? null : new
        {
            total = p.Total,
            queued = p.Queued,
            delivered = p.Delivered,
            failed = p.Failed,
            percent = p.Percent,
            byChannel = p.ByChannel.Select(x => new { key = x.Key, count = x.Count }),
            byLanguage = p.ByLanguage.Select(x => new { key = x.Key, count = x.Count }),
            ratePerMinute = p.RatePerMinute,
            startedAt = p.StartedAt,
            estimatedCompletion = p.EstimatedCompletion,
            completedAt = p.CompletedAt,
        },
    };

    private static Dictionary<string, long> Counts(IReadOnlyList<BreachCount> counts) => counts.ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);

    private static ObjectResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "not-found", "No such breach campaign.");
}
