namespace IntegrationHub.Core.Access;

/// <summary>The outcome of asking to serve CVs.</summary>
public abstract record AccessDecision
{
    public sealed record Allowed : AccessDecision;

    /// <summary>A per-minute or per-hour limit of the account or of the signed-in person is reached.</summary>
    public sealed record Limited(TimeSpan RetryAfter, string Limit) : AccessDecision;

    /// <summary>
    /// The counters could not record the read (<see cref="CounterBusy"/>: every write-conflict retry lost for the race's
    /// budget; <see cref="CounterUnavailable"/>: the store failed): refused, not allowed, since an unrecorded read is one
    /// no limit or ceiling sees (issue 15: fail closed). Not a limit the caller reached, so not <see cref="Limited"/>: the
    /// hub was busy, not the caller greedy (ADR 0054, amended).
    /// </summary>
    public sealed record Unrecorded(string Cause) : AccessDecision
    {
        /// <summary>Other requests of the account kept winning the counter row for the whole race budget.</summary>
        public const string CounterBusy = "counter-busy";

        /// <summary>The store refused or failed the counter write.</summary>
        public const string CounterUnavailable = "counter-unavailable";

        public TimeSpan RetryAfter => TimeSpan.FromSeconds(UnrecordedRetrySeconds);
    }

    public const int UnrecordedRetrySeconds = 1;

    public sealed record Suspended(string IncidentId) : AccessDecision;
}
