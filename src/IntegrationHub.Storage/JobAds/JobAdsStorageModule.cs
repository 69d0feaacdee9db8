using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.JobAds.Eures;
using IntegrationHub.Storage.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Storage.JobAds;

/// <summary>The JobAds capability's storage half (ADR 0027): the ads and their deliveries (also an outbox source) and the EURES index.</summary>
public static class JobAdsStorageModule
{
    public static IServiceCollection AddJobAdsStorage(this IServiceCollection services)
    {
        services.AddSingleton<IJobAdStore, TableJobAdStore>();
        services.AddSingleton<IOutboxSource, JobAdOutboxSource>();
        services.AddSingleton<IEuresVacancyIndex, TableEuresVacancyIndex>();
        services.AddSingleton<IJobAdRetention, TableJobAdRetention>();
        return services;
    }
}
