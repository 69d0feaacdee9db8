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
        // Intake decides visibility of the new CV inline (the fast path, ADR 0004); becomes a signal to Visibility.
        "Cvs.CvIntakeHandler -> Visibility",
        // Erasure asks Breach which campaigns hold a citizen's access-log rows; nothing may use Breach (a hold port belongs below).
        "Erasure.CitizenErasure -> Breach",
        // The export's expiry dates and the ledger purge read campaigns' report times and audiences (#16, merged beside
        // #20): the same missing hold port below Breach would serve them.
        "Retention.CitizenExpiry -> Breach",
        "Retention.CitizenHoldings -> Breach",
        // Intake refuses events older than the citizen's erasure; the erased-at lookup belongs below Visibility.
        "Visibility.Events.CitizenEventIntake -> Erasure",
        // The inactivity sweep erases a citizen itself; it should signal Erasure instead.
        "Visibility.InactivitySweep -> Erasure",
        // VisibilityService writes Access's search index and board feed; Access's projections react to "decision written".
        "Visibility.VisibilityService -> Access",
        // The state keeps Access's board sharing and consent scope computed at decision time; they move with the projections.
        "Visibility.VisibilityState -> Access",
        // Visibility's JSON context writes the state, so it names the same Access type (BoardSharing); goes with the line above.
        "Visibility.VisibilityJson -> Access",
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
