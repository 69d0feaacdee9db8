namespace IntegrationHub.Core.Erasure;

/// <summary>
/// The breach letters of one citizen, as the citizen's copy lists them (GDPR art. 15). Breach answers this port and
/// registers the answer in its own <c>AddBreach()</c>, so Erasure names no Breach type (ADR 0037's pattern; nothing
/// uses Breach).
/// </summary>
public interface ICitizenLetters
{
    /// <summary>Every campaign that holds rows of the citizen (its audience or uploaded list), and what became of its letter.</summary>
    Task<IReadOnlyList<CitizenLetter>> OfCitizenAsync(string registry, string citizenId, CancellationToken cancellationToken);
}
