namespace IntegrationHub.Core.Erasure;

/// <summary>What an erasure came to: nothing known of the citizen, all erased, or erased except what the named holds keep.</summary>
public sealed record ErasureResult(bool Found, IReadOnlyList<string> Holds)
{
    public static ErasureResult NotFound { get; } = new(false, []);
}
