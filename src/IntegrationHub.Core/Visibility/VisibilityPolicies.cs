namespace IntegrationHub.Core.Visibility;

/// <summary>The policy of each supported jurisdiction.</summary>
public static class VisibilityPolicies
{
    private static readonly Dictionary<string, IVisibilityPolicy> ByJurisdiction =
        new IVisibilityPolicy[] { new NorwayPolicy(), new DenmarkPolicy(), new NetherlandsPolicy() }
            .ToDictionary(p => p.Jurisdiction, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> Jurisdictions => ByJurisdiction.Keys;

    /// <summary>The policy for a jurisdiction code (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The jurisdiction is not supported.</exception>
    public static IVisibilityPolicy For(string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        return ByJurisdiction.TryGetValue(jurisdiction, out var policy)
            ? policy
            : throw new ArgumentException(
                $"No visibility policy for jurisdiction '{jurisdiction}'; supported: {string.Join(", ", ByJurisdiction.Keys)}.",
                nameof(jurisdiction));
    }
}
