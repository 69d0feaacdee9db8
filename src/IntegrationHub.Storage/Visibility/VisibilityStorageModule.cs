using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.Visibility;

/// <summary>The Visibility capability's storage half (ADR 0027): the citizen events' ledger and the decisions' state.</summary>
public static class VisibilityStorageModule
{
    public static IServiceCollection AddVisibilityStorage(this IServiceCollection services)
    {
        services.AddSingleton<TableCitizenEventLedger>();
        services.AddSingleton<ICitizenEventLedger>(sp => sp.GetRequiredService<TableCitizenEventLedger>());
        services.AddSingleton<IEventsInFlight>(sp => sp.GetRequiredService<TableCitizenEventLedger>());
        services.AddSingleton<TableVisibilityStateStore>();
        services.AddSingleton<IVisibilityStateStore>(sp => sp.GetRequiredService<TableVisibilityStateStore>());
        services.AddSingleton<IExposureIndex>(sp => sp.GetRequiredService<TableVisibilityStateStore>());
        services.AddSingleton<IInactivityIndex>(sp => sp.GetRequiredService<TableVisibilityStateStore>());
        return services;
    }
}
