namespace IntegrationHub.Core.Callers;

public sealed class RegistrySettings
{
    /// <summary>NO, DK or NL: picks the visibility policy.</summary>
    public string Jurisdiction { get; set; } = "";
}
