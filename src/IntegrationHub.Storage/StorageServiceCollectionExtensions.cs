using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Access;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;
using IntegrationHub.Storage.Outbox;
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
        services.AddSingleton<Core.JobAds.IJobAdStore, JobAds.TableJobAdStore>();
        services.AddSingleton<IOutboxSource, JobAds.JobAdOutboxSource>();
        services.AddSingleton<Core.JobAds.Eures.IEuresVacancyIndex, JobAds.TableEuresVacancyIndex>();
        services.AddSingleton<Core.Breach.IBreachStore, Breach.TableBreachStore>();
        services.AddSingleton<Breach.TableBreachDeliveryStore>();
        services.AddSingleton<Core.Breach.IBreachDeliveryStore>(sp => sp.GetRequiredService<Breach.TableBreachDeliveryStore>());
        // Retention (ADR 0023): the periods per store and jurisdiction, checked at start, and the paced purge.
        services.AddOptions<Core.Retention.RetentionOptions>().BindConfiguration(Core.Retention.RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Core.Retention.RetentionOptions>, Core.Retention.RetentionOptionsValidator>();
        services.AddSingleton<Retention.RetentionPurge>();
        services.AddSingleton<Erasure.TableErasureStore>();
        services.AddSingleton<Core.Erasure.IErasureStore>(sp => sp.GetRequiredService<Erasure.TableErasureStore>());
        services.AddSingleton<IOutboxSource>(sp => sp.GetRequiredService<Erasure.TableErasureStore>());
        services.AddHubOutbox();
        // Last: wraps the access log, incident and breach delivery stores registered above (issue 21).
        services.AddHubAuditTrail();
        return services;
    }
}
