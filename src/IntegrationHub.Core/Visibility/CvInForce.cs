using IntegrationHub.Core.Cvs;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The citizen's current CV as the visibility decision sees it: which CV, how it is published, and when the citizen
/// was last active (kept current by the CV pipeline). Was <c>CvSide</c> (issue 20, item 4).
/// </summary>
public sealed record CvInForce(string CvId, string? Publication, DateTimeOffset? LastCitizenActivityAt)
{
    /// <summary>The part of a CV's facts the decision is made from.</summary>
    public static CvInForce From(CvFacts facts) => new(facts.CvId, facts.Publication, facts.LastCitizenActivityAt);
}
