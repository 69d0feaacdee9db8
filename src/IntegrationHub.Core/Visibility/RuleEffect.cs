namespace IntegrationHub.Core.Visibility;

/// <summary>What a rule row does to the employer audience when its condition holds.</summary>
public enum RuleEffect
{
    /// <summary>A legal basis to show the CV to employers (the row's <see cref="VisibilityRule.Basis"/>), unless a row hides it.</summary>
    Permit,

    /// <summary>This row gives no basis; its reason explains the hidden CV only when no other row permits.</summary>
    NoBasis,

    /// <summary>Hidden from employers, whatever permits.</summary>
    Hide,

    /// <summary>Hidden from everyone but caseworkers with special clearance.</summary>
    Clearance,
}
