namespace IntegrationHub.Core.Breach;

/// <summary>One affected citizen (or, for a CV that no longer maps to one, that CV), as the dry run stores it for the fan-out.</summary>
public sealed record AudienceMember
{
    public required string Registry { get; init; }

    /// <summary>Null when the CV was deleted and no citizen can be found for it (<see cref="CvId"/> is then set).</summary>
    public string? CitizenId { get; init; }
    public string? CvId { get; init; }

    /// <summary>The letter language (after fallback).</summary>
    public required string Language { get; init; }

    /// <summary>"secure" for protected or unknown status; otherwise the policy's first channel (the registry decides at delivery).</summary>
    public required string Channel { get; init; }
    public required string ProtectedStatus { get; init; }

    /// <summary>
    /// The parties (access-log names, never persons) that read the CV in the campaign's window, as far as the selector
    /// concerns them: empty when none did; null when not looked up (no CV).
    /// </summary>
    public IReadOnlyList<string>? SeenBy { get; init; }

    /// <summary>The data categories those reads held (from the logged field names), in letter order.</summary>
    public IReadOnlyList<string>? SeenCategories { get; init; }
}
