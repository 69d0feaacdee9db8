using IntegrationHub.Core.Access;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Access;

/// <summary>
/// ADR 0045's narrowing marker, a CV a decision stops naming and a CV gone, in the order the projection calls the
/// index (no I/O): the marker before the fence, removed only after a decision about the CV committed and its rows followed.
/// </summary>
public sealed class SearchIndexProjectionNarrowingTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private readonly RecordingIndex _index = new();

    private SearchIndexProjection Projection() => new(_index, new NoFacts(), new NoStates(), new SearchIndexSteps());

    private static VisibilityState State(string? cvId, bool searchable, long sequence) => new()
    {
        Registry = "nav",
        CitizenId = "citizen-1",
        Cv = cvId is null ? null : new CvInForce(cvId, null, T),
        Decision = searchable
            ? new VisibilityDecision { Audience = Audience.Employers, Presentation = Presentation.Anonymous, Searchable = true, Reasons = ["visible"] }
            : new VisibilityDecision { Audience = Audience.Nobody, Presentation = Presentation.Anonymous, Searchable = false, Reasons = ["no-consent"] },
        Facts = new CitizenFacts { CvPresent = cvId is not null },
        DecidedAt = T,
        Sequence = sequence,
    };

    [Fact]
    public async Task Narrowing_CommittedAndFollowed_MarkedBeforeItsFenceAndClearedAfterItsRows()
    {
        // Arrange: a searchable CV's decision, and a withdrawal's.
        var projection = Projection();
        var (previous, next) = (State("cv-1", searchable: true, 1), State("cv-1", searchable: false, 2));

        // Act
        await projection.BeforeDecisionAsync(previous, next, CancellationToken.None);
        await projection.DecisionWrittenAsync(new DecisionWritten(previous, next, CvChanged: false, Repair: false), CancellationToken.None);

        // Assert
        Assert.Equal(["mark cv-1 2", "fence cv-1 2", "remove cv-1", "remove cv-1", "clear m1"], _index.Calls);
    }

    [Fact]
    public async Task Narrowing_DiesBeforeItsCommit_ItsMarkerStaysForTheRepairPass()
    {
        // Arrange
        var projection = Projection();

        // Act: the narrowing fences and deletes; no decision about its CV commits, one about another CV does.
        await projection.BeforeDecisionAsync(State("cv-1", searchable: true, 1), State("cv-1", searchable: false, 2), CancellationToken.None);
        await projection.DecisionWrittenAsync(new DecisionWritten(State("cv-2", searchable: false, 4), State("cv-2", searchable: false, 5), CvChanged: false, Repair: false), CancellationToken.None);

        // Assert
        Assert.DoesNotContain(_index.Calls, c => c.StartsWith("clear", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Narrowing_LosesItsCommitToARacingDecision_TheRetrysCommitClearsItsMarker()
    {
        // Arrange: the first attempt marks sequence 2 and loses; the racing decision (2) is in force.
        var projection = Projection();
        await projection.BeforeDecisionAsync(State("cv-1", searchable: true, 1), State("cv-1", searchable: false, 2), CancellationToken.None);

        // Act: the retry decides from the racing decision, keeps the view, and commits 3 as a repair.
        await projection.DecisionWrittenAsync(new DecisionWritten(State("cv-1", searchable: false, 2), State("cv-1", searchable: false, 3), CvChanged: false, Repair: true), CancellationToken.None);

        // Assert
        Assert.Equal("clear m1", _index.Calls[^1]);
    }

    [Fact]
    public async Task Deletion_DecisionStopsNamingTheCv_RowsRemovedAndNotRecordedHere()
    {
        // Arrange: a hidden CV's decision (no narrowing for search), then the CV deleted.
        var projection = Projection();

        // Act
        await projection.DecisionWrittenAsync(new DecisionWritten(State("cv-1", searchable: false, 1), State(null, searchable: false, 2), CvChanged: true, Repair: false), CancellationToken.None);

        // Assert: the deletion's own signal records it once the CV is seen gone (ForgetCvAsync); a CV another replaced may
        // live on, and a record here would only be dropped (ADR 0045, "Replaced CVs deleted later").
        Assert.Equal(["remove cv-1"], _index.Calls);
    }

    [Fact]
    public async Task ForgetCv_FencedAtTheTopThenRemovedThenRecorded()
    {
        // Act
        await Projection().ForgetCvAsync("nav", "cv-1", CancellationToken.None);

        // Assert
        Assert.Equal([$"fence cv-1 {long.MaxValue}", "remove cv-1", "record cv-1"], _index.Calls);
    }

    /// <summary>Records the calls a narrowing and a removal make; a widening's calls are not expected here.</summary>
    private sealed class RecordingIndex : ICvSearchIndex
    {
        public List<string> Calls { get; } = [];

        public Task<string?> MarkNarrowingAsync(string registry, string cvId, long sequence, CancellationToken cancellationToken)
        {
            Calls.Add($"mark {cvId} {sequence}");
            return Task.FromResult<string?>("m" + Calls.Count(c => c.StartsWith("mark", StringComparison.Ordinal)));
        }

        public Task ClearNarrowingAsync(string marker, CancellationToken cancellationToken) => Record("clear " + marker);

        public Task RaiseFenceAsync(string registry, string cvId, long fence, CancellationToken cancellationToken) => Record($"fence {cvId} {fence}");

        public Task RemoveAsync(string registry, string cvId, CancellationToken cancellationToken) => Record("remove " + cvId);

        public Task RecordErasedAsync(string registry, string cvId, CancellationToken cancellationToken) => Record("record " + cvId);

        private Task Record(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }

        public Task<CvSearchWrite?> BeginAsync(string registry, string cvId, CvSearchHit entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CvSearchWrite> InsertAsync(CvSearchWrite write, CvSearchHit entry, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CvSearchWrite?> TouchAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> VerifyAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WithdrawAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task FinishAsync(CvSearchWrite write, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CvSearchErased>> ErasedAsync(DateTimeOffset erasedBefore, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DropErasedFenceAsync(CvSearchErased erased, bool keepFence, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CvSearchPending>> PendingAsync(DateTimeOffset olderThan, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ClearPendingAsync(CvSearchPending pending, bool withRows, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CvSearchRows> ReadAsync(string dimension, string? continuation, int take, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A hidden decision reads no facts; a read here would be a widening's.</summary>
    private sealed class NoFacts : ICvFactsStore
    {
        public Task UpsertAsync(string registry, IReadOnlyList<CvFacts> facts, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteAsync(string registry, IReadOnlyList<string> cvIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CvFacts?> GetAsync(string registry, string cvId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoStates : IVisibilityStateStore
    {
        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
