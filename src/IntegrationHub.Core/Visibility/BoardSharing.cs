using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>Whether a CV may go to job boards (EURES and the like), and which of its sections.</summary>
/// <param name="Sections">The sections the citizen's consent to boards covers; empty: the whole CV.</param>
public sealed record BoardSharing(bool Shared, IReadOnlyList<string> Sections)
{
    public static readonly BoardSharing None = new(false, []);

    /// <summary>Shared when employers may see the CV and the citizen's latest word on the boards purpose is yes.</summary>
    public static BoardSharing From(VisibilityDecision decision, FactLedger ledger)
    {
        if (!decision.EmployerView().Visible || ledger.Flag(CitizenFact.ConsentToBoards) != true)
        {
            return None;
        }
        var sections = ledger.Facts[CitizenFact.ConsentToBoards].Sections ?? [];
        return new BoardSharing(true, [.. sections.Order(StringComparer.Ordinal)]);
    }

    public bool SameAs(BoardSharing other) => Shared == other.Shared && Sections.SequenceEqual(other.Sections, StringComparer.Ordinal);
}
