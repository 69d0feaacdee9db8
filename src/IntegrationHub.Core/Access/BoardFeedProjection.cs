using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The boards' change list, kept from each decision written: created when a CV becomes shareable, modified while it
/// stays so, closed when it stops.
/// </summary>
public sealed class BoardFeedProjection(IBoardFeedStore feed, ICvFactsStore cvFacts, TimeProvider clock) : IVisibilityProjection
{
    /// <summary>Nothing: the boards' feed is read with the decision in force, never trusted on its own (ADR 0045 is about search).</summary>
    public Task BeforeDecisionAsync(VisibilityState previous, VisibilityState next, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task DecisionWrittenAsync(DecisionWritten written, CancellationToken cancellationToken)
    {
        var (previous, state, cvChanged) = (written.Previous, written.Current, written.CvChanged);
        var before = previous?.Boards?.Shared == true ? previous.Cv?.CvId : null;
        var after = state.Boards?.Shared == true ? state.Cv?.CvId : null;
        // A shared CV that changed (a redelivered CV message after a crash among them) is "created" for a board that was
        // never told so: one point read, only for CVs shared with boards.
        if ((written.Repair || (cvChanged && after is not null)) && before == after && state.Cv?.CvId is { } current)
        {
            // A repeat: the shareable set says what was recorded; a change lost to a crash is recorded now.
            var listed = await feed.IsShareableAsync(current, cancellationToken);
            if (after is not null && !listed)
            {
                await RecordCreatedAsync(state.Registry, after, state.DecidedAt, cancellationToken);
                return;
            }
            if (after is null && listed)
            {
                await feed.RecordAsync(new FeedChange(state.Registry, current, FeedChanges.Closed, state.DecidedAt), cancellationToken);
                return;
            }
        }
        if (before is not null && before != after)
        {
            await feed.RecordAsync(new FeedChange(state.Registry, before, FeedChanges.Closed, state.DecidedAt), cancellationToken);
        }
        if (after is null)
        {
            return;
        }
        if (before != after)
        {
            await RecordCreatedAsync(state.Registry, after, state.DecidedAt, cancellationToken);
        }
        else if (cvChanged || !previous!.Boards!.SameAs(state.Boards!) || previous.Decision.Presentation != state.Decision.Presentation)
        {
            await feed.RecordAsync(new FeedChange(state.Registry, after, FeedChanges.Modified, state.DecidedAt), cancellationToken);
        }
    }

    /// <summary>Closes the CV's listing, if it has one.</summary>
    public async Task ForgetCvAsync(string registry, string cvId, CancellationToken cancellationToken)
    {
        if (await feed.IsShareableAsync(cvId, cancellationToken))
        {
            await feed.RecordAsync(new FeedChange(registry, cvId, FeedChanges.Closed, clock.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>Lists a CV on the boards' feed, and closes it again should the CV have gone meanwhile (<see cref="ErasureFence"/>).</summary>
    private async Task RecordCreatedAsync(string registry, string cvId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await feed.RecordAsync(new FeedChange(registry, cvId, FeedChanges.Created, at), cancellationToken);
        if (!await ErasureFence.StillThereAsync(cvFacts, registry, cvId, cancellationToken))
        {
            await feed.RecordAsync(new FeedChange(registry, cvId, FeedChanges.Closed, clock.GetUtcNow()), cancellationToken);
        }
    }
}
