namespace IntegrationHub.Core.Visibility;

/// <summary>What the Danish inactivity rules ask for once the citizen has been inactive long enough.</summary>
public enum InactivityAction
{
    /// <summary>E-mail the citizen 10 weeks after the last activity.</summary>
    RemindAt10Weeks,

    /// <summary>The CV stops being searchable (and shown to employers) 12 weeks after the last activity.</summary>
    NonSearchableAt12Weeks,

    /// <summary>E-mail the citizen 14 days before the deletion.</summary>
    DeletionWarning2WeeksBefore,

    /// <summary>Delete the profile 18.5 months after the last activity.</summary>
    DeleteAt18AndAHalfMonths,
}
