namespace IntegrationHub.Core.Visibility.Events;

/// <summary>Consent purposes: employers directly, or national boards (EURES export).</summary>
public static class ConsentPurposes
{
    public const string Employers = "employers";
    public const string Boards = "boards";
}
