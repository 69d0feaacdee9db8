namespace IntegrationHub.Core.Visibility;

/// <summary>The rules every jurisdiction shares. A policy adds its own employer blockers.</summary>
internal static class SharedVisibilityRules
{
    /// <param name="facts">What is known about the citizen's CV.</param>
    /// <param name="jurisdictionBlockers">Reasons, found by the jurisdiction's own rules, why employers may not see the CV.</param>
    public static VisibilityDecision Decide(CitizenFacts facts, IReadOnlyList<string> jurisdictionBlockers)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var presentation = PresentationOf(facts.Publication);
        if (!facts.CvPresent)
        {
            return new VisibilityDecision
            {
                Audience = Audience.Nobody,
                Presentation = presentation,
                Searchable = false,
                Reasons = [VisibilityReasons.NoCv],
            };
        }

        var blockers = new List<string>();
        AddConsent(facts, blockers);
        AddWorkOrientedBenefit(facts, blockers);
        AddReducedWorkCapacity(facts, blockers);
        AddProtectedAddress(facts, blockers);
        blockers.AddRange(jurisdictionBlockers);

        var employers = blockers.Count == 0;
        var audience = facts.ProtectedAddress == true ? Audience.CaseworkersWithClearance
            : employers ? Audience.Employers
            : Audience.Caseworkers;

        var reasons = employers ? [VisibilityReasons.Visible] : blockers;
        // "A searchable CV must carry an e-mail or a phone number" is Jobnet's rule (DOMAIN.md, CV visibility),
        // stated there as a searchability rule; the hub applies it in every jurisdiction.
        if (!facts.HasEmailOrPhone)
        {
            reasons.Add(VisibilityReasons.NoContactDetails);
        }

        return new VisibilityDecision
        {
            Audience = audience,
            Presentation = presentation,
            Searchable = employers && facts.HasEmailOrPhone,
            Reasons = reasons,
        };
    }

    /// <summary>Presentation from the citizen's choice; anonymous unless "open" is known.</summary>
    internal static Presentation PresentationOf(string? publication) =>
        string.Equals(publication, "open", StringComparison.OrdinalIgnoreCase) ? Presentation.Open : Presentation.Anonymous;

    private static void AddConsent(CitizenFacts facts, List<string> blockers)
    {
        switch (facts.ConsentToEmployers)
        {
            case null:
                blockers.Add(VisibilityReasons.ConsentMissing);
                break;
            case false:
                blockers.Add(VisibilityReasons.ConsentWithdrawn);
                break;
            default:
                break;
        }
    }

    private static void AddWorkOrientedBenefit(CitizenFacts facts, List<string> blockers)
    {
        switch (facts.WorkOrientedBenefit)
        {
            case null:
                blockers.Add(VisibilityReasons.FactsUnknown(VisibilityFacts.WorkOrientedBenefit));
                break;
            case true:
                blockers.Add(VisibilityReasons.WorkOrientedBenefit);
                break;
            default:
                break;
        }
    }

    /// <summary>Not shown while the benefit runs, unless the citizen agreed and is job-ready.</summary>
    private static void AddReducedWorkCapacity(CitizenFacts facts, List<string> blockers)
    {
        switch (facts.ReducedWorkCapacityBenefit)
        {
            case null:
                blockers.Add(VisibilityReasons.FactsUnknown(VisibilityFacts.ReducedWorkCapacityBenefit));
                return;
            case false:
                return;
            default:
                break;
        }

        if (facts.AgreedToShowDespiteReducedCapacity == false || facts.JobReady == false)
        {
            blockers.Add(VisibilityReasons.ReducedWorkCapacityBenefit);
        }

        if (facts.AgreedToShowDespiteReducedCapacity is null)
        {
            blockers.Add(VisibilityReasons.FactsUnknown(VisibilityFacts.AgreedToShowDespiteReducedCapacity));
        }

        if (facts.JobReady is null)
        {
            blockers.Add(VisibilityReasons.FactsUnknown(VisibilityFacts.JobReady));
        }
    }

    /// <summary>Protected, or not known to be unprotected: never employers.</summary>
    private static void AddProtectedAddress(CitizenFacts facts, List<string> blockers)
    {
        switch (facts.ProtectedAddress)
        {
            case null:
                blockers.Add(VisibilityReasons.FactsUnknown(VisibilityFacts.ProtectedAddress));
                break;
            case true:
                blockers.Add(VisibilityReasons.ProtectedAddress);
                break;
            default:
                break;
        }
    }
}
