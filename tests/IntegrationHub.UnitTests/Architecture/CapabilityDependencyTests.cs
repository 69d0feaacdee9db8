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
