using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.UnitTests.Visibility;

/// <summary>
/// The event intake beside an erasure (ADR 0040): the real intake, decision and erasure over in-memory stores, with the
/// erasure run between the intake's tombstone check and its first write.
/// </summary>
public sealed class CitizenEventIntakeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The erasure's moment: after the events these tests call old, before those they call new.</summary>
    private static readonly DateTimeOffset ErasedAt = Now.AddMinutes(-5);

    /// <summary>The ledger; runs something just before the next append lands (an erasure beside the request).</summary>
    internal sealed class Ledger : ICitizenEventLedger
    {
        public List<CitizenEvent> Events { get; } = [];

        public Func<Task>? BeforeNextAppend { get; set; }

        public async Task<bool> AppendAsync(CitizenEvent citizenEvent, CancellationToken cancellationToken)
        {
            var before = BeforeNextAppend;
            BeforeNextAppend = null;
            if (before is not null)
            {
                await before();
            }
            // Idempotent on source and id, as the table's row key is.
            if (Events.Any(e => e.Registry == citizenEvent.Registry && e.CitizenId == citizenEvent.CitizenId && e.Source == citizenEvent.Source && e.Id == citizenEvent.Id))
            {
                return false;
            }
            Events.Add(citizenEvent);
            return true;
        }

        public Task<IReadOnlyList<CitizenEvent>> ReadAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CitizenEvent>>([.. Events.Where(e => e.Registry == registry && e.CitizenId == citizenId)]);

        public Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken)
        {
            Events.RemoveAll(e => e.Registry == registry && e.CitizenId == citizenId);
            return Task.CompletedTask;
        }
    }

    /// <summary>The states, ETag-guarded; counts the writes, and can die at the next one (a request killed before it stores the decision).</summary>
    internal sealed class States : IVisibilityStateStore
    {
        private int _version;

        public Dictionary<(string, string), VisibilityState> Current { get; } = [];

        public int Writes { get; private set; }

        public bool DieAtNextWrite { get; set; }

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult(Current.GetValueOrDefault((registry, citizenId)));

        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<VisibilityInterval>>([]);

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken)
        {
            if (DieAtNextWrite)
            {
                DieAtNextWrite = false;
                throw new OperationCanceledException("the process died before the state write");
            }
            Writes++;
            if (Current.GetValueOrDefault((state.Registry, state.CitizenId))?.ETag != previous?.ETag)
            {
                return Task.FromResult(false);
            }
            Current[(state.Registry, state.CitizenId)] = state with { ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return Task.FromResult(true);
        }

        public Task EraseCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken)
        {
            Current.Remove((registry, citizenId));
            return Task.CompletedTask;
        }
    }

    /// <summary>Jobs under optimistic concurrency (ETags) and tombstones that only move later, as TableErasureStore keeps them.</summary>
    private sealed class Erasures : IErasureStore
    {
        private int _etag;

        public Dictionary<(string, string), ErasureJob> Jobs { get; } = [];

        public Dictionary<(string, string), DateTimeOffset> Tombstones { get; } = [];

        public int TombstoneReads { get; private set; }

        public Task<ErasureJob?> GetJobAsync(string registry, string key, CancellationToken cancellationToken) =>
            Task.FromResult(Jobs.GetValueOrDefault((registry, key)));

        public Task<bool> TrySaveJobAsync(ErasureJob job, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken)
        {
            if (Jobs.GetValueOrDefault((job.Registry, job.Key))?.ETag != job.ETag)
            {
                return Task.FromResult(false);
            }
            Jobs[(job.Registry, job.Key)] = job with { ETag = "e" + ++_etag };
            return Task.FromResult(true);
        }

        public Task DeleteJobAsync(ErasureJob job, CancellationToken cancellationToken)
        {
            Jobs.Remove((job.Registry, job.Key));
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ErasureJob>> HeldJobsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ErasureJob>>([.. Jobs.Values.Where(j => j.Holds.Count > 0)]);

        public Task RecordTombstoneAsync(string registry, string key, DateTimeOffset erasedAt, CancellationToken cancellationToken)
        {
            if (!Tombstones.TryGetValue((registry, key), out var known) || known < erasedAt)
            {
                Tombstones[(registry, key)] = erasedAt;
            }
            return Task.CompletedTask;
        }

        public Task<DateTimeOffset?> ErasedAtAsync(string registry, string key, CancellationToken cancellationToken)
        {
            TombstoneReads++;
            return Task.FromResult<DateTimeOffset?>(Tombstones.TryGetValue((registry, key), out var at) ? at : null);
        }

        public int MarkQueries { get; private set; }

        /// <summary>Tombstones recorded as the hub before the marks recorded them: no mark.</summary>
        public HashSet<(string, string)> Unmarked { get; } = [];

        /// <summary>Since when every tombstone has its mark: from the start unless a test says otherwise.</summary>
        public DateTimeOffset? MarkedSince { get; set; } = DateTimeOffset.UnixEpoch;

        /// <summary>The latest mark per tombstone stands for its older ones: a citizen is asked about with "at or after".</summary>
        public Task<TombstoneMarks> ErasedSinceAsync(string registry, DateTimeOffset since, CancellationToken cancellationToken)
        {
            MarkQueries++;
            return Task.FromResult(new TombstoneMarks(
                [.. Tombstones.Where(t => t.Key.Item1 == registry && t.Value >= since && !Unmarked.Contains(t.Key)).Select(t => new TombstoneMark(t.Key.Item2, t.Value))],
                MarkedSince));
        }
    }

    /// <summary>Stops the erasure after a step, as a crash would (the queued resume would finish it later).</summary>
    private sealed class CrashAfter : ErasureFaults
    {
        public string? Step { get; set; }

        public override void AfterStep(string step)
        {
            if (step == Step)
            {
                Step = null;
                throw new InvalidOperationException("crash after " + step);
            }
        }
    }

    /// <summary>The stores the citizen of these tests never reaches: they have no CV, no reads, no holds.</summary>
    private sealed class Untouched : IAccessLog, IIncidentStore, ILegalHolds, IWorkQueue, ICvSearchIndex, IBoardFeedStore
    {
        public Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> SuspensionOfAsync(string party, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string> SuspendAsync(Incident incident, OutboundEvent alert, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Incident>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Incident>>([]);

        public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryLiftAsync(Incident lifted, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<HeldReads>> HeldReadsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<HeldReads>>([]);

        public Task<IReadOnlyList<string>> EraseCitizenExceptHeldAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task SendAsync(string queue, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<int> ApproximateCountAsync(string queue, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<CvSearchWrite?> BeginAsync(string registry, string cvId, CvSearchHit entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CvSearchWrite> InsertAsync(CvSearchWrite write, CvSearchHit entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CvSearchWrite?> TouchAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> VerifyAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WithdrawAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task FinishAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RaiseFenceAsync(string registry, string cvId, long fence, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveAsync(string registry, string cvId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CvSearchPending>> PendingAsync(DateTimeOffset olderThan, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ClearPendingAsync(CvSearchPending pending, bool withRows, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RecordErasedAsync(string registry, string cvId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CvSearchErased>> ErasedAsync(DateTimeOffset erasedBefore, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DropErasedFenceAsync(CvSearchErased erased, bool keepFence, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CvSearchRows> ReadAsync(string dimension, string? continuation, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RecordAsync(FeedChange change, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<(IReadOnlyList<FeedChange> Items, string? Next)> ChangesAsync(string? after, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<(IReadOnlyList<FeedReference> Items, string? Next)> ShareableAsync(string? after, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public string TokenAt(DateTimeOffset time) => throw new NotSupportedException();

        public Task<bool> IsShareableAsync(string cvId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private readonly Ledger _ledger = new();
    private readonly States _states = new();
    private readonly Erasures _erasures = new();
    private readonly CrashAfter _faults = new();
    private readonly FakeTimeProvider _erasureClock = new(ErasedAt);
    private readonly CitizenEventIntake _intake;
    private readonly CitizenErasure _erasure;
    private readonly string _key;
    private readonly IServiceProvider _services;

    public CitizenEventIntakeTests()
    {
        var untouched = new Untouched();
        var services = new ServiceCollection()
            .AddSingleton<ICitizenEventLedger>(_ledger)
            .AddSingleton<IVisibilityStateStore>(_states)
            .AddSingleton<IErasureStore>(_erasures)
            .AddSingleton<ErasureFaults>(_faults)
            .AddSingleton<ICvStore, Cvs.InMemoryCvStore>()
            .AddSingleton<ICvFactsStore, Cvs.InMemoryFactsStore>()
            .AddSingleton<IAccessLog>(untouched).AddSingleton<IIncidentStore>(untouched).AddSingleton<ILegalHolds>(untouched)
            .AddSingleton<IWorkQueue>(untouched).AddSingleton<ICvSearchIndex>(untouched).AddSingleton<IBoardFeedStore>(untouched)
            .AddSingleton(Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } } }))
            .AddSingleton(Options.Create(new ClockOptions()))
            .AddSingleton(Options.Create(new ErasureOptions()))
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Now))
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<VisibilityService>()
            .AddSingleton<TombstoneKeys>()
            // The erasure keeps its own clock, so that its moment can lie before an event's.
            .AddSingleton(sp => ActivatorUtilities.CreateInstance<CitizenErasure>(sp, (TimeProvider)_erasureClock))
            .AddSingleton<IErasedAtLookup, TombstoneLookup>()
            .AddSingleton<IEventBesideErasure, EventBesideErasure>()
            .AddSingleton(sp => new Lazy<CitizenErasure>(sp.GetRequiredService<CitizenErasure>))
            .AddSingleton<IErasureBesideDecision, ErasureBesideDecision>()
            .AddSingleton<IEventsInFlight>(sp => new InMemoryEventsInFlight(sp.GetRequiredService<TimeProvider>()))
            .AddSingleton<CitizenEventIntake>()
            .BuildServiceProvider();
        _services = services;
        _intake = services.GetRequiredService<CitizenEventIntake>();
        _erasure = services.GetRequiredService<CitizenErasure>();
        _key = services.GetRequiredService<TombstoneKeys>().For("nav", "c1");
    }

    /// <summary>A consent event of contracts/examples about citizen c1 at <paramref name="time"/>.</summary>
    private static JsonElement Consent(string id, DateTimeOffset time) => Example("citizen-event-consent-granted.json", id, "c1", time);

    /// <summary>An event of contracts/examples (<paramref name="example"/>) with its id, subject and time replaced.</summary>
    internal static JsonElement Example(string example, string id, string citizenId, DateTimeOffset time)
    {
        var node = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", example)))!.AsObject();
        node["id"] = id;
        node["subject"] = citizenId;
        node["time"] = time.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
    }

    /// <summary>Something the citizen has before the erasure, so that it finds them.</summary>
    private async Task KnownCitizenAsync() =>
        await _intake.AcceptAsync("nav", [Consent("e0", Now.AddHours(-1))], CancellationToken.None);

    private void EraseBesideTheNextWrite() =>
        _ledger.BeforeNextAppend = async () => await _erasure.EraseAsync("nav", "c1", ErasureTriggers.Request, CancellationToken.None);

    private void AssertNothingLeft()
    {
        Assert.Empty(_ledger.Events);
        Assert.Empty(_states.Current);
        Assert.Empty(_erasures.Jobs);
    }

    [Fact]
    public async Task Accept_WholeErasureBetweenTheTombstoneCheckAndTheWrites_LeavesNothing_AndRefusesTheEventAsLate()
    {
        // Arrange: the tombstone check finds none; the erasure then runs to its end before the ledger row and the state land.
        await KnownCitizenAsync();
        EraseBesideTheNextWrite();

        // Act
        var results = await _intake.AcceptAsync("nav", [Consent("e1", Now.AddMinutes(-10))], CancellationToken.None);

        // Assert: the answer of a late event (the function answers 410 citizen-erased when every event is refused so).
        var result = Assert.Single(results);
        Assert.Equal(CitizenEventStatus.Rejected, result.Status);
        Assert.Equal(CitizenEventIntake.ErasedRule, Assert.Single(result.Errors).Rule);
        AssertNothingLeft();
        Assert.Equal(ErasedAt, _erasures.Tombstones[("nav", _key)]);
    }

    [Fact]
    public async Task Accept_ErasureStoppedAfterItsEventsStepBesideTheWrites_RunsEveryStepAgain()
    {
        // Arrange: the erasure has passed its state and ledger steps when the request writes, and its job is still open
        // (its runner died; the queued resume would only run the steps left).
        await KnownCitizenAsync();
        _faults.Step = CitizenErasure.Steps.Events;
        _ledger.BeforeNextAppend = async () => await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _erasure.EraseAsync("nav", "c1", ErasureTriggers.Request, CancellationToken.None));

        // Act
        var results = await _intake.AcceptAsync("nav", [Consent("e1", Now.AddMinutes(-10))], CancellationToken.None);

        // Assert
        Assert.Equal(CitizenEventIntake.ErasedRule, Assert.Single(Assert.Single(results).Errors).Rule);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Accept_EventNewerThanAnErasureBesideIt_StartsAfresh_WhileTheOlderOneIsRefused()
    {
        // Arrange: the erasure's moment lies between the request's two events.
        await KnownCitizenAsync();
        EraseBesideTheNextWrite();

        // Act
        var results = await _intake.AcceptAsync("nav", [Consent("old", Now.AddMinutes(-10)), Consent("new", Now.AddMinutes(-1))], CancellationToken.None);

        // Assert: only the newer event and a state from it; the tombstone keeps the erasure's moment.
        Assert.Equal([CitizenEventStatus.Rejected, CitizenEventStatus.Applied], results.Select(r => r.Status));
        Assert.Equal("new", Assert.Single(_ledger.Events).Id);
        Assert.All(_states.Current[("nav", "c1")].FactOrigins!.Values, fact => Assert.Equal("new", fact.EventId));
        Assert.Empty(_erasures.Jobs);
        Assert.Equal(ErasedAt, _erasures.Tombstones[("nav", _key)]);
    }

    [Fact]
    public async Task Accept_NoErasure_ReadsTheTombstoneTwicePerCitizen_AndAppliesTheEvent()
    {
        var results = await _intake.AcceptAsync("nav", [Consent("e1", Now.AddMinutes(-10)), Consent("e2", Now.AddMinutes(-9))], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(CitizenEventStatus.Applied, r.Status));
        Assert.Equal(2, _erasures.TombstoneReads);
        Assert.Equal(2, _ledger.Events.Count);
        Assert.Single(_states.Current);
    }

    // A page of first decisions asks Erasure once, after all of its inserts (ADR 0040, 0051's proposal built): the same
    // real erasure over the same stores; a state naming c1 stands for a first decision inserted beside its erasure.

    private IErasureBesideDecision Beside => _services.GetRequiredService<IErasureBesideDecision>();

    /// <summary>c1 erased at <see cref="ErasedAt"/>, then a state and a ledger row naming them again (written beside it).</summary>
    private async Task ErasedThenDecidedAgainAsync()
    {
        await KnownCitizenAsync();
        await _erasure.EraseAsync("nav", "c1", ErasureTriggers.Request, CancellationToken.None);
        await _intake.AcceptAsync("nav", [Consent("e9", Now.AddMinutes(-1))], CancellationToken.None);
        Assert.Single(_states.Current);
    }

    [Fact]
    public async Task EraseAgainIfBeside_APageOfFirstDecisions_OneLookForThePage_ErasesOnlyTheCoveredCitizenAgain()
    {
        // Arrange: c1's CV was committed before their erasure (covered); c2 and c3 were never erased.
        await ErasedThenDecidedAgainAsync();
        var reads = _erasures.TombstoneReads;
        FirstDecision[] page =
        [
            new("c2", "cv2", Now.AddMinutes(-2)), new("c1", "cv1", ErasedAt.AddSeconds(-1)), new("c3", "cv3", Now.AddSeconds(-30)),
        ];

        // Act
        var beside = await Beside.EraseAgainIfBesideAsync("nav", page, CancellationToken.None);

        // Assert: one range query for the page, no point read (the one read is the erasure's own, run again); the erasure
        // took what was written beside it.
        Assert.Equal("cv1", Assert.Single(beside).CvId);
        Assert.Equal((1, reads + 1), (_erasures.MarkQueries, _erasures.TombstoneReads));
        AssertNothingLeft();
    }

    [Fact]
    public async Task EraseAgainIfBeside_CvCommittedAfterTheErasure_KeepsTheDecision()
    {
        // Arrange: c1 came back with a CV committed after their erasure (a new relationship).
        await ErasedThenDecidedAgainAsync();

        var reads = _erasures.TombstoneReads;

        // Act
        var beside = await Beside.EraseAgainIfBesideAsync("nav", [new FirstDecision("c1", "cv1", ErasedAt.AddSeconds(1))], CancellationToken.None);

        // Assert
        Assert.Empty(beside);
        Assert.Equal((1, reads), (_erasures.MarkQueries, _erasures.TombstoneReads));
        Assert.Single(_states.Current);
    }

    [Fact]
    public async Task EraseAgainIfBeside_TombstoneWithoutAMark_CvCommittedBeforeTheMarksBegan_ReadsItsTombstone_AndErasesAgain()
    {
        // Arrange: c1's tombstone was recorded as the hub before the marks recorded it (no mark), and the marks are
        // complete only from a moment after c1's CV was committed (a deployment within the hour).
        await ErasedThenDecidedAgainAsync();
        _erasures.Unmarked.Add(Assert.Single(_erasures.Tombstones.Keys));
        _erasures.MarkedSince = Now.AddMinutes(30);
        var reads = _erasures.TombstoneReads;

        // Act
        var beside = await Beside.EraseAgainIfBesideAsync("nav", [new FirstDecision("c1", "cv1", ErasedAt.AddSeconds(-1))], CancellationToken.None);

        // Assert: the look found no mark, so the decision read its tombstone (then the erasure's own read).
        Assert.Equal("cv1", Assert.Single(beside).CvId);
        Assert.Equal((1, reads + 2), (_erasures.MarkQueries, _erasures.TombstoneReads));
        AssertNothingLeft();
    }

    [Fact]
    public async Task EraseAgainIfBeside_MarksCompleteSinceBeforeTheCv_TrustsTheLook_NoPointRead()
    {
        // Arrange: c2 was never erased; every tombstone has had its mark since before c2's CV was committed.
        await ErasedThenDecidedAgainAsync();
        _erasures.MarkedSince = Now.AddMinutes(-5);
        var reads = _erasures.TombstoneReads;

        // Act
        var beside = await Beside.EraseAgainIfBesideAsync("nav", [new FirstDecision("c2", "cv2", Now.AddMinutes(-1))], CancellationToken.None);

        // Assert
        Assert.Empty(beside);
        Assert.Equal((1, reads), (_erasures.MarkQueries, _erasures.TombstoneReads));
    }

    [Fact]
    public async Task EraseAgainIfBeside_CvOlderThanTheMarkHorizon_ReadsItsTombstoneInstead_AndErasesAgain()
    {
        // Arrange: a page delivered long after its CV's commit; the range query would reach back through every erasure since.
        await ErasedThenDecidedAgainAsync();
        var reads = _erasures.TombstoneReads;

        // Act
        var beside = await Beside.EraseAgainIfBesideAsync("nav", [new FirstDecision("c1", "cv1", Now - ErasureBesideDecision.MarkHorizon - TimeSpan.FromMinutes(1))], CancellationToken.None);

        // Assert: its point read, then the erasure's own.
        Assert.Single(beside);
        Assert.Equal((0, reads + 2), (_erasures.MarkQueries, _erasures.TombstoneReads));
        AssertNothingLeft();
    }
}
