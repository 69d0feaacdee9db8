namespace IntegrationHub.Core.Visibility;

/// <summary>
/// What the hub knows about one citizen's CV, as input to the visibility decision.
/// Every nullable fact is <c>null</c> while it is not known yet; an unknown fact never makes a CV
/// more visible. A jurisdiction reads only the facts its own rule rows name (<see cref="VisibilityRule.Reads"/>),
/// so a fact of another country's rules, known or not, changes nothing there.
/// </summary>
public sealed record CitizenFacts
{
    /// <summary>The citizen consented to show the CV to employers.</summary>
    public bool? ConsentToEmployers { get; init; }

    /// <summary>A work-oriented benefit or follow-up is running (NAV 2021 rule).</summary>
    public bool? WorkOrientedBenefit { get; init; }

    /// <summary>A reduced work capacity benefit is running (NAV "AAP").</summary>
    public bool? ReducedWorkCapacityBenefit { get; init; }

    /// <summary>The citizen agreed to be shown despite receiving a reduced work capacity benefit.</summary>
    public bool? AgreedToShowDespiteReducedCapacity { get; init; }

    /// <summary>The registry considers the citizen ready for work.</summary>
    public bool? JobReady { get; init; }

    /// <summary>
    /// Denmark: the citizen is in a target group that must keep a searchable CV (dagpenge, job-ready kontanthjælp), as the
    /// registry states it with search-duty events. Unknown is no duty: consent decides.
    /// </summary>
    public bool? SearchDuty { get; init; }

    /// <summary>Protected address (Norway "kode 6 / kode 7", Denmark "beskyttet adresse").</summary>
    public bool? ProtectedAddress { get; init; }

    /// <summary>"anonymous" or "open"; anything else, or <c>null</c>, presents the CV anonymously.</summary>
    public string? Publication { get; init; }

    /// <summary>The citizen's last login or other own activity.</summary>
    public DateTimeOffset? LastCitizenActivityAt { get; init; }

    /// <summary>The CV itself has arrived (facts may arrive before it).</summary>
    public required bool CvPresent { get; init; }
}
