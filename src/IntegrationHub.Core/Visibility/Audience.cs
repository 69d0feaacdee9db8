namespace IntegrationHub.Core.Visibility;

/// <summary>Who may see a CV.</summary>
public enum Audience
{
    /// <summary>Nobody (there is no CV).</summary>
    Nobody,

    /// <summary>The owning registry's own staff only.</summary>
    Caseworkers,

    /// <summary>Only caseworkers with special clearance (protected address).</summary>
    CaseworkersWithClearance,

    /// <summary>Employers (and the registry's caseworkers).</summary>
    Employers,
}
