namespace IntegrationHub.Core.Access;

/// <summary>The outcome of asking to serve CVs.</summary>
public abstract record AccessDecision
{
    public sealed record Allowed : AccessDecision;

    public sealed record Limited(TimeSpan RetryAfter, string Limit) : AccessDecision;

    /// <summary>
    /// The counters could not record the read (every write-conflict retry lost, or the store failed): refused, not
    /// allowed, since an unrecorded read is one no limit or ceiling sees (issue 15: fail closed).
    /// </summary>
    public static Limited Unrecorded(string why) => new(TimeSpan.FromSeconds(UnrecordedRetrySeconds), why);

    public const int UnrecordedRetrySeconds = 1;

    public sealed record Suspended(string IncidentId) : AccessDecision;
}
