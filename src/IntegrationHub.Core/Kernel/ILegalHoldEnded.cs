namespace IntegrationHub.Core.Kernel;

/// <summary>
/// The signal that a legal hold has just ended (a breach report filed, an incident lifted). Erasure keeps rows a hold
/// needs and finishes them on this signal; Breach and Access raise it without knowing Erasure, which depends on them
/// to read the holds (ADR 0022, ADR 0028).
/// </summary>
public interface ILegalHoldEnded
{
    Task HoldEndedAsync(CancellationToken cancellationToken);
}
