using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.JobAds;

namespace IntegrationHub.Storage.Common;

/// <summary>
/// Every queue of the hub, as the hosts iterate them (created at start, their backlogs gauged, held to infra/main.bicep
/// by the agreement tests). Each capability names its own queues in Core (<c>CvsQueues</c>, ...; ADR 0035); this only
/// composes them, in the order the one central list had. It lives here, not in Core's kernel, which may not name a
/// capability.
/// </summary>
public static class HubQueues
{
    public static IReadOnlyList<string> All { get; } = [.. CvsQueues.All, .. JobAdsQueues.All, .. BreachQueues.All, .. ErasureQueues.All];
}
