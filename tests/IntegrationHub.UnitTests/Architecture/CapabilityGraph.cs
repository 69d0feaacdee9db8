using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// Core's capabilities and the one-way graph between them (issue 20, ADR 0027, docs/architecture.md): which
/// capability each type belongs to, and which capabilities it may use. Dependencies are read from the compiled
/// assembly by ArchUnitNET (Mono.Cecil), method bodies included, so a call hidden in a lambda counts too.
/// </summary>
internal static class CapabilityGraph
{
    private const string CorePrefix = "IntegrationHub.Core.";

    /// <summary>What everyone may use: field errors, options, clock, ids, schemas, text rules, tokens, queues, pacing; who calls; metrics.</summary>
    public static readonly IReadOnlySet<string> Kernel = new HashSet<string>(StringComparer.Ordinal) { "Kernel", "Callers", "Telemetry" };

    /// <summary>
    /// Capability -> the capabilities below it that it may use (the kernel is always allowed). Outbox is the transport
    /// that every capability writes its events to, so it sits just above the kernel and uses nothing else.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> MayUse = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["Outbox"] = Set(),
        ["Cvs"] = Set("Outbox"),
        ["Visibility"] = Set("Outbox", "Cvs"),
        ["Access"] = Set("Outbox", "Cvs", "Visibility"),
        ["JobAds"] = Set("Outbox", "Cvs", "Visibility", "Access"),
        ["Retention"] = Set("Outbox", "Cvs", "Visibility", "Access", "JobAds"),
        ["Erasure"] = Set("Outbox", "Cvs", "Visibility", "Access", "JobAds", "Retention"),
        // Nothing uses Breach: it is the top.
        ["Breach"] = Set("Outbox", "Cvs", "Visibility", "Access", "JobAds", "Retention", "Erasure"),
    };

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> CoreArchitecture =
        new(() => new ArchLoader().LoadAssemblies(typeof(IntegrationHub.Core.Callers.HubCaller).Assembly).Build());

    public static ArchUnitNET.Domain.Architecture Core => CoreArchitecture.Value;

    /// <summary>The capability a type of Core belongs to (the namespace segment after <c>IntegrationHub.Core.</c>), or null outside Core.</summary>
    public static string? CapabilityOf(IType type)
    {
        var name = type.FullName;
        if (!name.StartsWith(CorePrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = name[CorePrefix.Length..];
        var end = rest.IndexOfAny(['.', '+', '`', '/']);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The outermost declared type a (possibly nested or compiler-generated) type belongs to: "Visibility.VisibilityService".</summary>
    public static string OwnerOf(IType type)
    {
        var name = type.FullName[CorePrefix.Length..];
        var end = name.IndexOfAny(['+', '/', '`']);
        return end < 0 ? name : name[..end];
    }

    /// <summary>Every forbidden use in <paramref name="architecture"/>, as "Owner.Type -> Capability" lines, sorted and distinct.</summary>
    public static IReadOnlyList<string> Violations(ArchUnitNET.Domain.Architecture architecture) =>
        architecture.Types
            .SelectMany(type => type.Dependencies)
            .Select(dependency => (From: dependency.Origin, To: CapabilityOf(dependency.Target)))
            .Where(d => d.To is not null && IsForbidden(CapabilityOf(d.From), d.To))
            .Select(d => $"{OwnerOf(d.From)} -> {d.To}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static bool IsForbidden(string? from, string to)
    {
        if (from is null || from == to || Kernel.Contains(to))
        {
            return false;
        }
        if (Kernel.Contains(from))
        {
            return true;
        }
        // A capability not in the table yet is a test failure of its own (Capabilities_EachNamespaceOfCore_IsPlaced).
        return !MayUse.TryGetValue(from, out var allowed) || !allowed.Contains(to);
    }

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
