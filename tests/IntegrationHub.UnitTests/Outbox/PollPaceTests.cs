using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Outbox;

public sealed class PollPaceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(10);

    [Fact]
    public void NewPace_IsDueAtOnce()
    {
        Assert.True(new PollPace().IsDue(T0));
    }

    [Fact]
    public void IdleLooks_DoubleTheGapFromOneSecondUpToTheCeiling()
    {
        // Arrange
        var pace = new PollPace();
        var gaps = new List<double>();

        // Act
        for (var i = 0; i < 6; i++)
        {
            pace.Looked(foundWork: false, T0, Ceiling);
            gaps.Add(pace.Gap.TotalSeconds);
        }

        // Assert
        Assert.Equal([1, 2, 4, 8, 10, 10], gaps);
    }

    [Fact]
    public void AfterAnIdleLook_NotDueUntilTheGapHasPassed()
    {
        // Arrange
        var pace = new PollPace();
        pace.Looked(foundWork: false, T0, Ceiling);
        pace.Looked(foundWork: false, T0, Ceiling);

        // Act / Assert: a 2 s gap.
        Assert.False(pace.IsDue(T0.AddSeconds(1.9)));
        Assert.True(pace.IsDue(T0.AddSeconds(2)));
    }

    [Fact]
    public void Signal_MakesTheNextTickDue_Once()
    {
        // Arrange
        var pace = new PollPace();
        pace.Looked(foundWork: false, T0, Ceiling);
        pace.Looked(foundWork: false, T0, Ceiling);

        // Act
        pace.Signal();

        // Assert: due on the next tick, then back to the gap.
        Assert.True(pace.IsDue(T0.AddMilliseconds(10)));
        Assert.False(pace.IsDue(T0.AddMilliseconds(20)));
    }

    [Fact]
    public void FoundWork_ResetsTheGap_SoTheNextTickLooksAgain()
    {
        // Arrange
        var pace = new PollPace();
        for (var i = 0; i < 5; i++)
        {
            pace.Looked(foundWork: false, T0, Ceiling);
        }

        // Act
        pace.Looked(foundWork: true, T0, Ceiling);

        // Assert
        Assert.Equal(TimeSpan.Zero, pace.Gap);
        Assert.True(pace.IsDue(T0));
        pace.Looked(foundWork: false, T0, Ceiling);
        Assert.Equal(TimeSpan.FromSeconds(1), pace.Gap);
    }

    [Fact]
    public void ZeroCeiling_LooksOnEveryTick()
    {
        // Arrange
        var pace = new PollPace();

        // Act
        pace.Looked(foundWork: false, T0, TimeSpan.Zero);

        // Assert
        Assert.True(pace.IsDue(T0));
    }

    [Fact]
    public async Task RunIfDue_IdleLook_SkipsTheNextTickUntilTheGapHasPassed()
    {
        // Arrange
        var pace = new PollPace();
        var clock = new FakeTimeProvider(T0);
        var looks = 0;
        Task<PollRound> Look(CancellationToken _) { looks++; return Task.FromResult(new PollRound(0, WorkLeft: false)); }

        // Act
        var first = await pace.RunIfDueAsync(clock, Ceiling, Look, CancellationToken.None);
        var skipped = await pace.RunIfDueAsync(clock, Ceiling, Look, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await pace.RunIfDueAsync(clock, Ceiling, Look, CancellationToken.None);

        // Assert
        Assert.Equal(new PollRound(0, false), first);
        Assert.Null(skipped);
        Assert.NotNull(second);
        Assert.Equal(2, looks);
    }

    [Fact]
    public async Task RunIfDue_WorkLeftWithNothingMoved_StaysDueOnTheNextTick()
    {
        // Arrange: a look held back by a backlog moved nothing but knows of work.
        var pace = new PollPace();
        var clock = new FakeTimeProvider(T0);

        // Act
        await pace.RunIfDueAsync(clock, Ceiling, _ => Task.FromResult(new PollRound(0, WorkLeft: true)), CancellationToken.None);

        // Assert
        Assert.Equal(TimeSpan.Zero, pace.Gap);
        Assert.True(pace.IsDue(T0));
    }
}
