using System.Text.Json;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Outbox;
using IntegrationHub.Core.Visibility;

namespace IntegrationHub.UnitTests.Breach;

/// <summary>What the page handler's tests share: a running campaign from the contract's example, and a state store secure letters never ask.</summary>
internal static class BreachPageFixtures
{
    public const string RunId = "run-1";

    /// <summary>contracts/examples/breach-campaign.json, running, with an audience of <paramref name="citizens"/> from run <see cref="RunId"/>.</summary>
    public static BreachCampaign RunningCampaign(int citizens)
    {
        using var example = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("contracts", "examples", "breach-campaign.json")));
        var draft = BreachDraftParser.Parse(example.RootElement, new HashSet<string> { "nav" }, "user-1", DateTimeOffset.UtcNow).Draft!;
        return draft.Campaign with
        {
            Status = BreachStatus.Running,
            Audience = new BreachAudienceSummary
            {
                RunId = RunId, CompletedAt = DateTimeOffset.UtcNow, Citizens = citizens, Records = citizens, UnresolvedCvs = 0,
                ByRegistry = [], ByLanguage = [], ByChannel = [], ByProtectedStatus = [],
            },
        };
    }

    /// <summary>Secure letters need no state lookup; any call would be a defect of the test's setup.</summary>
    public sealed class NoStates : IVisibilityStateStore
    {
        public Task<IReadOnlyList<VisibilityInterval>> HistoryAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<VisibilityState?> GetAsync(string registry, string citizenId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryWriteAsync(VisibilityState state, VisibilityState? previous, IReadOnlyList<OutboundEvent> outbound, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>A registry that takes every letter, keeping which registry and body it got.</summary>
    public sealed class RecordingRegistries : IRegistryDelivery
    {
        public System.Collections.Concurrent.ConcurrentBag<(string Registry, string Body)> Sent { get; } = [];

        public Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken)
        {
            Sent.Add((registry, request.Body));
            return Task.FromResult(RegistryDeliveryOutcome.Delivered);
        }
    }
}
