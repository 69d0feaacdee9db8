using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The sections a citizen's consent to employers covers, decided with the rest of the decision and kept in the state
/// (<see cref="VisibilityState.EmployerSections"/>); Access serves a hit within it. Null stands for "every section the
/// presentation allows": a consent that names no sections, or a CV shown without consent (public task).
/// </summary>
public static class ConsentScope
{
    /// <summary>The sections the latest grant to employers names, in order; null when it names none.</summary>
    public static IReadOnlyList<string>? ForEmployers(FactLedger ledger) =>
        ledger.Facts.TryGetValue(CitizenFact.ConsentToEmployersScope, out var scope) && scope.Sections is { Count: > 0 } sections
            ? [.. sections.Order(StringComparer.Ordinal)]
            : null;
}
