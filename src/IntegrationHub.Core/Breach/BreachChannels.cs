namespace IntegrationHub.Core.Breach;

public static class BreachChannels
{
    /// <summary>The registry's secure channel: the only one for citizens with a protected address.</summary>
    public const string Secure = "secure";

    /// <summary>In a delivery request: the registry's default channel (the citizen is known not to be protected).</summary>
    public const string Default = "default";
}
