namespace IntegrationHub.Core.Visibility.Events;

/// <summary>One fact a citizen event states, as of the event's own time.</summary>
public enum CitizenFact
{
    ConsentToEmployers,
    ConsentToBoards,

    /// <summary>The sections the latest grant to employers names (in its <see cref="FactOrigin.Sections"/>).</summary>
    ConsentToEmployersScope,
    WorkOrientedBenefit,
    ReducedWorkCapacityBenefit,
    AgreedToShowDespiteReducedCapacity,
    JobReady,
    ProtectedAddress,
    Publication,
    Activity,

    /// <summary>Denmark: in a target group that must keep a searchable CV (search-duty events, snapshot <c>searchDuty</c>).</summary>
    SearchDuty,
}
