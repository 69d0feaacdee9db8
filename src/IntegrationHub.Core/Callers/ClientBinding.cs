namespace IntegrationHub.Core.Callers;

public sealed class ClientBinding
{
    /// <summary>The caller's Entra application (client) id: its tokens' <c>azp</c>.</summary>
    public string ClientId { get; set; } = "";

    public PartyKind Kind { get; set; }

    /// <summary>The registry, employer, system or board id this client acts for.</summary>
    public string Id { get; set; } = "";
}
