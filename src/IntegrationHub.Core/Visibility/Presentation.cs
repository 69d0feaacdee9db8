namespace IntegrationHub.Core.Visibility;

/// <summary>How a CV is presented to those who may see it.</summary>
public enum Presentation
{
    /// <summary>Without personal details.</summary>
    Anonymous,

    /// <summary>With personal details.</summary>
    Open,
}
