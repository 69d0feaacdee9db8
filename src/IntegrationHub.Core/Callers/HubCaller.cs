namespace IntegrationHub.Core.Callers;

/// <summary>
/// An authenticated caller: its client (azp), the party it acts for, its roles and (for delegated calls) the user, with
/// the display name the token carries (the `name` claim; not unique, so <see cref="UserObjectId"/> stays the identity).
/// </summary>
public sealed record HubCaller(
    string ClientId,
    PartyKind Kind,
    string? PartyId,
    IReadOnlySet<string> Roles,
    string? UserObjectId,
    string TenantId,
    string? UserName = null)
{
    public bool IsInRole(string role) => Roles.Contains(role);
}
