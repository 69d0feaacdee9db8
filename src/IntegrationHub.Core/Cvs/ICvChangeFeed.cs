namespace IntegrationHub.Core.Cvs;

/// <summary>The change signals each registry's commits leave behind.</summary>
public interface ICvChangeFeed
{
    Task<IReadOnlyList<PendingCvChange>> ReadPendingAsync(string registry, int max, CancellationToken cancellationToken);

    /// <summary>Removes signals that have been sent; a signal rewritten since it was read stays.</summary>
    Task AcknowledgeAsync(string registry, IReadOnlyList<PendingCvChange> changes, CancellationToken cancellationToken);
}
