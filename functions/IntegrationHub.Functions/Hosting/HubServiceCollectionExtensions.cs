using IntegrationHub.Boards;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Breach;
using IntegrationHub.Core.Cvs;
using IntegrationHub.Core.Erasure;
using IntegrationHub.Core.JobAds;
using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Retention;
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
        services.AddJobAds();
        services.AddRetention();
        services.AddErasure();
        services.AddBreach();
        return services;
    }
}
