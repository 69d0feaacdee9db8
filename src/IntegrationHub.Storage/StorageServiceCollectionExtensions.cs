using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Common;
using IntegrationHub.Storage.Cvs;
using IntegrationHub.Storage.Outbox;
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
        services.AddSingleton<TableCvStore>();
        services.AddSingleton<ICvStore>(sp => sp.GetRequiredService<TableCvStore>());
        services.AddSingleton<ICvChangeFeed>(sp => sp.GetRequiredService<TableCvStore>());
        services.AddSingleton<ICvFactsStore, TableCvFactsStore>();
        services.AddSingleton<Core.Visibility.Events.ICitizenEventLedger, Visibility.TableCitizenEventLedger>();
        services.AddSingleton<Visibility.TableVisibilityStateStore>();
        services.AddSingleton<Core.Visibility.IVisibilityStateStore>(sp => sp.GetRequiredService<Visibility.TableVisibilityStateStore>());
        services.AddSingleton<Core.Visibility.IExposureIndex>(sp => sp.GetRequiredService<Visibility.TableVisibilityStateStore>());
        services.AddSingleton<Core.Visibility.IInactivityIndex>(sp => sp.GetRequiredService<Visibility.TableVisibilityStateStore>());
        services.AddSingleton<Core.Access.ICvSearchIndex, Access.TableCvSearchIndex>();
        services.AddSingleton<Access.TableAccessLog>();
        services.AddSingleton<Core.Access.IAccessLog>(sp => sp.GetRequiredService<Access.TableAccessLog>());
        services.AddSingleton<Access.TableBoardFeedStore>();
        services.AddSingleton<Core.Access.IBoardFeedStore>(sp => sp.GetRequiredService<Access.TableBoardFeedStore>());
        services.AddSingleton<Core.Access.IAccessCounters, Access.TableAccessCounters>();
        services.AddSingleton<Access.TableIncidentStore>();
        services.AddSingleton<Core.Access.IIncidentStore>(sp => sp.GetRequiredService<Access.TableIncidentStore>());
        services.AddSingleton<IOutboxSource>(sp => sp.GetRequiredService<Access.TableIncidentStore>());
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
