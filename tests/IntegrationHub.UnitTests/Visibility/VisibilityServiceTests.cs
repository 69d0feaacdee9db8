using IntegrationHub.Core.Callers;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.Options;

namespace IntegrationHub.UnitTests.Visibility;

public sealed class VisibilityServiceTests
{
    private sealed class Ledger : ICitizenEventLedger
    {
        public List<CitizenEvent> Events { get; } = [];

        public int Reads { get; private set; }

        public Task<bool> AppendAsync(CitizenEvent citizenEvent, CancellationToken cancellationToken)
        {
            Events.Add(citizenEvent);
            return Task.FromResult(true);
        }

        public Task<IReadOnlyList<CitizenEvent>> ReadAsync(string registry, string citizenId, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<CitizenEvent>>([.. Events.Where(e => e.Registry == registry && e.CitizenId == citizenId)]);
        }
    }

    private sealed class States : IVisibilityStateStore
    {
        private int _version;

        public Dictionary<(string, string), VisibilityState> Current { get; } = [];

        public List<VisibilityInterval> History { get; } = [];

        /// <summary>Makes the next N writes lose to a concurrent writer.</summary>
        public int LoseNextWrites { get; set; }

        public int Reads { get; private set; }

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(Current.GetValueOrDefault((registry, citizenId)));
        }

        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<VisibilityInterval>>(History);

        public List<IntegrationHub.Core.Outbox.OutboundEvent> Outbox { get; } = [];

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<IntegrationHub.Core.Outbox.OutboundEvent> outbound, CancellationToken cancellationToken)
        {
            if (LoseNextWrites > 0 || Current.GetValueOrDefault((state.Registry, state.CitizenId))?.ETag != previous?.ETag)
            {
                LoseNextWrites = Math.Max(0, LoseNextWrites - 1);
                return Task.FromResult(false);
            }
            if (previous?.Decision.Audience != state.Decision.Audience)
            {
                History.Add(new VisibilityInterval(state.DecidedAt, state.Cv?.CvId, state.Decision, state.Facts));
            }
            Outbox.AddRange(outbound);
            Current[(state.Registry, state.CitizenId)] = state with { ETag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return Task.FromResult(true);
        }
    }

    /// <summary>Keeps which CVs have search rows; can run something just before a write lands (an erasure beside it).</summary>
    private sealed class NoSearchIndex : IntegrationHub.Core.Access.ICvSearchIndex
    {
        public HashSet<string> Indexed { get; } = [];

        /// <summary>The entry each indexed CV's rows were last written from.</summary>
        public Dictionary<string, IntegrationHub.Core.Access.CvSearchHit> Entries { get; } = [];

        /// <summary>Every call, removals included (each costs the manifest's read in the table store).</summary>
        public int Applies { get; private set; }

        public Action? BeforeNextWrite { get; set; }

        /// <summary>The fences raised, by CV (ADR 0045).</summary>
        public Dictionary<string, long> Fences { get; } = [];

        public Task<IntegrationHub.Core.Access.CvSearchWrite?> BeginAsync(string registry, string cvId, IntegrationHub.Core.Access.CvSearchHit entry, CancellationToken cancellationToken)
        {
            Applies++;
            if (Fences.GetValueOrDefault(cvId) > entry.Sequence)
            {
                return Task.FromResult<IntegrationHub.Core.Access.CvSearchWrite?>(null);
            }
            var before = BeforeNextWrite;
            BeforeNextWrite = null;
            before?.Invoke();
            Indexed.Add(cvId);
            Entries[cvId] = entry;
            return Task.FromResult<IntegrationHub.Core.Access.CvSearchWrite?>(new(registry, cvId, entry.Sequence, [], "m", "p"));
        }

        public Task<IntegrationHub.Core.Access.CvSearchWrite> InsertAsync(IntegrationHub.Core.Access.CvSearchWrite write, IntegrationHub.Core.Access.CvSearchHit entry, CancellationToken cancellationToken) =>
            Task.FromResult(write);

        public Task<IntegrationHub.Core.Access.CvSearchWrite?> TouchAsync(IntegrationHub.Core.Access.CvSearchWrite write, CancellationToken cancellationToken) =>
            Task.FromResult<IntegrationHub.Core.Access.CvSearchWrite?>(write);

        public Task<bool> VerifyAsync(IntegrationHub.Core.Access.CvSearchWrite write, CancellationToken cancellationToken)
        {
            if (Entries.TryGetValue(write.CvId, out var entry))
            {
                Entries[write.CvId] = entry with { Verified = true };
            }
            return Task.FromResult(true);
        }

        public Task WithdrawAsync(IntegrationHub.Core.Access.CvSearchWrite write, CancellationToken cancellationToken) =>
            RemoveAsync(write.Registry, write.CvId, cancellationToken);

        public Task FinishAsync(IntegrationHub.Core.Access.CvSearchWrite write, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RaiseFenceAsync(string registry, string cvId, long fence, CancellationToken cancellationToken)
        {
            Fences[cvId] = Math.Max(fence, Fences.GetValueOrDefault(cvId));
            return Task.CompletedTask;
        }

        public Task RemoveAsync(string registry, string cvId, CancellationToken cancellationToken)
        {
            Applies++;
            Indexed.Remove(cvId);
            Entries.Remove(cvId);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<IntegrationHub.Core.Access.CvSearchPending>> PendingAsync(DateTimeOffset olderThan, int take, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IntegrationHub.Core.Access.CvSearchPending>>([]);

        public Task ClearPendingAsync(IntegrationHub.Core.Access.CvSearchPending pending, bool withRows, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordErasedAsync(string registry, string cvId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<IntegrationHub.Core.Access.CvSearchErased>> ErasedAsync(DateTimeOffset erasedBefore, int take, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<IntegrationHub.Core.Access.CvSearchErased>>([]);

        public Task<bool> DropErasedFenceAsync(IntegrationHub.Core.Access.CvSearchErased erased, bool keepFence, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IntegrationHub.Core.Access.CvSearchRows> ReadAsync(string dimension, string? continuation, int take, CancellationToken cancellationToken) =>
            Task.FromResult(new IntegrationHub.Core.Access.CvSearchRows([], null));
    }

    /// <summary>Records the feed's changes and keeps the shareable set, as the table store does; can lose the next records (a crash).</summary>
    private sealed class NoFeed : IntegrationHub.Core.Access.IBoardFeedStore
    {
        public List<IntegrationHub.Core.Access.FeedChange> Changes { get; } = [];

        public HashSet<string> Shareable { get; } = [];

        /// <summary>The process dies after the decision is stored and before the feed follows it.</summary>
        public bool LoseRecords { get; set; }

        public Task RecordAsync(IntegrationHub.Core.Access.FeedChange change, CancellationToken cancellationToken)
        {
            if (LoseRecords)
            {
                return Task.CompletedTask;
            }
            Changes.Add(change);
            if (change.Change == IntegrationHub.Core.Access.FeedChanges.Closed)
            {
                Shareable.Remove(change.CvId);
            }
            else
            {
                Shareable.Add(change.CvId);
            }
            return Task.CompletedTask;
        }

        public Task<(IReadOnlyList<IntegrationHub.Core.Access.FeedChange> Items, string? Next)> ChangesAsync(string? after, int take, CancellationToken cancellationToken) =>
            Task.FromResult<(IReadOnlyList<IntegrationHub.Core.Access.FeedChange>, string?)>(([], null));

        public Task<(IReadOnlyList<IntegrationHub.Core.Access.FeedReference> Items, string? Next)> ShareableAsync(string? after, int take, CancellationToken cancellationToken) =>
            Task.FromResult<(IReadOnlyList<IntegrationHub.Core.Access.FeedReference>, string?)>(([], null));

        public string TokenAt(DateTimeOffset time) => "";

        public Task<bool> IsShareableAsync(string cvId, CancellationToken cancellationToken) => Task.FromResult(Shareable.Contains(cvId));
    }

    private readonly Ledger _ledger = new();
    private readonly States _states = new();
    private readonly NoFeed _feed = new();
    private readonly VisibilityService _service;

    private readonly Cvs.InMemoryCvStore _cvs = new();
    private readonly Cvs.InMemoryFactsStore _facts = new();
    private readonly NoSearchIndex _search = new();

    public VisibilityServiceTests()
    {
        _service = new VisibilityService(_ledger, _states, _cvs,
            [new IntegrationHub.Core.Access.SearchIndexProjection(_search, _facts, _states, new IntegrationHub.Core.Access.SearchIndexSteps()), new IntegrationHub.Core.Access.BoardFeedProjection(_feed, _facts, TimeProvider.System)],
            new NoErasure(),
            Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" }, ["jobnet"] = new RegistrySettings { Jurisdiction = "DK" } } }),
            TimeProvider.System);
        // The CV every test decides about is committed in both registries (a decision from a CV change reads it).
        foreach (var registry in new[] { "nav", "jobnet" })
        {
            var facts = new CvFacts
            {
                Registry = registry, CvId = Cv.CvId, CitizenId = "c1", Version = 1, Publication = "open", OccupationCodes = ["isco08:2512"],
                Places = ["0301"], Languages = ["nb"], Skills = [], HasEmailOrPhone = true, HasSpecialNeeds = false,
            };
            // The row carries its commit's facts, as TableCvStore writes it (ADR 0051); the projection holds them too.
            _cvs.Put(new StoredCv
            {
                Registry = registry, CvId = Cv.CvId, ExternalId = "ext-1", CitizenId = "c1", Version = 1, ContentHash = "h",
                DocumentName = Cv.CvId + "/v000001.json", UpdatedAt = DateTimeOffset.UtcNow, NationalIdFindings = [], Facts = facts,
            });
            _facts.Facts[(registry, Cv.CvId)] = facts;
        }
    }

    /// <summary>An erasure of the citizen, as it runs: the CV, then its facts, then the search rows and the state.</summary>
    private void EraseCitizen()
    {
        foreach (var registry in new[] { "nav", "jobnet" })
        {
            _cvs.Forget(registry, Cv.CvId);
            _facts.Facts.Remove((registry, Cv.CvId));
            _states.Current.Remove((registry, "c1"));
        }
        _search.Indexed.Remove(Cv.CvId);
        _ledger.Events.Clear();
    }

    private static readonly CvInForce Cv = new("cv1", Publication: "open", LastCitizenActivityAt: DateTimeOffset.UtcNow);

    private void AllClear(string registry = "nav") => _ledger.Events.Add(new CitizenEvent
    {
        Id = Guid.NewGuid().ToString(),
        Registry = registry,
        CitizenId = "c1",
        Type = CitizenEventTypes.StatusSnapshot,
        Source = "s",
        Time = DateTimeOffset.UtcNow.AddMinutes(-1),
        Facts = new Dictionary<CitizenFact, FactValue>
        {
            [CitizenFact.ConsentToEmployers] = new(true),
            [CitizenFact.WorkOrientedBenefit] = new(false),
            [CitizenFact.ReducedWorkCapacityBenefit] = new(false),
            [CitizenFact.AgreedToShowDespiteReducedCapacity] = new(false),
            [CitizenFact.JobReady] = new(true),
            [CitizenFact.ProtectedAddress] = new(false),
        },
    });

    [Fact]
    public async Task Recompute_EventsWithoutACv_DecideNobody_ThenTheCvMakesItVisible()
    {
        AllClear();

        var before = await _service.RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);
        var after = await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);

        Assert.Equal(Audience.Nobody, before.Decision.Audience);
        Assert.Equal(Audience.Employers, after.Decision.Audience);
        Assert.True(after.Decision.Searchable);
        Assert.Equal([Audience.Nobody, Audience.Employers], _states.History.Select(h => h.Decision.Audience));
    }

    private CitizenEvent Withdrawal(int minutesAgo) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Registry = "nav",
        CitizenId = "c1",
        Type = CitizenEventTypes.ConsentWithdrawn,
        Source = "s",
        Time = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo),
        Facts = new Dictionary<CitizenFact, FactValue> { [CitizenFact.ConsentToEmployers] = new(false) },
    };

    [Fact]
    public async Task Recompute_WithNewEvents_FoldsThemIntoTheStateWithoutReadingTheLedger_AndDecidesAsAFullFoldWould()
    {
        // Arrange
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var reads = _ledger.Reads;
        var withdrawal = Withdrawal(0);
        _ledger.Events.Add(withdrawal);

        // Act: the new event, and the same event again (a retried POST).
        var incremental = await _service.RecomputeAsync("nav", "c1", [withdrawal], CancellationToken.None);
        var repeated = await _service.RecomputeAsync("nav", "c1", [withdrawal], CancellationToken.None);
        var full = await _service.RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);

        // Assert
        Assert.Equal(reads + 1, _ledger.Reads);
        Assert.Equal(Audience.Caseworkers, incremental.Decision.Audience);
        Assert.Equal(full.Facts, incremental.Facts);
        Assert.Equal(full.Facts, repeated.Facts);
    }

    [Fact]
    public async Task Recompute_RepeatedEventAfterACrashLostTheFeedChange_RecordsTheChangeNow_AndARepeatWithNothingLostRecordsNothing()
    {
        // Arrange: visible to employers; then consent to boards, whose decision is stored but whose feed change is lost.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var boards = new CitizenEvent
        {
            Id = Guid.NewGuid().ToString(),
            Registry = "nav",
            CitizenId = "c1",
            Type = CitizenEventTypes.ConsentGranted,
            Source = "s",
            Time = DateTimeOffset.UtcNow.AddSeconds(-30),
            Facts = new Dictionary<CitizenFact, FactValue> { [CitizenFact.ConsentToBoards] = new(true) },
        };
        _ledger.Events.Add(boards);
        _feed.LoseRecords = true;
        var crashed = await _service.RecomputeAsync("nav", "c1", [boards], CancellationToken.None);
        _feed.LoseRecords = false;

        // Act: the client's retry (the event is a duplicate now), and a further repeat.
        await _service.RecomputeAsync("nav", "c1", [boards], repeat: true, CancellationToken.None);
        await _service.RecomputeAsync("nav", "c1", [boards], repeat: true, CancellationToken.None);

        // Assert
        Assert.True(crashed.Boards!.Shared);
        var change = Assert.Single(_feed.Changes);
        Assert.Equal(("cv1", IntegrationHub.Core.Access.FeedChanges.Created), (change.CvId, change.Change));
    }

    [Fact]
    public async Task Recompute_AnOlderEventArrivingLate_DoesNotOverrideANewerOne_InTheIncrementalFoldEither()
    {
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var late = Withdrawal(60);
        _ledger.Events.Add(late);

        var state = await _service.RecomputeAsync("nav", "c1", [late], CancellationToken.None);

        Assert.Equal(Audience.Employers, state.Decision.Audience);
    }

    [Fact]
    public async Task Recompute_WithoutACvChange_KeepsTheCvItAlreadyHad()
    {
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);

        var state = await _service.RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);

        Assert.Equal("cv1", state.Cv!.CvId);
    }

    /// <summary>Records each signal with the state the store held when it came.</summary>
    private sealed class RecordingProjection(States states) : IVisibilityProjection
    {
        public List<(DecisionWritten Written, VisibilityState? Stored)> Told { get; } = [];

        public Task BeforeDecisionAsync(VisibilityState previous, VisibilityState next, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DecisionWrittenAsync(DecisionWritten written, CancellationToken cancellationToken)
        {
            Told.Add((written, states.Current.GetValueOrDefault((written.Current.Registry, written.Current.CitizenId))));
            return Task.CompletedTask;
        }

        public Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private VisibilityService ServiceWith(IVisibilityProjection projection) => new(_ledger, _states, _cvs, [projection], new NoErasure(),
        Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } } }), TimeProvider.System);

    [Fact]
    public async Task Recompute_DecisionStored_TellsTheProjectionsBeforeItReturns_WithTheStoredState()
    {
        // Arrange: "in force once the POST returned" needs the projections to run after the write and before the answer.
        AllClear();
        var projection = new RecordingProjection(_states);

        // Act
        var state = await ServiceWith(projection).RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);

        // Assert
        var (written, stored) = Assert.Single(projection.Told);
        Assert.Null(written.Previous);
        Assert.Equal(state.Sequence, written.Current.Sequence);
        Assert.Equal(state.Sequence, stored?.Sequence);
        Assert.True(written.CvChanged);
        Assert.False(written.Repair);
    }

    [Fact]
    public async Task Recompute_WriteLostToAnotherWriter_SignalsARepair()
    {
        // Arrange: the writer it lost to may have died before its projections ran.
        AllClear();
        var projection = new RecordingProjection(_states);
        _states.LoseNextWrites = 1;

        // Act
        await ServiceWith(projection).RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);

        // Assert
        var (written, _) = Assert.Single(projection.Told);
        Assert.True(written.Repair);
        Assert.False(written.CvChanged);
    }

    [Fact]
    public void AddAccess_Projections_AreTheSearchIndexThenTheBoardFeed()
    {
        // Act
        var registered = IntegrationHub.Core.Access.AccessModule.AddAccess(new Microsoft.Extensions.DependencyInjection.ServiceCollection())
            .Where(d => d.ServiceType == typeof(IVisibilityProjection)).Select(d => d.ImplementationType).ToList();

        // Assert: the order VisibilityService wrote them in before ADR 0036.
        Assert.Equal([typeof(IntegrationHub.Core.Access.SearchIndexProjection), typeof(IntegrationHub.Core.Access.BoardFeedProjection)], registered);
    }

    [Fact]
    public async Task Recompute_ErasureWhileTheSearchRowsAreWritten_TakesTheRowsOutAgain()
    {
        // Arrange: the whole erasure runs after this decision read the CV's facts and before its search rows land
        // (CI saw such rows outlive the erasure).
        AllClear();
        _search.BeforeNextWrite = EraseCitizen;

        // Act
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);

        // Assert
        Assert.Empty(_search.Indexed);
    }

    [Fact]
    public async Task Recompute_ChangeOfAnErasedCitizensCv_WritesNoStateAndNoRows()
    {
        // Arrange: the change signal arrives after the erasure took the CV, its facts and the citizen's state.
        AllClear();
        EraseCitizen();
        AllClear();

        // Act
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);

        // Assert
        Assert.Empty(_states.Current);
        Assert.Empty(_search.Indexed);
        Assert.Empty(_feed.Changes);
    }

    [Fact]
    public async Task Recompute_CvDeleted_DecidesNobody()
    {
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);

        var state = await _service.RecomputeAsync("nav", "c1", CvUpdate.Deleted, CancellationToken.None);

        Assert.Equal(Audience.Nobody, state.Decision.Audience);
    }

    [Fact]
    public async Task Recompute_UsesTheRegistrysJurisdiction()
    {
        AllClear("jobnet");
        var inactive = Cv with { LastCitizenActivityAt = DateTimeOffset.UtcNow.AddDays(-100) };

        var dk = await _service.RecomputeAsync("jobnet", "c1", CvUpdate.To(inactive), CancellationToken.None);

        Assert.NotEqual(Audience.Employers, dk.Decision.Audience);
    }

    [Fact]
    public async Task Recompute_LosingAConcurrentWriteOnce_RetriesFromTheCurrentState()
    {
        _states.LoseNextWrites = 2;

        var state = await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);

        Assert.Equal(state.Decision, _states.Current[("nav", "c1")].Decision);
    }

    private CvFacts FactsOf(string registry = "nav") => _facts.Facts[(registry, Cv.CvId)];

    [Fact]
    public async Task DecideCvChange_CitizenWithAState_ReadsNoLedger_AndTheFactsOnlyForTheFence()
    {
        // Arrange: the citizen's state holds the fold of their events (ADR 0044).
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var (ledgerReads, factReads) = (_ledger.Reads, _facts.Reads);

        // Act
        var decided = await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert: the handler's facts went to the index; one facts read after the rows (the erasure fence, ADR 0040).
        Assert.True(decided);
        Assert.Equal(ledgerReads, _ledger.Reads);
        Assert.Equal(factReads + 1, _facts.Reads);
        Assert.Equal(Audience.Employers, _states.Current[("nav", "c1")].Decision.Audience);
        Assert.Contains(Cv.CvId, _search.Indexed);
    }

    [Fact]
    public async Task DecideCvDeletion_OfACvNotInForce_WritesNothing_OfTheCvInForce_TheDecisionNamesNoCv()
    {
        // Arrange: the citizen's state names cv1; cv0 is a CV cv1 replaced, deleted later by the registry.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var before = _states.Current[("nav", "c1")];

        // Act
        var replaced = await _service.DecideCvDeletionAsync("nav", "c1", "cv0", CancellationToken.None);
        var kept = _states.Current[("nav", "c1")];
        var inForce = await _service.DecideCvDeletionAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert: the replaced CV's deletion leaves the decision as it was; the CV in force's takes it out.
        Assert.False(replaced);
        Assert.Same(before, kept);
        Assert.Equal(Cv.CvId, kept.Cv!.CvId);
        Assert.True(inForce);
        Assert.Null(_states.Current[("nav", "c1")].Cv);
    }

    [Fact]
    public async Task DecideCvChange_NoStateButAnEventWhoseRequestDied_DecidesWithoutIt_AndTheSendersRetryBringsItIn()
    {
        // Arrange: an event recorded by a request that died before it wrote the state (no 200: its sender sends it again).
        AllClear();
        var lost = _ledger.Events[^1];

        // Act
        var decided = await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);
        var before = _states.Current[("nav", "c1")].Decision.Audience;
        var retried = await _service.RecomputeAsync("nav", "c1", [lost], repeat: true, CancellationToken.None);

        // Assert: no ledger read for the CV change; the retry (a duplicate now) decides with the event.
        Assert.True(decided);
        Assert.Equal(0, _ledger.Reads);
        Assert.NotEqual(Audience.Employers, before);
        Assert.Equal(Audience.Employers, retried.Decision.Audience);
        Assert.Contains(Cv.CvId, _search.Indexed);
    }

    [Fact]
    public async Task DecideCvChange_ThatWouldOpenTheCv_WithAWithdrawalTheStateMissed_IsDecidedFromTheWholeLedger_AndStaysHidden()
    {
        // Arrange: the citizen's events made a state (no CV yet); then a withdrawal was recorded by a request that died
        // before it wrote the state, and its sender never sent it again.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);
        _ledger.Events.Add(Withdrawal(minutesAgo: 0));
        var reads = _ledger.Reads;

        // Act: the CV arrives; from the state's fold alone it would be shown to employers.
        var decided = await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert: a decision that opens the CV reads the ledger, finds the withdrawal, and shows nobody.
        Assert.True(decided);
        Assert.Equal(reads + 1, _ledger.Reads);
        Assert.NotEqual(Audience.Employers, _states.Current[("nav", "c1")].Decision.Audience);
        Assert.DoesNotContain(Cv.CvId, _search.Indexed);
    }

    [Fact]
    public async Task DecideCvChange_FirstDecisionNotSearchable_TouchesNoSearchRows()
    {
        // Act: a new citizen's CV, no events: hidden, and no decision ever wrote rows for it.
        var decided = await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert
        Assert.True(decided);
        Assert.Equal(0, _search.Applies);
        Assert.NotEqual(Audience.Employers, _states.Current[("nav", "c1")].Decision.Audience);
    }

    [Fact]
    public async Task DecideCvChange_CvErasedBeforeTheDecisionReadIt_AnswersFalse_AndWritesNothing()
    {
        // Arrange: the citizen has a state; the erasure has taken the CV (its first step) but not yet the facts or state.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var sequence = _states.Current[("nav", "c1")].Sequence;
        _cvs.Forget("nav", Cv.CvId);

        // Act
        var decided = await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert: the handler then deletes the facts and takes the CV out of the projections.
        Assert.False(decided);
        Assert.Equal(sequence, _states.Current[("nav", "c1")].Sequence);
    }

    [Fact]
    public async Task DecideCvChange_ErasureWhileTheSearchRowsAreWritten_TakesTheRowsOutAgain()
    {
        // Arrange: the decision read the CV and its facts; the whole erasure runs before the rows written from them land.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);
        _search.BeforeNextWrite = EraseCitizen;

        // Act
        await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert
        Assert.Empty(_search.Indexed);
    }

    [Fact]
    public async Task DecideCvChange_NewerFactsProjectedWhileTheRowsAreWritten_RowsFollowTheNewerFacts()
    {
        // Arrange: version 2 is committed and projected after the decision read version 1's facts.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);
        var facts = FactsOf();
        _search.BeforeNextWrite = () => _facts.Facts[("nav", Cv.CvId)] = facts with { Version = 2, OccupationCodes = ["isco08:5321"] };

        // Act
        await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert
        Assert.Equal(["isco08:5321"], _search.Entries[Cv.CvId].Occupations);
    }

    [Fact]
    public async Task DecideCvChange_RowNewerThanTheProjectedFacts_RowsKeepTheRowsVersion()
    {
        // Arrange: version 2 is committed (its row carries its facts) and the pump has not projected it yet (ADR 0051).
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.None, CancellationToken.None);
        var v2 = FactsOf() with { Version = 2, OccupationCodes = ["isco08:5321"] };
        _cvs.Put(await _cvs.GetAsync("nav", Cv.CvId, CancellationToken.None) is { } row ? row with { Version = 2, Facts = v2 } : throw new InvalidOperationException());

        // Act
        await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert: the fence's older projection is not a newer version; the rows stay with the row's facts.
        Assert.Equal(["isco08:5321"], _search.Entries[Cv.CvId].Occupations);
    }

    [Fact]
    public async Task DecideCvChange_CvGivenToAnotherCitizenSinceTheSignal_DecidesForTheCitizenItBelongsTo()
    {
        // Arrange: the signal named c1; a later commit gave the CV to c2 (the row says so).
        AllClear();
        var row = await _cvs.GetAsync("nav", Cv.CvId, CancellationToken.None) ?? throw new InvalidOperationException();
        _cvs.Put(row with { CitizenId = "c2", Version = 2, Facts = row.Facts! with { CitizenId = "c2", Version = 2 } });

        // Act
        var decided = await _service.DecideCvChangeAsync("nav", "c1", Cv.CvId, CancellationToken.None);

        // Assert: c2 is decided with the CV; c1 gets no state that names c2's CV.
        Assert.True(decided);
        Assert.Equal(Cv.CvId, _states.Current[("nav", "c2")].Cv?.CvId);
        Assert.False(_states.Current.ContainsKey(("nav", "c1")));
    }

    [Fact]
    public async Task CvChangesHandler_UpsertedCv_ReadsNoFactsBeforeTheDecision()
    {
        // Arrange: a new citizen's CV; nobody may see it yet (no search rows, so no fence read either).
        var handler = new CvChangesHandler(_cvs, _facts, _service, Microsoft.Extensions.Logging.Abstractions.NullLogger<CvChangesHandler>.Instance);

        // Act
        await handler.HandleAsync(new CvChangesPage
        {
            MessageId = "m1", CorrelationId = "c", Registry = "nav", Changes = [new CvChange(Cv.CvId, 1, CvOperations.Upserted, "c1")],
        }, CancellationToken.None);

        // Assert: decided from the CV's row alone (ADR 0051).
        Assert.Equal(0, _facts.Reads);
        Assert.Equal(Cv.CvId, _states.Current[("nav", "c1")].Cv?.CvId);
    }

    [Fact]
    public async Task CvChangesHandler_CvErasedWhileItsPageWasQueued_DeletesTheFacts_AndDecidesNothing()
    {
        // Arrange: the pump projected the facts again after the erasure took the CV and the citizen's state.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var facts = FactsOf();
        EraseCitizen();
        _facts.Facts[("nav", Cv.CvId)] = facts;
        var handler = new CvChangesHandler(_cvs, _facts, _service, Microsoft.Extensions.Logging.Abstractions.NullLogger<CvChangesHandler>.Instance);

        // Act
        await handler.HandleAsync(new CvChangesPage
        {
            MessageId = "m1", CorrelationId = "c", Registry = "nav", Changes = [new CvChange(Cv.CvId, 1, CvOperations.Upserted, "c1")],
        }, CancellationToken.None);

        // Assert
        Assert.False(_facts.Facts.ContainsKey(("nav", Cv.CvId)));
        Assert.Empty(_states.Current);
        Assert.Empty(_search.Indexed);
    }

    [Fact]
    public async Task CvChangesHandler_DeletedCvAnotherReplaced_IsFencedAsAnErasure()
    {
        // Arrange: the decision names cv1; an older CV of the citizen, replaced by it and named by no decision, is deleted.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", CvUpdate.To(Cv), CancellationToken.None);
        var handler = new CvChangesHandler(_cvs, _facts, _service, Microsoft.Extensions.Logging.Abstractions.NullLogger<CvChangesHandler>.Instance);

        // Act
        await handler.HandleAsync(new CvChangesPage
        {
            MessageId = "m1", CorrelationId = "c", Registry = "nav", Changes = [new CvChange("cv-replaced", 2, CvOperations.Deleted, "c1")],
        }, CancellationToken.None);

        // Assert: the deleted CV gets the erasure's fence (and its record: ADR 0045, "Replaced CVs deleted later").
        Assert.Equal(long.MaxValue, _search.Fences.GetValueOrDefault("cv-replaced"));
    }

    /// <summary>Erasure's answer that records what a page asked, with the citizens' states as they were when it was asked.</summary>
    private sealed class RecordingErasure(States states) : IErasureBesideDecision
    {
        public List<(FirstDecision[] Asked, string[] StatesThen)> Looks { get; } = [];

        public Task<bool> EraseAgainIfBesideAsync(string registry, string citizenId, DateTimeOffset cvUpdatedAt, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a page's first decisions are asked about together");

        public Task<IReadOnlyList<FirstDecision>> EraseAgainIfBesideAsync(string registry, IReadOnlyCollection<FirstDecision> decisions, CancellationToken cancellationToken)
        {
            Looks.Add(([.. decisions], [.. states.Current.Keys.Select(k => k.Item2)]));
            return Task.FromResult<IReadOnlyList<FirstDecision>>([]);
        }
    }

    /// <summary>The facts projection, out of reach (a page from before the pages named the citizen reads it).</summary>
    private sealed class UnreachableFacts : ICvFactsStore
    {
        public Task UpsertAsync(string registry, IReadOnlyList<CvFacts> facts, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(string registry, IReadOnlyList<string> cvIds, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<CvFacts?> GetAsync(string registry, string cvId, CancellationToken cancellationToken) => throw new InvalidOperationException("storage away");
    }

    [Fact]
    public async Task CvChangesHandler_APageWhoseLaterChangeFails_StillAsksAboutTheFirstDecisionsInsertedBeforeIt()
    {
        // Arrange: one change at a time; the first inserts c1's first decision, the second fails (its facts cannot be read).
        var erasure = new RecordingErasure(_states);
        var service = new VisibilityService(_ledger, _states, _cvs, [], erasure,
            Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } } }), TimeProvider.System);
        var handler = new CvChangesHandler(_cvs, new UnreachableFacts(), service, Microsoft.Extensions.Logging.Abstractions.NullLogger<CvChangesHandler>.Instance,
            Options.Create(new CvPipelineOptions { HandlerParallelism = 1 }));
        var page = new CvChangesPage
        {
            MessageId = "m1", CorrelationId = "c", Registry = "nav",
            Changes = [new CvChange(Cv.CvId, 1, CvOperations.Upserted, "c1"), new CvChange("cv-old", 1, CvOperations.Upserted, null)],
        };

        // Act
        await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(page, CancellationToken.None));

        // Assert: asked once, after c1's insert, about c1's decision (the page's retry would find c1's state, not a first decision).
        var (asked, statesThen) = Assert.Single(erasure.Looks);
        Assert.Equal(("c1", Cv.CvId), (Assert.Single(asked).CitizenId, asked[0].CvId));
        Assert.Contains("c1", statesThen);
    }

    /// <summary>A page handler over this test's stores, whose erasure look records what it was asked.</summary>
    private (CvChangesHandler Handler, RecordingErasure Erasure) HandlerWithRecordingErasure(FirstDecisionGuess? guess = null)
    {
        var erasure = new RecordingErasure(_states);
        var service = new VisibilityService(_ledger, _states, _cvs, [], erasure,
            Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } } }), TimeProvider.System, guess);
        return (new CvChangesHandler(_cvs, _facts, service, Microsoft.Extensions.Logging.Abstractions.NullLogger<CvChangesHandler>.Instance), erasure);
    }

    private static CvChangesPage PageOf(int version) =>
        new() { MessageId = "m1", CorrelationId = "c", Registry = "nav", Changes = [new CvChange(Cv.CvId, version, CvOperations.Upserted, "c1")] };

    [Fact]
    public async Task CvChangesHandler_FirstVersionGuessed_CitizenWithoutAState_InsertsWithoutReadingOne_AndJoinsThePagesLook()
    {
        var guess = new FirstDecisionGuess();
        var (handler, erasure) = HandlerWithRecordingErasure(guess);

        await handler.HandleAsync(PageOf(version: 1), CancellationToken.None);

        Assert.Equal(0, _states.Reads);
        Assert.Equal((Audience.Caseworkers, Cv.CvId), (_states.Current[("nav", "c1")].Decision.Audience, _states.Current[("nav", "c1")].Cv!.CvId));
        Assert.Equal("c1", Assert.Single(Assert.Single(erasure.Looks).Asked).CitizenId);
        Assert.Equal(0, guess.MissShareOf("nav"));
    }

    [Fact]
    public async Task CvChangesHandler_FirstVersionGuessed_CitizenWithAState_TheInsertIsRefused_AndTheDecisionIsTheStates()
    {
        // Arrange: the citizen's events came first; their state lets employers see the CV once there is one.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", _ledger.Events, CancellationToken.None);
        var guess = new FirstDecisionGuess();
        var (handler, erasure) = HandlerWithRecordingErasure(guess);

        // Act
        await handler.HandleAsync(PageOf(version: 1), CancellationToken.None);

        // Assert: decided from the state as without the guess (employers see it), no first decision to look for; one miss.
        Assert.Equal((Audience.Employers, Cv.CvId), (_states.Current[("nav", "c1")].Decision.Audience, _states.Current[("nav", "c1")].Cv!.CvId));
        Assert.Empty(erasure.Looks);
        Assert.Equal(0.05, guess.MissShareOf("nav"), 3);
    }

    /// <summary>Records whether each decision written was handed to the projections as a repair.</summary>
    private sealed class RepairRecorder : IVisibilityProjection
    {
        public List<bool> Repairs { get; } = [];

        public Task BeforeDecisionAsync(VisibilityState previous, VisibilityState next, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DecisionWrittenAsync(DecisionWritten written, CancellationToken cancellationToken)
        {
            Repairs.Add(written.Repair);
            return Task.CompletedTask;
        }

        public Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Theory]
    [InlineData(0, false)] // a refused guess is no lost write: the decision after it is not a repair
    [InlineData(1, true)] // a write lost to another writer after it still is, as without the guess
    public async Task DecideCvChange_AfterARefusedGuess_RepairsOnlyForAWriteLostToAnotherWriter(int lostWrites, bool repair)
    {
        // Arrange: the citizen has a state (events first), so the first version's guess is refused.
        AllClear();
        await _service.RecomputeAsync("nav", "c1", _ledger.Events, CancellationToken.None);
        var recorder = new RepairRecorder();
        var service = new VisibilityService(_ledger, _states, _cvs, [recorder], new NoErasure(),
            Options.Create(new HubOptions { Registries = { ["nav"] = new RegistrySettings { Jurisdiction = "NO" } } }), TimeProvider.System, new FirstDecisionGuess());
        // The store refuses the guess's insert (the state exists; this fake counts it among its lost writes), then loses
        // lostWrites more to another writer.
        _states.LoseNextWrites = 1 + lostWrites;

        // Act
        var decided = await service.DecideCvChangeAsync("nav", "c1", Cv.CvId, firstDecisions: null, firstVersion: true, CancellationToken.None);

        // Assert
        Assert.True(decided);
        Assert.Equal([repair], recorder.Repairs);
    }

    [Fact]
    public async Task CvChangesHandler_ALaterVersion_ReadsTheStateFirst_NeverGuesses()
    {
        var guess = new FirstDecisionGuess();
        var (handler, _) = HandlerWithRecordingErasure(guess);

        await handler.HandleAsync(PageOf(version: 2), CancellationToken.None);

        Assert.Equal(1, _states.Reads);
        Assert.True(_states.Current.ContainsKey(("nav", "c1")));
    }

    [Fact]
    public async Task CvChangesHandler_APageDeliveredAgain_CvGoneWhileTheStateNamesIt_AGuessReadsTheStateAndAsks()
    {
        // As CvChangesHandler_APageDeliveredAgain_CvGoneWhileTheStateNamesIt_AsksAboutItWithTheCommitTheStateKept, with
        // the guess on: a guessed decision that finds the CV gone has not read the state that names it, so it must.
        var (handler, erasure) = HandlerWithRecordingErasure(new FirstDecisionGuess());
        var committed = (await _cvs.GetAsync("nav", Cv.CvId, CancellationToken.None))!.UpdatedAt;
        await handler.HandleAsync(PageOf(version: 1), CancellationToken.None);
        _cvs.Forget("nav", Cv.CvId);

        await handler.HandleAsync(PageOf(version: 1), CancellationToken.None);

        Assert.Equal(2, erasure.Looks.Count);
        Assert.Equal(new FirstDecision("c1", Cv.CvId, committed), Assert.Single(erasure.Looks[1].Asked));
    }

    [Fact]
    public async Task CvChangesHandler_APageDeliveredAgain_CvGoneWhileTheStateNamesIt_AsksAboutItWithTheCommitTheStateKept()
    {
        // Arrange: the page's first delivery inserts c1's first decision (its look, here recorded, may have failed); then
        // the CV goes, as an erasure beside that insert takes it, and the state stays.
        var (handler, erasure) = HandlerWithRecordingErasure();
        var page = new CvChangesPage { MessageId = "m1", CorrelationId = "c", Registry = "nav", Changes = [new CvChange(Cv.CvId, 1, CvOperations.Upserted, "c1")] };
        var committed = (await _cvs.GetAsync("nav", Cv.CvId, CancellationToken.None))!.UpdatedAt;
        await handler.HandleAsync(page, CancellationToken.None);
        _cvs.Forget("nav", Cv.CvId);

        // Act: the page again.
        await handler.HandleAsync(page, CancellationToken.None);

        // Assert: the state kept the CV's commit, and the second delivery asked about c1 with it.
        Assert.Equal(committed, _states.Current[("nav", "c1")].CvCommittedAt);
        Assert.Equal(2, erasure.Looks.Count);
        Assert.Equal(new FirstDecision("c1", Cv.CvId, committed), Assert.Single(erasure.Looks[1].Asked));
    }

    [Fact]
    public async Task CvChangesHandler_CvGoneAndTheStateNamesAnotherCv_DoesNotAsk()
    {
        // Arrange: c1's state names another CV (a citizen who came back with a new one); the page is about the old CV, gone.
        var (handler, erasure) = HandlerWithRecordingErasure();
        await handler.HandleAsync(new CvChangesPage { MessageId = "m1", CorrelationId = "c", Registry = "nav", Changes = [new CvChange(Cv.CvId, 1, CvOperations.Upserted, "c1")] }, CancellationToken.None);

        // Act
        await handler.HandleAsync(new CvChangesPage { MessageId = "m2", CorrelationId = "c", Registry = "nav", Changes = [new CvChange("cv-gone", 1, CvOperations.Upserted, "c1")] }, CancellationToken.None);

        // Assert: only the first page's look.
        Assert.Single(erasure.Looks);
    }

    [Fact]
    public async Task Recompute_UnknownRegistry_Throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _service.RecomputeAsync("werk", "c1", CvUpdate.To(Cv), CancellationToken.None));
    }
}
