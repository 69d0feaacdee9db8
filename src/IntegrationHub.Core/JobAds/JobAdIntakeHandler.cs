using System.Text.Json;
using IntegrationHub.Contracts.JobAds;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.JobAds.Boards;
using IntegrationHub.Core.JobAds.Eures;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Core.JobAds;

/// <summary>
/// Takes a recruitment system's ad: validates it, sanitises its text, completes its occupation codes, renders it for
/// each target board (a board whose rules it breaks gets <c>rejected</c> with the reason, the others still get it),
/// and stores the ad with a state and a delivery signal per board whose rendering changed, in one transaction.
/// Identical content again changes nothing and sends nothing.
/// </summary>
public sealed partial class JobAdIntakeHandler(IJobAdStore store, TimeProvider clock, ILogger<JobAdIntakeHandler> logger)
{
    private const int MaxAttempts = 4;

    public static JsonSchemaValidator Validator { get; } = new("jobad.schema.json", "job ad");

    public async Task<JobAdIntakeResult> SubmitAsync(SubmitJobAd command, CancellationToken cancellationToken)
    {
        var errors = Validator.Validate(command.Document);
        if (errors.Count > 0)
        {
            return new JobAdIntakeResult.Invalid(errors);
        }
        var submitted = command.Document.Deserialize(JobAdsJson.Default.JobAdDocument)!;
        if (submitted.Expires <= submitted.Published)
        {
            return new JobAdIntakeResult.Invalid([new FieldError("/expires", "after-published", "must be later than published")]);
        }
        var hash = CanonicalJson.Hash(CanonicalJson.Write(command.Document));
        var ad = submitted with
        {
            AdText = AdTextSanitizer.Sanitize(submitted.AdText),
            Occupation = OccupationMap.Instance.Complete(submitted.Occupation),
        };

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await store.FindByReferenceAsync(command.Client, ad.Reference, cancellationToken);
            var previous = existing is null ? [] : await store.DeliveriesAsync(command.Client, existing.AdId, cancellationToken);
            if (existing is not null && existing.ContentHash == hash && !existing.Withdrawn)
            {
                return new JobAdIntakeResult.Stored(Answer(existing, "unchanged", previous));
            }

            var now = clock.GetUtcNow();
            var stored = new StoredJobAd
            {
                Client = command.Client,
                AdId = existing?.AdId ?? HubIds.NewRandomId(),
                Reference = ad.Reference,
                Version = (existing?.Version ?? 0) + 1,
                ContentHash = hash,
                Ad = ad,
                Withdrawn = false,
                UpdatedAt = now,
            };
            var changes = Plan(stored, previous, now);
            if (await store.CommitAsync(stored, existing, changes, cancellationToken))
            {
                var queued = changes.Count(c => c.Enqueue);
                LogStored(logger, stored.AdId, stored.Version, queued, command.CorrelationId);
                var states = previous.Where(p => changes.All(c => c.Next.Board != p.Board)).Concat(changes.Select(c => c.Next));
                return new JobAdIntakeResult.Stored(Answer(stored, "accepted", states));
            }
            LogConflict(logger, attempt, command.CorrelationId);
        }
        return new JobAdIntakeResult.Contended();
    }

    /// <summary>Withdraws the ad from every board; answers false when the client has no such ad.</summary>
    public async Task<bool> WithdrawAsync(WithdrawJobAd command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existing = await store.GetAsync(command.Client, command.AdId, cancellationToken);
            if (existing is null)
            {
                return false;
            }
            var previous = await store.DeliveriesAsync(command.Client, command.AdId, cancellationToken);
            if (existing.Withdrawn && previous.All(p => p.Desired == DesiredState.Withdrawn))
            {
                return true;
            }
            var now = clock.GetUtcNow();
            var changes = previous.Where(p => p.Desired == DesiredState.Published).Select(p => Withdraw(p, now, command.Reason)).ToList();
            if (await store.CommitAsync(existing with { Withdrawn = true, UpdatedAt = now }, existing, changes, cancellationToken))
            {
                LogWithdrawn(logger, command.AdId, command.Reason, command.CorrelationId);
                return true;
            }
            LogConflict(logger, attempt, command.CorrelationId);
        }
        throw new InvalidOperationException("The ad kept changing while it was being withdrawn; try again.");
    }

    public async Task<JobAdView?> GetAsync(string client, string adId, CancellationToken cancellationToken)
    {
        var ad = await store.GetAsync(client, adId, cancellationToken);
        if (ad is null)
        {
            return null;
        }
        var deliveries = await store.DeliveriesAsync(client, adId, cancellationToken);
        return new JobAdView
        {
            AdId = ad.AdId,
            Reference = ad.Reference,
            Version = ad.Version,
            Expires = ad.Ad.Expires,
            Withdrawn = ad.Withdrawn,
            Boards = [.. deliveries.OrderBy(d => d.Board, StringComparer.Ordinal).Select(BoardStatusView.Of)],
        };
    }

    /// <summary>The board-state changes a new version of the ad makes: only boards whose rendering changed are pushed again.</summary>
    internal static List<DeliveryChange> Plan(StoredJobAd ad, IReadOnlyList<BoardDelivery> previous, DateTimeOffset now)
    {
        var changes = new List<DeliveryChange>();
        foreach (var board in ad.Ad.Targets)
        {
            var before = previous.FirstOrDefault(p => p.Board == board);
            var rendering = BoardRenderers.For(board).Render(ad.AdId, ad.Ad);
            BoardDelivery next;
            var enqueue = false;
            if (!rendering.IsValid)
            {
                next = Base(ad, board, before, now) with
                {
                    Desired = DesiredState.Published,
                    Status = DeliveryStatus.Rejected,
                    Reason = string.Join("; ", rendering.Problems),
                };
            }
            else if (before is { Desired: DesiredState.Published, Status: not (DeliveryStatus.Failed or DeliveryStatus.Rejected or DeliveryStatus.Withdrawn) }
                     && before.RenderingHash == rendering.Hash)
            {
                continue; // This board's rendering did not change: nothing to send.
            }
            else if (board == BoardIds.Eures && ad.Ad.Published <= now)
            {
                // EURES pulls: published once this commit makes the ad pullable; nothing is queued.
                next = EuresPublication.Publish(Base(ad, board, before, now) with { RenderingHash = rendering.Hash }, before, rendering.Hash, now);
            }
            else
            {
                // A push board's queue, or for EURES the signal EuresActivation publishes on at the ad's publication time.
                next = Base(ad, board, before, now) with
                {
                    Desired = DesiredState.Published,
                    Status = DeliveryStatus.Pending,
                    RenderingHash = rendering.Hash,
                };
                enqueue = true;
            }
            changes.Add(new DeliveryChange(next, before, enqueue, JobAdStatusChanged.Between(before, next)));
        }
        // Boards the new version no longer targets lose the ad.
        foreach (var before in previous.Where(p => p.Desired == DesiredState.Published && !ad.Ad.Targets.Contains(p.Board)))
        {
            changes.Add(Withdraw(before, now, "no longer targeted"));
        }
        return changes;
    }

    private static BoardDelivery Base(StoredJobAd ad, string board, BoardDelivery? before, DateTimeOffset now) => new()
    {
        Client = ad.Client,
        AdId = ad.AdId,
        Board = board,
        Desired = DesiredState.Published,
        Status = DeliveryStatus.Pending,
        Version = ad.Version,
        SentHash = before?.SentHash,
        BoardReference = before?.BoardReference,
        Sequence = (before?.Sequence ?? 0) + 1,
        UpdatedAt = now,
        PublishedSince = before?.PublishedSince,
        ETag = before?.ETag,
    };

    /// <summary>
    /// Withdrawal of one board's copy: straight to withdrawn when the board never took the ad (rejected before it was
    /// sent), otherwise a pending withdrawal for the board's queue (a board that does not know the ad answers it as done).
    /// </summary>
    internal static DeliveryChange Withdraw(BoardDelivery before, DateTimeOffset now, string reason)
    {
        // EURES pulls: nothing to take back from a board, the ad closes with this commit.
        var nothingThere = before.Board == BoardIds.Eures || (before.Status == DeliveryStatus.Rejected && before.SentHash is null);
        var next = before with
        {
            Desired = DesiredState.Withdrawn,
            Status = nothingThere ? DeliveryStatus.Withdrawn : DeliveryStatus.Pending,
            RenderingHash = null,
            Reason = reason,
            LastError = null,
            Attempts = 0,
            Sequence = before.Sequence + 1,
            UpdatedAt = now,
        };
        return new DeliveryChange(next, before, !nothingThere, JobAdStatusChanged.Between(before, next));
    }

    private static JobAdSubmitted Answer(StoredJobAd ad, string status, IEnumerable<BoardDelivery> states) => new()
    {
        AdId = ad.AdId,
        Version = ad.Version,
        Status = status,
        Boards = [.. states.OrderBy(s => s.Board, StringComparer.Ordinal).Select(BoardStatusView.Of)],
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Job ad {AdId} stored as version {Version}; {Boards} board deliveries queued, correlation {CorrelationId}")]
    private static partial void LogStored(ILogger logger, string adId, int version, int boards, string correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job ad {AdId} withdrawn ({Reason}), correlation {CorrelationId}")]
    private static partial void LogWithdrawn(ILogger logger, string adId, string reason, string correlationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Concurrent write on a job ad, attempt {Attempt}, correlation {CorrelationId}")]
    private static partial void LogConflict(ILogger logger, int attempt, string correlationId);
}
