namespace IntegrationHub.Core.Kernel;

/// <summary>
/// The signal that a legal hold has just ended (a breach report filed, an incident lifted). Erasure keeps rows a hold
/// needs and finishes them on this signal; Breach and Access raise it without knowing Erasure, which reads Breach's
/// holds through <see cref="ILegalHolds"/> and Access's incidents directly (ADR 0022, ADR 0028, ADR 0037).
/// </summary>
public interface ILegalHoldEnded
{
    Task HoldEndedAsync(CancellationToken cancellationToken);
}
