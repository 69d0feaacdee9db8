namespace IntegrationHub.Core.Breach;

public static class ProtectedStatuses
{
    public const string Protected = "protected";
    public const string NotProtected = "not-protected";
    public const string Unknown = "unknown";
}
