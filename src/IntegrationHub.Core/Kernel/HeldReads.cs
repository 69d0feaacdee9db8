namespace IntegrationHub.Core.Kernel;

/// <summary>A hold on the access-log reads of one party ("employer:acme") between two moments, inclusive.</summary>
/// <param name="Hold">The hold's name as an erasure answers it ("breach-campaign:{id}").</param>
public sealed record HeldReads(string Hold, string Party, DateTimeOffset From, DateTimeOffset To)
{
    public bool Keeps(string party, DateTimeOffset at) => string.Equals(Party, party, StringComparison.Ordinal) && at >= From && at <= To;
}
