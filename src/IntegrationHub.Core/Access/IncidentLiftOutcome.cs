namespace IntegrationHub.Core.Access;

/// <summary>How lifting a suspension ended.</summary>
public enum IncidentLiftOutcome
{
    Lifted,
    NotFound,
    AlreadyLifted,
    ConcurrentChange,
}
