using IntegrationHub.Core.Access;

namespace IntegrationHub.Storage.Audit;

/// <summary>
/// The access log, every entry also appended to the audit trail. Both writes run together, so a read costs one round trip
/// more only where the slower of the two is the audit's; either failing fails the append, and the CV is not served. The
/// audit copy therefore holds every entry the table holds, and at most a few of a read that then failed.
/// </summary>
public sealed class AuditedAccessLog(IAccessLog inner, AuditTrail trail) : IAccessLog
{
    public Task AppendAsync(IReadOnlyList<AccessLogEntry> entries, CancellationToken cancellationToken) =>
        Task.WhenAll(inner.AppendAsync(entries, cancellationToken), trail.AppendAsync(AuditTrail.AccessLogKind, entries, cancellationToken));

    public Task<IReadOnlyList<AccessLogEntry>> ForCvAsync(string registry, string cvId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        inner.ForCvAsync(registry, cvId, from, to, cancellationToken);

    public IAsyncEnumerable<AccessLogEntry> ForPartyAsync(string party, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        inner.ForPartyAsync(party, from, to, cancellationToken);

    /// <summary>Erasure reaches the log itself; the audit copy is immutable by design (docs/data-lifecycle.md).</summary>
    public Task<IReadOnlyList<AccessLogEntry>> EraseCvAsync(string registry, string cvId, Func<AccessLogEntry, bool> keep, CancellationToken cancellationToken) =>
        inner.EraseCvAsync(registry, cvId, keep, cancellationToken);
}
