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
    private const string StoragePrefix = "IntegrationHub.Storage.";

    /// <summary>
    /// Storage namespaces outside the graph, which every capability may use and which may use all: <c>Common</c> (HubStorage,
    /// batches, period tables, and the composed name lists <c>StorageNames</c>/<c>HubQueues</c> that read every module's
    /// <c>&lt;Cap&gt;Tables</c>/<c>&lt;Cap&gt;Queues</c>), <c>Audit</c> (it wraps the stores of several capabilities, as the
    /// hosts compose them) and the root namespace (it composes every module).
    /// </summary>
    private static readonly IReadOnlySet<string> StorageOutsideTheGraph = new HashSet<string>(StringComparer.Ordinal) { "Common", "Audit" };

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

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> StorageArchitecture =
        new(() => new ArchLoader().LoadAssemblies(typeof(IntegrationHub.Storage.Common.HubStorage).Assembly).Build());

    /// <summary>
    /// Storage, read with the same graph: its folders are the capabilities' storage halves (ADR 0027), and a use of another
    /// capability's Storage type or Core type counts as a use of that capability. (RetentionPurge held Breach's ledger
    /// store until it asked through Retention's port, IBreachLedgerRetention; Core's test could not see it.)
    /// </summary>
    public static ArchUnitNET.Domain.Architecture Storage => StorageArchitecture.Value;

    /// <summary>
    /// The capability a type belongs to: the namespace segment after <c>IntegrationHub.Core.</c> or
    /// <c>IntegrationHub.Storage.</c>; null outside both, and for Storage's namespaces outside the graph (its root,
    /// <c>Common</c>, <c>Audit</c>).
    /// </summary>
    public static string? CapabilityOf(IType type)
    {
        var name = type.FullName;
        if (name.StartsWith(StoragePrefix, StringComparison.Ordinal))
        {
            var segment = Segment(name[StoragePrefix.Length..], ['.', '+', '`', '/']);
            return !name[StoragePrefix.Length..].Contains('.', StringComparison.Ordinal) || StorageOutsideTheGraph.Contains(segment) ? null : segment;
        }
        return name.StartsWith(CorePrefix, StringComparison.Ordinal) ? Segment(name[CorePrefix.Length..], ['.', '+', '`', '/']) : null;
    }

    /// <summary>The outermost declared type a (possibly nested or compiler-generated) type belongs to: "Visibility.VisibilityService", "Storage.Retention.RetentionPurge".</summary>
    public static string OwnerOf(IType type) =>
        type.FullName.StartsWith(StoragePrefix, StringComparison.Ordinal)
            ? "Storage." + Segment(type.FullName[StoragePrefix.Length..], ['+', '/', '`'])
            : Segment(type.FullName[CorePrefix.Length..], ['+', '/', '`']);

    private static string Segment(string name, char[] ends)
    {
        var end = name.IndexOfAny(ends);
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
