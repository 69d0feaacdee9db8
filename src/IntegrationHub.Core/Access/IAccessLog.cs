namespace IntegrationHub.Core.Access;

/// <summary>
/// The append-only record of every CV served outside its registry. <see cref="AppendAsync"/> is part of the read: it
/// completes before anything is served, and when it throws the CV is not served.
/// </summary>
public interface IAccessLog
{
    Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken);

    /// <summary>Who has seen one CV, oldest first.</summary>
    Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Everything one party received in a window, oldest first, streamed (for incidents and breach campaigns).</summary>
    IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// Erasure: removes every entry about the CV (all of its copies) except those <paramref name="keep"/> holds back
    /// for a legal hold; answers the entries kept. Idempotent.
    /// </summary>
    Task<IReadOnlyList<AccessLogEntry>> EraseCvAsync(string registry, string cvId, Func<AccessLogEntry, bool> keep, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This log does not erase.");
}
