using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>
/// The missed-event repair (ADR 0047): the real intake, decision and pass over in-memory stores; a request "dies" at
/// its state write (after its events are recorded), and the pass brings the events into force.
/// </summary>
public sealed class MissedEventRepairTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly CitizenEventIntakeTests.Ledger _ledger = new();
    private readonly CitizenEventIntakeTests.States _states = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryEventsInFlight _inFlight;
    private readonly MissedEventOptions _options = new() { GraceSeconds = 660, CitizensPerPass = 200 };
    private readonly Tombstone _tombstone = new();
    private readonly CitizenEventIntake _intake;
    private readonly MissedEventRepair _repair;

    public MissedEventRepairTests()
    {
        _inFlight = new InMemoryEventsInFlight(_clock);
        var hub = Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } } });
        var none = new NoErasure();
        var visibility = new VisibilityService(_ledger, _states, new Cvs.InMemoryCvStore(), [], none, hub, _clock);
        _intake = new CitizenEventIntake(_ledger, visibility, none, none, _inFlight, hub, Options.Create(new ClockOptions()), _clock, NullLogger<CitizenEventIntake>.Instance);
        _repair = new MissedEventRepair(_inFlight, _ledger, _states, visibility, _tombstone, _tombstone, hub, Options.Create(_options), _clock,
            NullLogger<MissedEventRepair>.Instance);
    }

    /// <summary>The tombstone the repair reads after its write (set by a test: an erasure beside the pass), and the erasures it asked again.</summary>
    private sealed class Tombstone : IErasedAtLookup, IEventBesideErasure
    {
        public DateTimeOffset? ErasedAt { get; set; }

        public List<string> ErasedAgain { get; } = [];

        public Task<DateTimeOffset?> ErasedAtAsync(string registry, string citizenId, CancellationToken cancellationToken) => Task.FromResult(ErasedAt);

        public Task EraseAgainAsync(string registry, string citizenId, CancellationToken cancellationToken)
        {
            ErasedAgain.Add(citizenId);
            return Task.CompletedTask;
        }
    }

    private Task<IReadOnlyList<CitizenEventResult>> SendAsync(string example, string id, string citizenId, DateTimeOffset time) =>
        _intake.AcceptAsync("nav", [CitizenEventIntakeTests.Example(example, id, citizenId, time)], CancellationToken.None);

    /// <summary>A withdrawal whose request recorded the event and died before the state write; its sender never sends it again.</summary>
    private async Task WithdrawalThatDiedAsync(string citizenId)
    {
        _states.DieAtNextWrite = true;
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            SendAsync("citizen-event-consent-withdrawn.json", "w-" + citizenId, citizenId, Now.AddMinutes(-1)));
    }

    private bool ConsentInForce(string citizenId) =>
        _states.Current[("nav", citizenId)].FactOrigins![CitizenFact.ConsentToEmployers].Value.Flag == true;

    [Fact]
    public async Task RunOnce_EventRecordedButItsStateWriteDied_IsInForceAfterOnePass()
    {
        // Arrange: consent granted and in force; the withdrawal is in the ledger, not in the state.
        await SendAsync("citizen-event-consent-granted.json", "g", "c1", Now.AddMinutes(-10));
        await WithdrawalThatDiedAsync("c1");
        Assert.Equal(2, _ledger.Events.Count);
        Assert.True(ConsentInForce("c1"));
        _clock.Advance(TimeSpan.FromSeconds(_options.GraceSeconds + 1));

        // Act
        var (marks, repaired) = await _repair.RunOnceAsync(CancellationToken.None);

        // Assert: the withdrawal is in force, and the mark is gone.
        Assert.Equal((1, 1), (marks, repaired));
        Assert.False(ConsentInForce("c1"));
        Assert.Empty(_inFlight.Marks);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-30, false)]
    public async Task RunOnce_TombstoneAfterTheRepairsWrite_ErasesAgainOnlyWhenItCoversAnEventItRead(int erasedMinutesFromNow, bool again)
    {
        // Arrange: an erasure beside the pass (its tombstone covers the events read), or one long before them (the
        // citizen came back: their events are newer).
        await SendAsync("citizen-event-consent-granted.json", "g", "c1", Now.AddMinutes(-10));
        await WithdrawalThatDiedAsync("c1");
        _clock.Advance(TimeSpan.FromSeconds(_options.GraceSeconds + 1));
        _tombstone.ErasedAt = Now.AddMinutes(erasedMinutesFromNow);

        // Act
        await _repair.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(again ? ["c1"] : [], _tombstone.ErasedAgain);
    }

    [Fact]
    public async Task RunOnce_MarkYoungerThanTheGrace_IsLeftForALaterPass()
    {
        // Arrange: the request may still be running (a mark younger than any request can live).
        await WithdrawalThatDiedAsync("c1");
        _clock.Advance(TimeSpan.FromSeconds(_options.GraceSeconds - 1));

        // Act
        var early = await _repair.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var later = await _repair.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal((0, 0), early);
        Assert.Equal((1, 1), later);
        Assert.False(ConsentInForce("c1"));
    }

    [Fact]
    public async Task RunOnce_NothingMissing_WritesNothing()
    {
        // Arrange: requests that finished clear their marks; one that died after its state write leaves a mark whose
        // citizen misses nothing.
        await SendAsync("citizen-event-consent-granted.json", "g1", "c1", Now.AddMinutes(-10));
        await SendAsync("citizen-event-consent-granted.json", "g2", "c2", Now.AddMinutes(-10));
        Assert.Empty(_inFlight.Marks);
        await _inFlight.MarkAsync("nav", "c2", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(_options.GraceSeconds + 1));
        var writes = _states.Writes;

        // Act
        var (marks, repaired) = await _repair.RunOnceAsync(CancellationToken.None);
        var again = await _repair.RunOnceAsync(CancellationToken.None);

        // Assert: the mark is read and cleared, no state is written.
        Assert.Equal((1, 0), (marks, repaired));
        Assert.Equal((0, 0), again);
        Assert.Equal(writes, _states.Writes);
        Assert.Empty(_inFlight.Marks);
    }

    [Fact]
    public async Task RunOnce_MoreMissedThanAPassTakes_RepairsTheRestInTheNextPasses()
    {
        // Arrange: three citizens missed an event; a pass takes two.
        _options.CitizensPerPass = 2;
        foreach (var citizen in new[] { "c1", "c2", "c3" })
        {
            await SendAsync("citizen-event-consent-granted.json", "g-" + citizen, citizen, Now.AddMinutes(-10));
            await WithdrawalThatDiedAsync(citizen);
        }
        _clock.Advance(TimeSpan.FromSeconds(_options.GraceSeconds + 1));

        // Act
        var passes = new List<(int, int)>();
        for (var i = 0; i < 3; i++)
        {
            passes.Add(await _repair.RunOnceAsync(CancellationToken.None));
        }

        // Assert: paced, and resumed where the last pass stopped.
        Assert.Equal([(2, 2), (1, 1), (0, 0)], passes);
        Assert.All(new[] { "c1", "c2", "c3" }, c => Assert.False(ConsentInForce(c)));
    }
}
