using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

public sealed record RegistryDeliveryOutcome(RegistryDeliveryKind Kind, string? Detail = null)
{
    public static RegistryDeliveryOutcome Delivered { get; } = new(RegistryDeliveryKind.Delivered);
    public static RegistryDeliveryOutcome Duplicate { get; } = new(RegistryDeliveryKind.Duplicate);
}
