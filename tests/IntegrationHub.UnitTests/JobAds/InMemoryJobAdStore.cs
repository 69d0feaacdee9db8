using IntegrationHub.Core.JobAds;

namespace IntegrationHub.UnitTests.JobAds;

/// <summary>The job-ad store in memory, with the table store's ETag rules (a stale write loses and writes nothing).</summary>
internal sealed class InMemoryJobAdStore : IJobAdStore
{
    private readonly Lock _gate = new();
    private int _etag;

    public Dictionary<string, StoredJobAd> Ads { get; } = [];

    public Dictionary<(string AdId, string Board), BoardDelivery> States { get; } = [];

    public HashSet<(string Board, string AdId)> Signals { get; } = [];

    /// <summary>Signals held back to a board's pace, with the time each is due (never read back here: the tests look).</summary>
    public Dictionary<(string Board, string AdId), DateTimeOffset> Deferred { get; } = [];

    public List<Core.Outbox.OutboundEvent> Events { get; } = [];

    private string NextETag() => "e" + Interlocked.Increment(ref _etag);

    public Task<StoredJobAd?> FindByReferenceAsync(string client, string reference, CancellationToken cancellationToken) =>
        Task.FromResult(Ads.Values.FirstOrDefault(a => a.Client == client && a.Reference == reference));

    public Task<StoredJobAd?> GetAsync(string client, string adId, CancellationToken cancellationToken) =>
        Task.FromResult(Ads.GetValueOrDefault(adId) is { } ad && ad.Client == client ? ad : null);

    public Task<IReadOnlyList<BoardDelivery>> DeliveriesAsync(string client, string adId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BoardDelivery>>([.. States.Values.Where(s => s.AdId == adId)]);

    public Task<IReadOnlyList<BoardDelivery>> DeliveriesAsync(string client, string board, IReadOnlyList<string> adIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BoardDelivery>>([.. adIds.Select(id => States.GetValueOrDefault((id, board))).OfType<BoardDelivery>()]);

    public Task<IReadOnlyList<StoredJobAd>> GetManyAsync(string client, IReadOnlyList<string> adIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredJobAd>>([.. adIds.Select(id => Ads.GetValueOrDefault(id)).OfType<StoredJobAd>()]);

    public Task<bool> CommitAsync(StoredJobAd ad, StoredJobAd? previous, IReadOnlyList<DeliveryChange> changes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if ((previous is null && Ads.ContainsKey(ad.AdId)) || (previous is not null && Ads[ad.AdId].ETag != previous.ETag) || changes.Any(Stale))
            {
                return Task.FromResult(false);
            }
            Ads[ad.AdId] = ad with { ETag = NextETag() };
            changes.ToList().ForEach(Apply);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DeliveryChange>> UpdateDeliveriesAsync(string client, IReadOnlyList<DeliveryChange> changes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var lost = changes.Where(Stale).ToList();
            changes.Except(lost).ToList().ForEach(Apply);
            return Task.FromResult<IReadOnlyList<DeliveryChange>>(lost);
        }
    }

    public Task<IReadOnlyList<PendingDelivery>> ReadPendingAsync(string client, string board, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingDelivery>>([.. Signals.Where(s => s.Board == board).Take(max).Select(s => new PendingDelivery(s.AdId, "*"))]);

    public Task AcknowledgeAsync(string client, string board, IReadOnlyList<PendingDelivery> sent, CancellationToken cancellationToken)
    {
        sent.ToList().ForEach(p => Signals.Remove((board, p.AdId)));
        return Task.CompletedTask;
    }

    public Task DeferAsync(string client, string board, IReadOnlyList<(string AdId, DateTimeOffset DueAt)> deferrals, CancellationToken cancellationToken)
    {
        deferrals.ToList().ForEach(d => Deferred[(board, d.AdId)] = d.DueAt);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ExpiredAsync(string client, DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. Ads.Values.Where(a => !a.Withdrawn && a.Ad.Expires <= now).Select(a => a.AdId).Take(max)]);

    private bool Stale(DeliveryChange change) =>
        States.GetValueOrDefault((change.Next.AdId, change.Next.Board))?.ETag != change.Previous?.ETag;

    private void Apply(DeliveryChange change)
    {
        States[(change.Next.AdId, change.Next.Board)] = change.Next with { ETag = NextETag() };
        if (change is { Enqueue: true, NotBefore: { } due })
        {
            Deferred[(change.Next.Board, change.Next.AdId)] = due;
        }
        else if (change.Enqueue)
        {
            Signals.Add((change.Next.Board, change.Next.AdId));
        }
        Events.AddRange(change.Events);
    }
}
