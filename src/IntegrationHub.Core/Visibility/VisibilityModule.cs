using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Core.Visibility;

/// <summary>
/// The Visibility capability's wiring (ADR 0027): the citizen events' intake, the decision, its reaction to Cvs's
/// changed-CV signal, the explanation of a registry's own CV, the exposures, the inactivity rules and the repair of missed events.
/// </summary>
public static class VisibilityModule
{
    public static IServiceCollection AddVisibility(this IServiceCollection services)
    {
        services.AddSingleton<CvChangesHandler>();
        services.AddSingleton<Events.CitizenEventIntake>();
        services.AddSingleton(sp => new FirstDecisionGuess(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Cvs.CvPipelineOptions>>().Value.GuessNewCvs));
        services.AddSingleton<VisibilityService>();
        services.AddSingleton<CvVisibilityQuery>();
        services.AddSingleton<ExposureQuery>();
        services.AddSingleton<InactivitySweep>();
        services.AddOptions<Events.MissedEventOptions>().BindConfiguration(Events.MissedEventOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Events.MissedEventRepair>();
        return services;
    }
}
