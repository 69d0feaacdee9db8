namespace IntegrationHub.Core.Access;

/// <summary>The limits in force for one party (see <see cref="AccessOptions.LimitsFor"/>).</summary>
public sealed record AccessLimits(
    int AccountPerMinute, int AccountPerHour, int UserPerMinute, int UserPerHour,
    int AccountDailyCeiling, int AccountSevenDayCeiling, int AccountThirtyDayCeiling);
