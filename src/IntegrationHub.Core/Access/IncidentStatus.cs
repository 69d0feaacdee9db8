namespace IntegrationHub.Core.Access;

public static class IncidentStatus
{
    public const string Suspended = "suspended";
    public const string Lifted = "lifted";
}
