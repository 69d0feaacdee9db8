namespace IntegrationHub.Core.Erasure;

/// <summary>
/// Section "Hub:Erasure". The key of the tombstones' keyed hash (HMAC-SHA256 over registry and citizen id): with it the
/// hub can tell that a late event concerns an erased citizen without keeping the citizen id in clear (ADR 0022).
/// </summary>
public sealed class ErasureOptions
{
    public const string Section = "Hub:Erasure";

    /// <summary>
    /// Base64 of at least 32 random bytes. Required outside Development (in Azure a Key Vault reference); in Development
    /// an unset key falls back to <see cref="DevelopmentKey"/>. Changing it makes earlier tombstones unrecognisable.
    /// </summary>
    public string? TombstoneKey { get; set; }

    /// <summary>The fixed key of local runs and tests only: it is public, so it protects nothing.</summary>
    public const string DevelopmentKey = "ZGV2ZWxvcG1lbnQtb25seS10b21ic3RvbmUta2V5LW5vdC1zZWNyZXQtISEhISE=";
}
