namespace IntegrationHub.Core.Breach;

/// <summary>
/// The hub's own sentences in one letter language: whether the citizen's CV was seen (and by whom), and each data
/// category of contracts/schemas/breach-campaign.schema.json in plain words. Reviewed wording, not machine output; a
/// native speaker must still review each language before a real campaign (ADR 0019).
/// </summary>
public sealed record BreachLetterPhrases
{
    /// <summary>"Your CV was seen by {0}." where {0} is the parties, joined with <see cref="And"/>.</summary>
    public required string SeenBy { get; init; }

    /// <summary>The access log holds no read of the CV in the window by anyone outside the registry.</summary>
    public required string NotSeen { get; init; }

    /// <summary>The word that joins the last two items of a list ("and").</summary>
    public required string And { get; init; }

    /// <summary>Data category (schema enum) -> plain words, in the citizen's language.</summary>
    public required IReadOnlyDictionary<string, string> Categories { get; init; }
}
