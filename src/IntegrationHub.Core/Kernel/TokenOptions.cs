namespace IntegrationHub.Core.Kernel;

/// <summary>
/// Section "Hub:Tokens": the key that seals the hub's continuation tokens (<c>Hub__Tokens__SigningKey</c>; a Key Vault
/// reference in Azure, the same for every instance), and the key it replaced while tokens sealed with it may still be
/// in use. Keys are base64, at least 32 bytes once decoded. Checked at start (<see cref="TokenOptionsValidator"/>).
/// </summary>
/// <remarks>
/// To rotate: move the current key to <c>PreviousSigningKey</c>, set <c>PreviousKeyValidUntil</c> to now plus
/// <c>LifetimeMinutes</c>, and put a new key in <c>SigningKey</c>. After that moment the previous key may be removed.
/// </remarks>
public sealed class TokenOptions
{
    public const string Section = "Hub:Tokens";

    /// <summary>The smallest key accepted, in bytes once decoded (AES-256 and HKDF-SHA256 both want 32).</summary>
    public const int MinKeyBytes = 32;

    public string? SigningKey { get; set; }

    public string? PreviousSigningKey { get; set; }

    /// <summary>Until when tokens sealed with <see cref="PreviousSigningKey"/> are accepted.</summary>
    public DateTimeOffset? PreviousKeyValidUntil { get; set; }

    /// <summary>How long a token is accepted after it was issued (a day: a caller paging through results is done long before).</summary>
    public int LifetimeMinutes { get; set; } = 24 * 60;
}
