namespace IntegrationHub.Storage.Audit;

/// <summary>Section "Hub:Audit": the append-only copy of the audit records (docs/adr/0026-infrastructure-as-documented.md).</summary>
public sealed class AuditOptions
{
    public const string Section = "Hub:Audit";

    /// <summary>
    /// Append every access-log entry, breach-ledger row and incident to the "audit" container as well. On by default, in
    /// Azure (where the container is immutable) and locally alike (Azurite ignores the policy but keeps append blobs).
    /// </summary>
    public bool Enabled { get; set; } = true;
}
