namespace IntegrationHub.Core.Visibility;

/// <summary>From and to of one stretch in which employers could see a CV.</summary>
public sealed record ExposureWindow(DateTimeOffset From, DateTimeOffset To);
