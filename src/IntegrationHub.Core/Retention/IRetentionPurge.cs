namespace IntegrationHub.Core.Retention;

/// <summary>
/// The paced retention purge (ADR 0023): one bounded pass over every store ("Hub:Retention:BatchesPerTick"). A port, so
/// the timer function depends on Core only; Storage's <c>RetentionPurge</c> answers it (<c>AddRetentionStorage()</c>).
/// </summary>
public interface IRetentionPurge
{
    /// <summary>One pass; answers what it removed per store (only stores it removed something from).</summary>
    Task<IReadOnlyList<PurgedCount>> RunOnceAsync(CancellationToken cancellationToken);
}
