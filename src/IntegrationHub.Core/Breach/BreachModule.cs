using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Core.Breach;

/// <summary>
/// The Breach capability's wiring (ADR 0027, ADR 0028): campaigns, their audience, planner and page delivery, the
/// reads and the report filing. The delivery options and the registries' client are the Boards half (AddHubBoards).
/// </summary>
public static class BreachModule
{
    public static IServiceCollection AddBreach(this IServiceCollection services)
    {
        services.AddSingleton<AudienceResolver>();
        services.AddSingleton<BreachService>();
        services.AddSingleton<BreachPlanner>();
        services.AddSingleton<BreachPageHandler>();
        services.AddSingleton<BreachPageFlow>();
        services.AddSingleton<BreachQueries>();
        services.AddSingleton<BreachProgressReader>();
        services.AddSingleton<BreachReportFiling>();
        // The holds Erasure and Retention read without naming Breach (ADR 0037).
        services.AddSingleton<ILegalHolds, BreachLegalHolds>();
        // The letters the citizen's copy lists, read by Erasure without naming Breach.
        services.AddSingleton<Erasure.ICitizenLetters, BreachCitizenLetters>();
        services.AddSingleton<BreachDrafting>();
        return services;
    }
}
