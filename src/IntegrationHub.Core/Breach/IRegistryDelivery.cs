using System.ComponentModel.DataAnnotations;

namespace IntegrationHub.Core.Breach;

/// <summary>The owning registry's delivery endpoint (adapter: IntegrationHub.Boards, Registries).</summary>
public interface IRegistryDelivery
{
    Task<RegistryDeliveryOutcome> DeliverAsync(string registry, RegistryDeliveryRequest request, CancellationToken cancellationToken);
}
