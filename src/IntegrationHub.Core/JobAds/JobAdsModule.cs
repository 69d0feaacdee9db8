using IntegrationHub.Core.JobAds.Eures;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Core.JobAds;

/// <summary>The JobAds capability's wiring (ADR 0027, ADR 0028): intake, delivery to the push boards, expiry and the EURES pull.</summary>
public static class JobAdsModule
{
    public static IServiceCollection AddJobAds(this IServiceCollection services)
    {
        services.AddOptions<JobAdOptions>().BindConfiguration(JobAdOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobAdIntakeHandler>();
        services.AddSingleton<JobAdDeliveryHandler>();
        services.AddSingleton<JobAdDeliveryPump>();
        services.AddSingleton<JobAdExpiry>();
        services.AddOptions<VacancyFeedOptions>().BindConfiguration(VacancyFeedOptions.Section).ValidateOnStart();
        services.AddSingleton<EuresVacancyService>();
        services.AddSingleton<EuresActivation>();
        return services;
    }
}
