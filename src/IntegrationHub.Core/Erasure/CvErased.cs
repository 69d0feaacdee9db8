using System.Text.Json;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Outbox;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// The outbound "CvErased" event (contracts/schemas/cv-erased.schema.json): a CV the hub shared is erased, so every
/// recipient erases its copy too (GDPR art. 17(2) and 19). It names the CV only, never the citizen or why. It travels on
/// the CV-visibility topic with the CV as session key, so a subscriber gets it after the CV's last visibility change.
/// </summary>
public sealed record CvErased(string Registry, string CvId, DateTimeOffset ErasedAt)
{
    public const string EventType = "org.integrationhub.cv.erased";

    public static OutboundEvent Create(string registry, string cvId, DateTimeOffset erasedAt) => new(
        HubIds.NewMessageId(),
        EventType,
        $"/registries/{registry}",
        $"cvs/{cvId}",
        erasedAt,
        OutboundTopics.CvVisibility,
        cvId,
        JsonSerializer.Serialize(new CvErased(registry, cvId, erasedAt), ErasureJson.Default.CvErased));
}
