using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// The privacy team's actions on a campaign and its state machine:
/// draft -(dry-run)-> draft -(approve)-> approved -(start)-> running &lt;-(pause/resume)-> paused; cancel from any but cancelled.
/// Approve and start need two distinct people (user object ids); every action is recorded with who and when.
/// </summary>
public sealed partial class BreachService(
    IBreachStore store, AudienceResolver resolver, IWorkQueue queue, IOptions<BreachDeliveryOptions> delivery, TimeProvider clock, ILogger<BreachService> logger)
{
    public static class Actions
    {
        public const string DryRun = "dry-run";
        public const string Approve = "approve";
        public const string Start = "start";
        public const string Pause = "pause";
        public const string Resume = "resume";
        public const string Cancel = "cancel";

        /// <summary>The report to the authority is filed (state reported).</summary>
        public const string ReportFiled = "report-filed";

        /// <summary>Recorded by the hub when the last citizen is delivered or failed.</summary>
        public const string Complete = "complete";
    }

    /// <summary>The actor of what the hub does by itself (completion).</summary>
    public const string HubActor = "hub";

    /// <summary>Who did it, for the audit: the user, or the app when the token is app-only.</summary>
    public static string ActorOf(HubCaller caller) => caller.UserObjectId ?? "app:" + caller.ClientId;

    public async Task<BreachCampaign> CreateAsync(BreachDraft draft, CancellationToken cancellationToken)
    {
        await store.CreateAsync(draft, cancellationToken);
        LogAction(logger, draft.Campaign.Id, "created", draft.Campaign.Status);
        return draft.Campaign;
    }

    /// <summary>Records who asked for a dry run and queues it; the summary appears on the campaign when the worker is done.</summary>
    public async Task<BreachResult> DryRunAsync(string id, HubCaller caller, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } campaign)
        {
            return new(BreachOutcome.NotFound);
        }
        if (campaign.Status != BreachStatus.Draft)
        {
            // After approval the audience is what was approved; a new count needs a new draft.
            return new(BreachOutcome.IllegalTransition, campaign);
        }
        var result = await SaveAsync(campaign with
        {
            Audit = [.. campaign.Audit, new BreachAction(Actions.DryRun, ActorOf(caller), clock.GetUtcNow(), caller.UserName)],
        }, Actions.DryRun, cancellationToken);
        if (result.Outcome == BreachOutcome.Ok)
        {
            var message = new RunBreachDryRun { MessageId = HubIds.NewMessageId(), CorrelationId = id, CampaignId = id, TraceParent = Telemetry.HubTelemetry.CurrentTraceParent() };
            await queue.SendAsync(BreachQueues.BreachDryRun, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(message, BreachJson.Default.RunBreachDryRun), cancellationToken);
        }
        return result;
    }

    /// <summary>The queued dry run: resolves and counts the audience and writes the summary, while the campaign is still a draft.</summary>
    public async Task RunDryRunAsync(RunBreachDryRun message, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(message.CampaignId, cancellationToken) is not { Status: BreachStatus.Draft } campaign)
        {
            return;
        }
        var audience = await resolver.DryRunAsync(campaign, clock.GetUtcNow(), cancellationToken);
        for (var round = 0; round < 5; round++)
        {
            if (await store.TryUpdateAsync(campaign with { Audience = audience }, cancellationToken))
            {
                LogAction(logger, campaign.Id, "dry-run counted", campaign.Status);
                return;
            }
            if (await store.GetAsync(message.CampaignId, cancellationToken) is not { Status: BreachStatus.Draft } fresh)
            {
                return;
            }
            campaign = fresh;
        }
        throw new InvalidOperationException("The campaign kept changing while its dry run was saved; the queue tries again.");
    }

    public async Task<BreachResult> TransitionAsync(string id, string action, HubCaller caller, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } campaign)
        {
            return new(BreachOutcome.NotFound);
        }
        if (Next(campaign.Status, action) is not { } next)
        {
            return new(BreachOutcome.IllegalTransition, campaign);
        }
        var actor = ActorOf(caller);
        if (action is Actions.Approve or Actions.Start && caller.UserObjectId is null)
        {
            return new(BreachOutcome.UserRequired, campaign);
        }
        if (action == Actions.Approve && await LetterContentAsync(campaign, cancellationToken) is { Count: > 0 } content)
        {
            return new(BreachOutcome.LetterContentIncomplete, campaign, content);
        }
        if (action == Actions.Approve && campaign.Audience is null)
        {
            return new(BreachOutcome.DryRunRequired, campaign);
        }
        if (action == Actions.Approve && BreachLetterContent.CheckRegistries(campaign.Audience!, delivery.Value) is { Count: > 0 } registries)
        {
            return new(BreachOutcome.LetterContentIncomplete, campaign, registries);
        }
        if (action == Actions.Start && string.Equals(campaign.ApprovedBy, actor, StringComparison.Ordinal))
        {
            return new(BreachOutcome.TwoPersonRule, campaign);
        }
        return await SaveAsync(campaign with
        {
            Status = next,
            ApprovedBy = action == Actions.Approve ? actor : campaign.ApprovedBy,
            Audit = [.. campaign.Audit, new BreachAction(action, actor, clock.GetUtcNow(), caller.UserName)],
        }, action, cancellationToken);
    }

    /// <summary>
    /// Records that the report to the supervisory authority is filed: from completed or cancelled only (the report is
    /// final once delivery has ended; a cancelled campaign's breach is still reported), once.
    /// </summary>
    public async Task<BreachResult> ReportFiledAsync(string id, string reference, DateTimeOffset filedAt, HubCaller caller, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } campaign)
        {
            return new(BreachOutcome.NotFound);
        }
        if (Next(campaign.Status, Actions.ReportFiled) is not { } next)
        {
            return new(BreachOutcome.IllegalTransition, campaign);
        }
        var actor = ActorOf(caller);
        var now = clock.GetUtcNow();
        return await SaveAsync(campaign with
        {
            Status = next,
            ReportFiled = new BreachReportFiled(reference, filedAt, actor, now),
            Audit = [.. campaign.Audit, new BreachAction(Actions.ReportFiled, actor, now, caller.UserName)],
        }, Actions.ReportFiled, cancellationToken);
    }

    /// <summary>
    /// The art. 34(2) content of a stored campaign: drafts stored before the rule (ADR 0034) or letters changed since are
    /// refused at approval as they would be at draft; so is a draft stored with one consequences or measures text for
    /// letters in several languages (before per-language texts, ADR 0034 update), while one with letters in one language passes.
    /// </summary>
    private async Task<IReadOnlyList<FieldError>> LetterContentAsync(BreachCampaign campaign, CancellationToken cancellationToken) =>
        BreachLetterContent.Check(campaign, await store.LettersAsync(campaign.Id, cancellationToken));

    /// <summary>True while the campaign holds its citizens' rows: until its report is filed (ADR 0022).</summary>
    public static bool Holds(BreachCampaign campaign) => campaign.Status != BreachStatus.Reported;

    /// <summary>The state an action leads to from <paramref name="status"/>, or null when it is not allowed there.</summary>
    public static string? Next(string status, string action) => (status, action) switch
    {
        (BreachStatus.Draft, Actions.Approve) => BreachStatus.Approved,
        (BreachStatus.Approved, Actions.Start) => BreachStatus.Running,
        (BreachStatus.Running, Actions.Pause) => BreachStatus.Paused,
        (BreachStatus.Paused, Actions.Resume) => BreachStatus.Running,
        (BreachStatus.Draft or BreachStatus.Approved or BreachStatus.Running or BreachStatus.Paused, Actions.Cancel) => BreachStatus.Cancelled,
        (BreachStatus.Completed or BreachStatus.Cancelled, Actions.ReportFiled) => BreachStatus.Reported,
        _ => null,
    };

    private async Task<BreachResult> SaveAsync(BreachCampaign changed, string action, CancellationToken cancellationToken)
    {
        if (!await store.TryUpdateAsync(changed, cancellationToken))
        {
            return new(BreachOutcome.ConcurrentChange);
        }
        LogAction(logger, changed.Id, action, changed.Status);
        return new(BreachOutcome.Ok, await store.GetAsync(changed.Id, cancellationToken) ?? changed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Breach campaign {CampaignId}: {Action}, now {Status}")]
    private static partial void LogAction(ILogger logger, string campaignId, string action, string status);
}
