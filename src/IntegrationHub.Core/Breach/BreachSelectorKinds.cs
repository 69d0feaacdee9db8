namespace IntegrationHub.Core.Breach;

/// <summary>The selector kinds of contracts/schemas/breach-campaign.schema.json.</summary>
public static class BreachSelectorKinds
{
    public const string AccessLog = "access-log";
    public const string Exposure = "exposure";
    public const string Citizens = "citizens";
}
