using IntegrationHub.Boards;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IntegrationHub.Functions.Hosting;

public static class HubServiceCollectionExtensions
{
    /// <summary>Everything the hub's functions need, identical in the Functions app and the dev host.</summary>
    public static IServiceCollection AddHub(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddHubCore();
        services.AddHubStorage();
        services.AddHubBoards();
        services.AddHubAuthentication(configuration, environment);
        services.AddSingleton<HubFunctionCatalog>();
        services.AddSingleton<HubAuthorizer>();
        services.AddHubTelemetry(configuration, environment);
        return services;
    }

    /// <summary>Handlers and policies of the core.</summary>
    public static IServiceCollection AddHubCore(this IServiceCollection services)
    {
        // The capabilities' modules, in the graph's order (docs/architecture.md, ADR 0027).
        services.AddKernel();
        services.AddCvs();
        services.AddVisibility();
        services.AddAccess();
        services.AddOptions<Core.JobAds.JobAdOptions>().BindConfiguration(Core.JobAds.JobAdOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Core.JobAds.JobAdIntakeHandler>();
        services.AddSingleton<Core.JobAds.JobAdDeliveryHandler>();
        services.AddSingleton<Core.JobAds.JobAdDeliveryPump>();
        services.AddSingleton<Core.JobAds.JobAdExpiry>();
        services.AddOptions<Core.JobAds.Eures.VacancyFeedOptions>().BindConfiguration(Core.JobAds.Eures.VacancyFeedOptions.Section).ValidateOnStart();
        services.AddSingleton<Core.JobAds.Eures.EuresVacancyService>();
        services.AddSingleton<Core.JobAds.Eures.EuresActivation>();
        services.AddSingleton<Core.Breach.AudienceResolver>();
        services.AddSingleton<Core.Breach.BreachService>();
        services.AddSingleton<Core.Breach.BreachPlanner>();
        services.AddSingleton<Core.Breach.BreachPageHandler>();
        services.AddSingleton<Core.Breach.BreachQueries>();
        services.AddSingleton<Core.Breach.BreachReportFiling>();
        services.AddSingleton<Core.Access.IncidentQueries>();
        services.AddSingleton<Core.Access.IncidentLifting>();
        services.AddOptions<Core.Erasure.ErasureOptions>().BindConfiguration(Core.Erasure.ErasureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Core.Erasure.ErasureOptions>, Core.Erasure.ErasureOptionsValidator>();
        services.AddSingleton<Core.Erasure.TombstoneKeys>();
        services.AddSingleton<Core.Erasure.ErasureFaults>();
        services.AddSingleton<Core.Erasure.CitizenErasure>();
        services.AddSingleton<Core.Kernel.ILegalHoldEnded>(sp => sp.GetRequiredService<Core.Erasure.CitizenErasure>());
        return services;
    }
}
