using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Breach;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;
using IntegrationHub.Storage.Erasure;
using IntegrationHub.Storage.JobAds;
using IntegrationHub.Storage.Outbox;
using IntegrationHub.Storage.Retention;
using IntegrationHub.Storage.Visibility;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The storage adapters behind the core's ports.</summary>
    public static IServiceCollection AddHubStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<HubStorage>();
        services.AddSingleton(sp => sp.GetRequiredService<HubStorage>().Signals);
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<IWorkQueue, StorageWorkQueue>();
        // The capabilities' storage halves, in the graph's order (docs/architecture.md, ADR 0027); the order of the
        // outbox sources (incidents before job ads and erasures) is kept.
        services.AddCvsStorage();
        services.AddVisibilityStorage();
        services.AddAccessStorage();
        services.AddJobAdsStorage();
        services.AddBreachStorage();
        services.AddRetentionStorage();
        services.AddErasureStorage();
        services.AddHubOutbox();
        // Last: wraps the access log, incident and breach delivery stores registered above (issue 21).
        services.AddHubAuditTrail();
        return services;
    }
}
