using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace IntegrationHub.Core.Telemetry;

/// <summary>
/// The hub's metrics (one meter, <see cref="MeterName"/>), named by the OpenTelemetry conventions
/// (open-telemetry/semantic-conventions, docs/general/metrics.md: lower-case dotted names under the hub's own namespace,
/// units in UCUM with annotations in braces, counts as counters, levels as gauges). Tags are small closed sets
/// (outcome, audience, party kind, board, channel, queue) or random ids (a campaign id): nothing personal.
/// <c>hub.boards.auth_failures</c> stays in its own meter (<see cref="JobAds.BoardSignals"/>), which exists since issue 13.
/// </summary>
public static class HubMetrics
{
    public const string MeterName = "IntegrationHub";

    // Names, public so that the alert rules (infra/modules/alerts.bicep) are checked against them by a test.
    public const string CvsSubmitted = "hub.cvs.submitted";
    public const string EventsReceived = "hub.events.received";
    public const string VisibilityChanges = "hub.visibility.changes";
    public const string AccessRequests = "hub.access.requests";
    public const string IncidentsOpened = "hub.incidents.opened";
    public const string JobAdDeliveries = "hub.jobads.deliveries";
    public const string BoardCircuitState = "hub.boards.circuit.state";
    public const string BreachLetters = "hub.breach.letters";
    public const string BreachDeadlineHoursLeft = "hub.breach.campaign.deadline.hours_left";
    public const string BreachCampaignProgress = "hub.breach.campaign.progress";
    public const string HttpRefusals = "hub.http.refusals";
    public const string QueueMessages = "hub.queue.messages";
    public const string QueueOldestAge = "hub.queue.oldest_message.age";
    public const string OutboxLag = "hub.outbox.lag";
    public const string Guesses = "hub.guesses";

    public static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> CvsSubmittedCounter = Meter.CreateCounter<long>(CvsSubmitted, "{cv}",
        "CVs submitted by registries, by outcome: accepted (new or changed), unchanged, rejected.");

    private static readonly Counter<long> EventsReceivedCounter = Meter.CreateCounter<long>(EventsReceived, "{event}",
        "Consent and status events, by outcome: applied, duplicate, rejected.");

    private static readonly Counter<long> VisibilityChangesCounter = Meter.CreateCounter<long>(VisibilityChanges, "{change}",
        "Visibility decisions that changed, by the audience the CV now has.");

    private static readonly Counter<long> AccessRequestsCounter = Meter.CreateCounter<long>(AccessRequests, "{request}",
        "Employer and board reads (search, view, feed) by party kind and outcome: served, or refused with 429, 503 or 403.");

    private static readonly Counter<long> IncidentsOpenedCounter = Meter.CreateCounter<long>(IncidentsOpened, "{incident}",
        "Harvesting incidents opened (an account suspended).");

    private static readonly Counter<long> JobAdDeliveriesCounter = Meter.CreateCounter<long>(JobAdDeliveries, "{delivery}",
        "Job-ad deliveries to a board, by board and outcome (accepted, rejected, transient, unauthorized, ...).");

    private static readonly Counter<long> BreachLettersCounter = Meter.CreateCounter<long>(BreachLetters, "{letter}",
        "Breach letters handed to the registries, by channel and outcome (delivered, failed, retry): a campaign's progress as it happens.");

    private static readonly Counter<long> HttpRefusalsCounter = Meter.CreateCounter<long>(HttpRefusals, "{response}",
        "Requests the functions refused with 403, by rule (the problem type: forbidden, client-not-registered, not-a-registry, ...).");

    private static readonly Counter<long> GuessesCounter = Meter.CreateCounter<long>(Guesses, "{guess}",
        "Reads skipped on a guess (ADR 0063), by guess (new-cv, first-decision), registry and outcome (hit, or miss: the conditional write was refused and the read was made after all).");

    private static readonly Histogram<double> OutboxLagHistogram = Meter.CreateHistogram<double>(OutboxLag, "s",
        "Seconds between an outbound event's outbox row being written and its publication.");

    private static readonly ConcurrentDictionary<string, int> CircuitStates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, QueueState> QueueLevels = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, double> Campaigns = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, double> CampaignsProgress = new(StringComparer.Ordinal);

    static HubMetrics()
    {
        Meter.CreateObservableGauge(BoardCircuitState, () => CircuitStates.Select(s => new Measurement<int>(s.Value, new KeyValuePair<string, object?>("board", s.Key))),
            "{state}", "Each board's circuit: 0 closed, 1 open, 2 half-open.");
        Meter.CreateObservableGauge(QueueMessages, () => QueueLevels.Select(q => new Measurement<long>(q.Value.Messages, new KeyValuePair<string, object?>("queue", q.Key))),
            "{message}", "Approximate messages waiting per queue, poison queues included (polled, see QueueGaugePoller).");
        Meter.CreateObservableGauge(QueueOldestAge, () => QueueLevels.Select(q => new Measurement<double>(q.Value.OldestAgeSeconds, new KeyValuePair<string, object?>("queue", q.Key))),
            "s", "Age of the oldest visible message per queue (0 when empty).");
        Meter.CreateObservableGauge(BreachDeadlineHoursLeft, () => Campaigns.Select(c => new Measurement<double>(c.Value, new KeyValuePair<string, object?>("campaign.id", c.Key))),
            "h", "Hours left of the GDPR art. 33 72-hour deadline for campaigns whose report is not yet filed.");
        Meter.CreateObservableGauge(BreachCampaignProgress, () => CampaignsProgress.Select(c => new Measurement<double>(c.Value, new KeyValuePair<string, object?>("campaign.id", c.Key))),
            "%", "Share of a running campaign's audience delivered or failed (BreachProgress.Percent), per campaign.");
    }

    /// <param name="guess">new-cv or first-decision.</param>
    /// <param name="registry">The registry's configured id (a small closed set).</param>
    public static void Guessed(string guess, string registry, bool missed) => GuessesCounter.Add(1,
        new KeyValuePair<string, object?>("guess", guess),
        new KeyValuePair<string, object?>("registry", registry),
        new KeyValuePair<string, object?>("outcome", missed ? "miss" : "hit"));

    public static void CvSubmitted(string outcome) => CvsSubmittedCounter.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void EventReceived(string outcome, int count = 1)
    {
        if (count > 0)
        {
            EventsReceivedCounter.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public static void VisibilityChanged(string audience) => VisibilityChangesCounter.Add(1, new KeyValuePair<string, object?>("audience", audience));

    /// <param name="operation">search, view or feed.</param>
    /// <param name="partyKind">The caller's party kind (employer, board, ...).</param>
    /// <param name="outcome">served, 429 or 403.</param>
    public static void AccessRequest(string operation, string partyKind, string outcome) => AccessRequestsCounter.Add(1,
        new KeyValuePair<string, object?>("operation", operation),
        new KeyValuePair<string, object?>("party.kind", partyKind),
        new KeyValuePair<string, object?>("outcome", outcome));

    public static void IncidentOpened() => IncidentsOpenedCounter.Add(1);

    public static void JobAdDelivery(string board, string outcome) => JobAdDeliveriesCounter.Add(1,
        new KeyValuePair<string, object?>("board", board), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="state">0 closed, 1 open, 2 half-open.</param>
    public static void CircuitState(string board, int state) => CircuitStates[board] = state;

    /// <param name="count">Letters of one page with this channel and outcome: the fan-out adds a page's letters per group, not one by one (ADR 0053).</param>
    public static void BreachLetter(string channel, string outcome, long count) => BreachLettersCounter.Add(count,
        new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", outcome));

    public static void OutboxPublished(TimeSpan lag) => OutboxLagHistogram.Record(Math.Max(0, lag.TotalSeconds));

    public static void QueueLevel(string queue, long messages, TimeSpan oldest) => QueueLevels[queue] = new QueueState(messages, oldest.TotalSeconds);

    /// <summary>Sets the hours left per campaign whose report is not filed; a campaign not named any more is dropped.</summary>
    public static void CampaignDeadlines(IReadOnlyDictionary<string, double> campaigns) => Replace(Campaigns, campaigns);

    /// <summary>Sets the percent done per running campaign; a campaign not named any more (finished, paused) is dropped.</summary>
    public static void CampaignProgress(IReadOnlyDictionary<string, double> campaigns) => Replace(CampaignsProgress, campaigns);

    /// <param name="rule">The problem type the function answered with (a closed set of the hub's own names).</param>
    public static void HttpRefused(string rule) => HttpRefusalsCounter.Add(1, new KeyValuePair<string, object?>("rule", rule));

    private static void Replace(ConcurrentDictionary<string, double> levels, IReadOnlyDictionary<string, double> next)
    {
        foreach (var key in levels.Keys.Where(k => !next.ContainsKey(k)))
        {
            levels.TryRemove(key, out _);
        }
        foreach (var (key, value) in next)
        {
            levels[key] = value;
        }
    }

    private sealed record QueueState(long Messages, double OldestAgeSeconds);
}
