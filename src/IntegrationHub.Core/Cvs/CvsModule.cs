using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Core.Cvs;

/// <summary>The Cvs capability's wiring (ADR 0027): intake, the registry's reads and the pump that signals changed CVs.</summary>
public static class CvsModule
{
    public static IServiceCollection AddCvs(this IServiceCollection services)
    {
        services.AddOptions<CvPipelineOptions>().BindConfiguration(CvPipelineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new NewCvGuess(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CvPipelineOptions>>().Value.GuessNewCvs));
        services.AddSingleton<CvIntakeHandler>();
        services.AddSingleton<CvRegistryHandler>();
        services.AddSingleton<CvChangePump>();
        return services;
    }
}
