using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.Breach;

/// <summary>The Breach capability's storage half (ADR 0027): campaigns with their audience, and the delivery ledger (the audit trail wraps it).</summary>
public static class BreachStorageModule
{
    public static IServiceCollection AddBreachStorage(this IServiceCollection services)
    {
        services.AddSingleton<IBreachStore, TableBreachStore>();
        services.AddSingleton<TableBreachDeliveryStore>();
        services.AddSingleton<IBreachDeliveryStore>(sp => sp.GetRequiredService<TableBreachDeliveryStore>());
        // Breach's answer to Retention's port: the ledger's own retention, unwrapped by the audit trail (it copies rows written, not deletes).
        services.AddSingleton<IBreachLedgerRetention>(sp => sp.GetRequiredService<TableBreachDeliveryStore>());
        return services;
    }
}
