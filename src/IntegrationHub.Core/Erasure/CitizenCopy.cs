using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// What <see cref="CitizenExport.FindAsync"/> found of a citizen before the copy is written: the CVs (every id the
/// registry's index holds, and the one in force), the state in force and the events. The rest (documents, history,
/// reads, letters) is read while writing, a page at a time.
/// </summary>
public sealed record CitizenCopy(string Registry, string CitizenId, IReadOnlyList<string> CvIds, VisibilityState? State, IReadOnlyList<CitizenEvent> Events);
