using IntegrationHub.Core.JobAds.Boards;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// Works one page of one board's queue: reads each ad's state on that board, does what it asks (publish the current
/// rendering, check a "received" ad, withdraw), and records the outcome with its event. Deliveries already in a final
/// state are skipped, so a redelivered page never sends the same thing twice. Transient failures are counted in the
/// state and thrown, so the queue retries the page; on its last delivery they become <c>failed</c> (with the last
/// error and the attempts) and the message goes to poison.
/// </summary>
public sealed partial class JobAdDeliveryHandler(
    IJobAdStore store,
    IEnumerable<IBoardClient> boards,
    TimeProvider clock,
    IOptions<JobAdOptions> options,
    ILogger<JobAdDeliveryHandler> logger)
{
    private const int MaxConflictRounds = 4;

    public async Task HandleAsync(JobAdDeliveryPage page, long dequeueCount, CancellationToken cancellationToken)
    {
        var board = boards.FirstOrDefault(b => b.Board == page.Board)
            ?? throw new InvalidOperationException($"No board client for '{page.Board}'.");
        var lastAttempt = dequeueCount >= options.Value.MaxAttempts;
        var states = await store.DeliveriesAsync(page.Client, page.Board, page.AdIds, cancellationToken);
        var work = states.Where(s => s.Status is DeliveryStatus.Pending || NeedsMoreWork(s)).ToList();
        var pace = board.StatusPollInterval;
        if (pace > TimeSpan.Zero)
        {
            // A board with a pace of its own (NAV: an hour or more between status questions) is not asked about an ad
            // sooner than that after the last call about it, whatever brought the page here: the question waits in the store.
            var started = clock.GetUtcNow();
            var early = work.Where(s => NeedsMoreWork(s) && s.UpdatedAt + pace > started).ToList();
            if (early.Count > 0)
            {
                await store.DeferAsync(page.Client, page.Board, [.. early.Select(s => (s.AdId, s.UpdatedAt + pace))], cancellationToken);
                work = [.. work.Except(early)];
            }
        }
        if (work.Count == 0)
        {
            return;
        }

        var outcomes = await RunAsync(board, page.Client, work, cancellationToken);
        foreach (var o in outcomes)
        {
            // Deliveries by board and outcome (issue 17); the failed-delivery ratio alert reads these.
            Telemetry.HubMetrics.JobAdDelivery(page.Board, o.Outcome.ConfigurationFault ? "unauthorized" : o.Outcome.Kind.ToString().ToLowerInvariant());
        }
        var now = clock.GetUtcNow();
        var changes = new List<DeliveryChange>(outcomes.Count);
        foreach (var (state, outcome, hash) in outcomes)
        {
            var next = Apply(state, outcome, hash, now, lastAttempt);
            var paced = Paced(outcome, pace) && NeedsMoreWork(next);
            changes.Add(new DeliveryChange(next, state, paced || NeedsMoreWork(next, outcome, lastAttempt), JobAdStatusChanged.Between(state, next), paced ? now + pace : null));
        }
        await StoreAsync(page.Client, changes, outcomes.ToDictionary(o => o.State.AdId, o => (o.Outcome, o.Hash)), now, lastAttempt, cancellationToken);

        var refused = outcomes.Where(o => o.Outcome.ConfigurationFault).ToList();
        if (refused.Count > 0)
        {
            BoardSignals.AuthFailures.Add(1, new KeyValuePair<string, object?>("board", page.Board));
            LogConfigurationFault(logger, page.Board, refused[0].Outcome.Detail ?? "", refused.Count);
        }
        var open = outcomes.Where(o => o.Outcome.Kind is BoardOutcomeKind.Transient or BoardOutcomeKind.Waiting && !Paced(o.Outcome, pace)).ToList();
        if (open.Count > 0 && !(lastAttempt && open.All(o => o.Outcome.StaysOpen)))
        {
            // Waiting and refused ones ride along: the queue's redelivery is their delay before the next question. On the
            // last delivery they were signalled anew instead, so only true transient failures end up "failed".
            if (open.FirstOrDefault(o => o.Outcome.Kind == BoardOutcomeKind.Transient) is { State: not null } failing)
            {
                LogTransient(logger, page.Board, open.Count(o => o.Outcome.Kind == BoardOutcomeKind.Transient), outcomes.Count, dequeueCount, failing.Outcome.Detail ?? "");
            }
            throw new JobAdDeliveryRetryException(lastAttempt
                ? $"{open.Count(o => !o.Outcome.StaysOpen)} deliveries to {page.Board} failed after {dequeueCount} attempts (last error: {open[0].Outcome.Detail}); marked failed."
                : $"{open.Count} deliveries to {page.Board} are not done yet (last answer: {open[0].Outcome.Detail}); the queue retries them.");
        }
    }

    /// <summary>Makes the board calls the states ask for. The rendering hash is what was published (null otherwise).</summary>
    private async Task<List<(BoardDelivery State, BoardOutcome Outcome, string? Hash)>> RunAsync(
        IBoardClient board, string client, List<BoardDelivery> work, CancellationToken cancellationToken)
    {
        var results = new List<(BoardDelivery, BoardOutcome, string?)>(work.Count);
        var publish = work.Where(w => w is { Desired: DesiredState.Published, Status: DeliveryStatus.Pending }).ToList();
        if (publish.Count > 0)
        {
            var ads = (await store.GetManyAsync(client, [.. publish.Select(p => p.AdId)], cancellationToken)).ToDictionary(a => a.AdId);
            var items = new List<(BoardDelivery State, BoardRendering Rendering)>();
            foreach (var state in publish)
            {
                if (!ads.TryGetValue(state.AdId, out var ad))
                {
                    results.Add((state, BoardOutcome.Rejected("the ad no longer exists"), null));
                    continue;
                }
                var rendering = BoardRenderers.For(board.Board).Render(ad.AdId, ad.Ad);
                if (!rendering.IsValid)
                {
                    results.Add((state, BoardOutcome.Rejected(string.Join("; ", rendering.Problems)), null));
                    continue;
                }
                items.Add((state, rendering));
            }
            if (items.Count > 0)
            {
                IReadOnlyList<BoardOutcome> published;
                try
                {
                    published = await board.PublishAsync(
                        [.. items.Select(i => new BoardPublication(i.State.AdId, i.Rendering, i.State.BoardReference, RequestId(i.State.AdId, "publish", i.Rendering.Hash)))],
                        cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    published = [.. items.Select(_ => BoardOutcome.Transient(Describe(e)))];
                }
                for (var i = 0; i < items.Count; i++)
                {
                    results.Add((items[i].State, published[i], items[i].Rendering.Hash));
                }
            }
        }

        var single = work.Where(w => !publish.Contains(w)).ToList();
        var answers = new (BoardDelivery, BoardOutcome, string?)[single.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, single.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var state = single[i];
                var request = new BoardWithdrawal(state.AdId, state.BoardReference, RequestId(state.AdId, state.Desired == DesiredState.Withdrawn ? "withdraw" : "check", state.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                BoardOutcome outcome;
                try
                {
                    outcome = state.Desired == DesiredState.Withdrawn
                        ? await board.WithdrawAsync(request, ct)
                        : await board.CheckAsync(request, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    outcome = BoardOutcome.Transient(Describe(e));
                }
                answers[i] = (state, outcome, state.SentHash);
            });
        results.AddRange(answers);
        return results;
    }

    /// <summary>The state after an outcome. Pure.</summary>
    internal static BoardDelivery Apply(BoardDelivery state, BoardOutcome outcome, string? hash, DateTimeOffset now, bool lastAttempt)
    {
        var withdrawing = state.Desired == DesiredState.Withdrawn;
        var next = state with { UpdatedAt = now, Sequence = state.Sequence + 1, Attempts = state.Attempts + 1 };
        return outcome.Kind switch
        {
            BoardOutcomeKind.Accepted when withdrawing => next with { Status = DeliveryStatus.Withdrawn, SentHash = null, LastError = null, PublishStatus = outcome.PublishStatus },
            BoardOutcomeKind.Accepted => next with
            {
                Status = DeliveryStatus.Accepted,
                SentHash = hash ?? state.SentHash,
                BoardReference = outcome.BoardReference ?? state.BoardReference,
                LastError = null,
                Reason = null,
                PublishStatus = outcome.PublishStatus,
            },
            BoardOutcomeKind.Sent or BoardOutcomeKind.AwaitingApproval => next with
            {
                Status = outcome.Kind == BoardOutcomeKind.Sent ? DeliveryStatus.Sent : DeliveryStatus.AwaitingApproval,
                SentHash = hash ?? state.SentHash,
                BoardReference = outcome.BoardReference ?? state.BoardReference,
                LastError = null,
                Reason = null,
                PublishStatus = outcome.PublishStatus,
            },
            BoardOutcomeKind.Rejected => next with { Status = DeliveryStatus.Rejected, Reason = outcome.Detail, LastError = null, PublishStatus = outcome.PublishStatus },
            // Not decided yet, or refused for the hub's own credentials: the state waits, whatever the attempt.
            _ when outcome.StaysOpen => next with { LastError = outcome.Detail, PublishStatus = outcome.PublishStatus ?? state.PublishStatus },
            _ => next with { Status = lastAttempt ? DeliveryStatus.Failed : state.Status, LastError = outcome.Detail },
        };
    }

    /// <summary>
    /// A delivery that became "sent" or "awaiting approval" must be checked later; one the board has not decided on yet
    /// (or that the board refused for the hub's credentials) is asked again by the page's redelivery, and signalled anew
    /// only when the page has used its last delivery. A plain transient failure is retried by the page itself.
    /// </summary>
    private static bool NeedsMoreWork(BoardDelivery next, BoardOutcome outcome, bool lastAttempt) =>
        outcome.StaysOpen ? lastAttempt : outcome.Kind is BoardOutcomeKind.Sent or BoardOutcomeKind.AwaitingApproval && NeedsMoreWork(next);

    private static bool NeedsMoreWork(BoardDelivery next) => JobAdStatusNames.IsFollowed(next.Status) && next.Desired == DesiredState.Published;

    /// <summary>
    /// An outcome whose next question waits for the board's pace instead of the page's redelivery: a received or
    /// awaiting ad (the first question), and an undecided one (the next). A refusal of the hub's credentials is not paced.
    /// </summary>
    private static bool Paced(BoardOutcome outcome, TimeSpan pace) =>
        pace > TimeSpan.Zero && !outcome.ConfigurationFault && outcome.Kind is BoardOutcomeKind.Sent or BoardOutcomeKind.AwaitingApproval or BoardOutcomeKind.Waiting;

    /// <summary>
    /// Writes the changes in batches. One that lost to a concurrent writer (the client updated or withdrew the ad
    /// meanwhile) is re-read: the same work still pending gets the outcome again; newer work keeps its state and only
    /// learns what the board now holds, so its own delivery acts on the truth.
    /// </summary>
    private async Task StoreAsync(string client, List<DeliveryChange> changes, Dictionary<string, (BoardOutcome Outcome, string? Hash)> outcomes,
        DateTimeOffset now, bool lastAttempt, CancellationToken cancellationToken)
    {
        var pending = changes;
        for (var round = 0; round < MaxConflictRounds && pending.Count > 0; round++)
        {
            var lost = await store.UpdateDeliveriesAsync(client, pending, cancellationToken);
            if (lost.Count == 0)
            {
                return;
            }
            var fresh = await store.DeliveriesAsync(client, lost[0].Next.Board, [.. lost.Select(l => l.Next.AdId)], cancellationToken);
            pending = [];
            foreach (var current in fresh)
            {
                var acted = lost.First(l => l.Next.AdId == current.AdId).Previous!;
                var (outcome, hash) = outcomes[current.AdId];
                BoardDelivery next;
                if (current.Work == acted.Work)
                {
                    next = Apply(current, outcome, hash, now, lastAttempt);
                }
                else
                {
                    next = outcome.Kind switch
                    {
                        BoardOutcomeKind.Accepted or BoardOutcomeKind.Sent when acted.Desired == DesiredState.Published =>
                            current with { SentHash = hash, BoardReference = outcome.BoardReference ?? current.BoardReference },
                        BoardOutcomeKind.Accepted when acted.Desired == DesiredState.Withdrawn => current with { SentHash = null },
                        _ => current,
                    };
                    if (next == current)
                    {
                        continue;
                    }
                    if (next is { Desired: DesiredState.Withdrawn, Status: DeliveryStatus.Withdrawn, SentHash: not null })
                    {
                        // Withdrawn while this publication was on its way, and the board took it after all: withdraw it again.
                        next = next with { Status = DeliveryStatus.Pending, Attempts = 0, Sequence = current.Sequence + 1, UpdatedAt = now };
                        pending.Add(new DeliveryChange(next, current, true, JobAdStatusChanged.Between(current, next)));
                        continue;
                    }
                }
                pending.Add(new DeliveryChange(next, current, NeedsMoreWork(next), JobAdStatusChanged.Between(current, next)));
            }
        }
        if (pending.Count > 0)
        {
            throw new JobAdDeliveryRetryException("Board states kept changing while the outcome was recorded; the page is tried again.");
        }
    }

    /// <summary>Stable per (ad, operation, content): a retry of the same request carries the same id.</summary>
    public static string RequestId(string adId, string operation, string discriminator) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{adId}|{operation}|{discriminator}")))[..32];

    private static string Describe(Exception e) => e switch
    {
        HttpRequestException h when h.StatusCode is { } status => $"HTTP {(int)status} after retries",
        TimeoutException or TaskCanceledException or OperationCanceledException => "timed out",
        _ => e.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Board {Board} refused the hub's credentials ({Error}) for {Count} deliveries: check its settings; the ads stay pending")]
    private static partial void LogConfigurationFault(ILogger logger, string board, string error, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} of {Total} deliveries to {Board} failed transiently (attempt {DequeueCount}): {Error}")]
    private static partial void LogTransient(ILogger logger, string board, int count, int total, long dequeueCount, string error);
}
