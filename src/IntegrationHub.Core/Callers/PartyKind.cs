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
