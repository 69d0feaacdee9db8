namespace IntegrationHub.Core.Visibility;

/// <summary>
/// A citizen's first decision from a CV change, inserted: the citizen, the CV it was made with and that CV's last commit.
/// A page of CV changes collects these and asks <see cref="IErasureBesideDecision"/> about all of them at once, after
/// every insert of the page (ADR 0040, 0051). A page delivered again, whose CV is gone while the citizen's state still
/// names it, is asked about the same way, with the commit the state kept (the first delivery's look may have failed).
/// </summary>
public sealed record FirstDecision(string CitizenId, string CvId, DateTimeOffset CvUpdatedAt);
