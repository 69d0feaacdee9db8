namespace IntegrationHub.Core.Visibility.Events;

/// <summary>The CloudEvents types consent and status sources send (contracts/schemas/citizen-event.schema.json).</summary>
public static class CitizenEventTypes
{
    public const string Prefix = "org.integrationhub.citizen.";

    public const string ConsentGranted = Prefix + "consent.granted";
    public const string ConsentWithdrawn = Prefix + "consent.withdrawn";
    public const string WorkOrientedBenefitStarted = Prefix + "benefit.work-oriented.started";
    public const string WorkOrientedBenefitEnded = Prefix + "benefit.work-oriented.ended";
    public const string ReducedCapacityBenefitStarted = Prefix + "benefit.reduced-capacity.started";
    public const string ReducedCapacityBenefitEnded = Prefix + "benefit.reduced-capacity.ended";
    public const string ReducedCapacityAgreementGiven = Prefix + "reduced-capacity-agreement.given";
    public const string ReducedCapacityAgreementWithdrawn = Prefix + "reduced-capacity-agreement.withdrawn";
    public const string ProtectedAddressSet = Prefix + "protected-address.set";
    public const string ProtectedAddressLifted = Prefix + "protected-address.lifted";
    public const string JobReadySet = Prefix + "job-ready.set";
    public const string JobReadyCleared = Prefix + "job-ready.cleared";
    public const string Active = Prefix + "active";
    public const string PublicationChanged = Prefix + "publication.changed";
    public const string StatusSnapshot = Prefix + "status.snapshot";

    /// <summary>Denmark: the citizen entered a target group with a duty to keep a searchable CV (Jobnet).</summary>
    public const string SearchDutyStarted = Prefix + "search-duty.started";

    /// <summary>Denmark: the duty ended (the citizen left the group, or the jobcentre exempted them for a period).</summary>
    public const string SearchDutyEnded = Prefix + "search-duty.ended";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ConsentGranted, ConsentWithdrawn, WorkOrientedBenefitStarted, WorkOrientedBenefitEnded,
        ReducedCapacityBenefitStarted, ReducedCapacityBenefitEnded, ReducedCapacityAgreementGiven, ReducedCapacityAgreementWithdrawn,
        ProtectedAddressSet, ProtectedAddressLifted, JobReadySet, JobReadyCleared, Active, PublicationChanged, StatusSnapshot,
        SearchDutyStarted, SearchDutyEnded,
    };
}
