using ArchUnitNET.Loader;
using IntegrationHub.UnitTests.Architecture.Probes;

namespace IntegrationHub.UnitTests.Architecture;

/// <summary>
/// Core's capabilities depend on each other one way only (issue 20, ADR 0027): the test reads the compiled types and
/// fails on a forbidden dependency. Today's violations are listed as <see cref="Known"/>; the list may only shrink.
/// </summary>
public sealed class CapabilityDependencyTests
{
    /// <summary>
    /// Forbidden uses that exist today, as "Owner.Type -> Capability", each with why and what removes it. A new one
    /// fails <see cref="Core_EveryUseBetweenCapabilities_IsAllowedOrKnown"/>; a fixed one that is still listed fails
    /// <see cref="Known_EachViolation_StillExists"/>, so the list only shrinks.
    /// </summary>
    private static readonly IReadOnlyList<string> Known =
    [
    ];

    [Fact]
    public void Core_EveryUseBetweenCapabilities_IsAllowedOrKnown()
    {
        // Act
        var found = CapabilityGraph.Violations(CapabilityGraph.Core);

        // Assert
        var unexpected = found.Except(Known, StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0,
            "Forbidden dependencies between Core's capabilities (see docs/architecture.md; signal instead of calling up):\n"
            + string.Join('\n', unexpected));
    }

    [Fact]
    public void Known_EachViolation_StillExists()
    {
        // Act
        var found = CapabilityGraph.Violations(CapabilityGraph.Core);

        // Assert
        var gone = Known.Except(found, StringComparer.Ordinal).ToList();
        Assert.True(gone.Count == 0, "Fixed, so remove from CapabilityDependencyTests.Known:\n" + string.Join('\n', gone));
    }

    /// <summary>
    /// Forbidden uses in Storage that exist today, as <see cref="Known"/> is for Core; the list may only shrink. All three
    /// name <c>Core.Retention.RetentionPeriods</c>, ADR 0023's month arithmetic (which month table a row belongs in), not
    /// the purge; moving that helper to the kernel removes them.
    /// </summary>
    private static readonly IReadOnlyList<string> StorageKnown =
    [
        "Storage.Access.TableAccessCounters -> Retention",
        "Storage.Access.TableAccessLog -> Retention",
        "Storage.Visibility.TableVisibilityStateStore -> Retention",
    ];

    [Fact]
    public void Storage_EveryUseBetweenCapabilities_IsAllowedOrKnown()
    {
        // Act: the same graph over the capabilities' storage halves (RetentionPurge held Breach's ledger store so).
        var found = CapabilityGraph.Violations(CapabilityGraph.Storage);

        // Assert
        var unexpected = found.Except(StorageKnown, StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0,
            "Forbidden dependencies between the capabilities' Storage halves (ask through a port of the capability that asks, ADR 0037):\n"
            + string.Join('\n', unexpected));
    }

    [Fact]
    public void StorageKnown_EachViolation_StillExists()
    {
        // Act
        var found = CapabilityGraph.Violations(CapabilityGraph.Storage);

        // Assert
        var gone = StorageKnown.Except(found, StringComparer.Ordinal).ToList();
        Assert.True(gone.Count == 0, "Fixed, so remove from CapabilityDependencyTests.StorageKnown:\n" + string.Join('\n', gone));
    }

    [Fact]
    public void Storage_EachNamespace_IsPlacedInTheGraph()
    {
        // Act
        var unplaced = CapabilityGraph.Storage.Types
            .Select(CapabilityGraph.CapabilityOf)
            .OfType<string>()
            .Where(c => !CapabilityGraph.Kernel.Contains(c) && !CapabilityGraph.MayUse.ContainsKey(c))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // Assert: a new Storage folder is a capability's storage half, or outside the graph (Common, Audit) on purpose.
        Assert.True(unplaced.Count == 0, "Place in CapabilityGraph (MayUse, or StorageOutsideTheGraph): " + string.Join(", ", unplaced));
    }

    [Fact]
    public void Core_EachNamespace_IsPlacedInTheGraph()
    {
        // Act
        var unplaced = CapabilityGraph.Core.Types
            .Select(CapabilityGraph.CapabilityOf)
            .OfType<string>()
            .Where(c => !CapabilityGraph.Kernel.Contains(c) && !CapabilityGraph.MayUse.ContainsKey(c))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // Assert: a new capability must say what it may use.
        Assert.True(unplaced.Count == 0, "Add to CapabilityGraph.MayUse or Kernel: " + string.Join(", ", unplaced));
    }

    [Theory]
    [InlineData("Cvs", "Visibility")]
    [InlineData("Cvs", "Access")]
    [InlineData("Visibility", "Access")]
    [InlineData("Access", "Breach")]
    [InlineData("Erasure", "Breach")]
    [InlineData("Retention", "Breach")]
    [InlineData("Callers", "Cvs")]
    [InlineData("Kernel", "Cvs")]
    [InlineData("Kernel", "Hub")]
    public void IsForbidden_UseUpOrOfBreach_IsForbidden(string from, string to) =>
        Assert.True(CapabilityGraph.IsForbidden(from, to));

    [Theory]
    [InlineData("Access", "Visibility")]
    [InlineData("Access", "Cvs")]
    [InlineData("Visibility", "Cvs")]
    [InlineData("Breach", "Access")]
    [InlineData("Cvs", "Callers")]
    [InlineData("Cvs", "Kernel")]
    public void IsForbidden_UseDownOrOfTheKernel_IsAllowed(string from, string to) =>
        Assert.False(CapabilityGraph.IsForbidden(from, to));

    [Fact]
    public void Loader_UseOnlyInsideAMethodBody_IsSeen()
    {
        // Arrange: the probe names Core only inside a lambda's body.
        var probe = new ArchLoader().LoadNamespacesWithinAssembly(typeof(MethodBodyOnly).Assembly, typeof(MethodBodyOnly).Namespace!).Build();

        // Act
        var targets = probe.Types.SelectMany(type => type.Dependencies).Select(d => d.Target.FullName).ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Contains(typeof(IntegrationHub.Core.Outbox.OutboundTopics).FullName!, targets);
    }
}
