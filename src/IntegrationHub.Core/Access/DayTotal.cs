namespace IntegrationHub.Core.Access;

/// <summary>What one account received on one UTC day ("yyyyMMdd").</summary>
public sealed record DayTotal(string Day, int Count);
