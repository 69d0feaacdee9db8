using IntegrationHub.Core.Access;
using IntegrationHub.IntegrationTests.Infrastructure;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Common;
using Microsoft.Extensions.Options;

namespace IntegrationHub.IntegrationTests.Access;

/// <summary>
/// The boards' change list when writes land out of key order (the gap issue 18's crash tests found; ADR 0029): two
/// writers, the one keyed earlier landing last, after a board has read past it. Deterministic: writer A's clock holds A
/// between taking its key time and writing, while writer B and the board go ahead.
/// </summary>
[Collection(AccessAzuriteCollection.Name)]
public sealed class BoardFeedOrderingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateTimeOffset T1 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddSeconds(1);

    private HubStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await TestStorage.CreateAsync(azurite);

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The first call answers <paramref name="keyTime"/>, but only after the test lets it go; later calls answer <paramref name="landed"/>.</summary>
    private sealed class HeldClock(DateTimeOffset keyTime, DateTimeOffset landed) : TimeProvider
    {
        private int _calls;

        public SemaphoreSlim Entered { get; } = new(0);

        public SemaphoreSlim Go { get; } = new(0);

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref _calls) > 1)
            {
                return landed;
            }
            Entered.Release();
            Go.Wait(TimeSpan.FromSeconds(30));
            return keyTime;
        }
    }

    private TableBoardFeedStore Store(TimeProvider clock, int horizonSeconds) =>
        new(_storage, clock, Options.Create(new FeedOptions { ChangesHorizonSeconds = horizonSeconds }));

    /// <summary>
    /// A takes its key time T1; B (T2) lands and the board reads at <paramref name="firstRead"/>; then A lands at
    /// <paramref name="aLands"/>. Answers what the board saw in its first read, and after, from the token of the first.
    /// </summary>
    private async Task<(List<string> First, List<string> Then)> RaceAsync(int horizonSeconds, DateTimeOffset firstRead, DateTimeOffset aLands, DateTimeOffset secondRead)
    {
        var a = new HeldClock(T1, aLands);
        var board = new SettableClock(firstRead);
        var writing = Task.Run(() => Store(a, horizonSeconds).RecordAsync(new FeedChange("nav", "cv-a", FeedChanges.Closed, T1), CancellationToken.None));
        Assert.True(await a.Entered.WaitAsync(TimeSpan.FromSeconds(30)));

        await Store(new SettableClock(T2), horizonSeconds).RecordAsync(new FeedChange("nav", "cv-b", FeedChanges.Modified, T2), CancellationToken.None);
        var (first, next) = await Store(board, horizonSeconds).ChangesAsync(null, 100, CancellationToken.None);
        a.Go.Release();
        await writing;
        board.Now = secondRead;
        var (then, _) = await Store(board, horizonSeconds).ChangesAsync(next, 100, CancellationToken.None);
        return ([.. first.Select(c => c.CvId)], [.. then.Select(c => c.CvId)]);
    }

    [Fact]
    public async Task Changes_WithoutAHorizon_AnEarlierKeyedWriteLandingAfterABoardsRead_IsNeverServed()
    {
        // The gap as it was: the board reads B, its token passes A's key, and A ("closed") lands behind it.
        var (first, then) = await RaceAsync(horizonSeconds: 0, firstRead: T2.AddSeconds(1), aLands: T2.AddSeconds(2), secondRead: T2.AddMinutes(1));

        Assert.Equal(["cv-b"], first);
        Assert.Empty(then);
    }

    [Fact]
    public async Task Changes_WithAHorizon_AnEarlierKeyedWriteLandingLate_IsServedInKeyOrder()
    {
        // The board reads 5 s after B: inside the 30 s horizon, so nothing is served yet and the token stays put.
        var (first, then) = await RaceAsync(horizonSeconds: 30, firstRead: T2.AddSeconds(5), aLands: T2.AddSeconds(6), secondRead: T2.AddMinutes(1));

        Assert.Empty(first);
        Assert.Equal(["cv-a", "cv-b"], then);
    }

    [Fact]
    public async Task Changes_AWriteLandingLaterThanHalfTheHorizon_IsRecordedAgain_SoABoardPastItsKeyStillSeesIt()
    {
        // A is held 40 s: the board has been served B (31 s after it) and holds a token past A's key when A lands.
        var (first, then) = await RaceAsync(horizonSeconds: 30, firstRead: T2.AddSeconds(31), aLands: T1.AddSeconds(40), secondRead: T1.AddSeconds(40 + 31));

        Assert.Equal(["cv-b"], first);
        Assert.Equal(["cv-a"], then);
    }

    [Fact]
    public async Task Changes_ATokenPastTheHorizon_IsBroughtBackToIt()
    {
        // A board asks from "now" (a time it chose) while a write keyed 10 s ago has not landed: it is served later.
        var board = new SettableClock(T1.AddSeconds(10));
        var store = Store(board, 30);
        var ahead = store.TokenAt(T1.AddSeconds(10));

        var (none, next) = await store.ChangesAsync(ahead, 100, CancellationToken.None);
        await Store(new SettableClock(T1), 30).RecordAsync(new FeedChange("nav", "cv-late", FeedChanges.Closed, T1), CancellationToken.None);
        board.Now = T1.AddMinutes(1);
        var (later, _) = await store.ChangesAsync(next, 100, CancellationToken.None);

        Assert.Empty(none);
        Assert.Equal(["cv-late"], later.Select(c => c.CvId));
    }
}
