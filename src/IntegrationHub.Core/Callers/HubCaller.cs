namespace IntegrationHub.Core.Callers;

/// <summary>What the caller is to the hub: a client id bound by configuration to a party.</summary>
public enum PartyKind
{
    Unknown,
    Registry,
    Employer,
    System,
    Board,
    PrivacyTeam,
}

/// <summary>An authenticated caller: its client (azp), the party it acts for, its roles and (for delegated calls) the user.</summary>
public sealed record HubCaller(
    string ClientId,
    PartyKind Kind,
    string? PartyId,
    IReadOnlySet<string> Roles,
    string? UserObjectId,
    string TenantId)
{
    public bool IsInRole(string role) => Roles.Contains(role);
}
