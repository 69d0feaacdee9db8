using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Hub;
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
        services.AddSingleton<Core.Access.IAccessLog, Access.TableAccessLog>();
        services.AddSingleton<Core.Access.IBoardFeedStore, Access.TableBoardFeedStore>();
        services.AddSingleton<Core.Access.IAccessCounters, Access.TableAccessCounters>();
        services.AddSingleton<Access.TableIncidentStore>();
        services.AddSingleton<Core.Access.IIncidentStore>(sp => sp.GetRequiredService<Access.TableIncidentStore>());
        services.AddSingleton<IOutboxSource>(sp => sp.GetRequiredService<Access.TableIncidentStore>());
        services.AddSingleton<Core.JobAds.IJobAdStore, JobAds.TableJobAdStore>();
        services.AddSingleton<IOutboxSource, JobAds.JobAdOutboxSource>();
        services.AddSingleton<Core.JobAds.Eures.IEuresVacancyIndex, JobAds.TableEuresVacancyIndex>();
        services.AddSingleton<Core.Breach.IBreachStore, Breach.TableBreachStore>();
        services.AddSingleton<Core.Breach.IBreachDeliveryStore, Breach.TableBreachDeliveryStore>();
        services.AddSingleton<Erasure.TableErasureStore>();
        services.AddSingleton<Core.Erasure.IErasureStore>(sp => sp.GetRequiredService<Erasure.TableErasureStore>());
        services.AddSingleton<IOutboxSource>(sp => sp.GetRequiredService<Erasure.TableErasureStore>());
        services.AddHubOutbox();
        return services;
    }
}
