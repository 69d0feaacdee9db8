namespace IntegrationHub.Core.Access;

/// <summary>What an employer-facing read answers: the value, or why nothing is served.</summary>
public abstract record EmployerRead<T>
{
    public sealed record Served(T Value) : EmployerRead<T>;

    /// <summary>Unknown, hidden, protected or deleted: all look the same.</summary>
    public sealed record NotFound : EmployerRead<T>;

    public sealed record Refused(AccessDecision Decision) : EmployerRead<T>;
}
