using IntegrationHub.Core.Kernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// The Erasure capability's wiring (ADR 0027, ADR 0028): the citizen's erasure with its options and tombstone keys; it
/// answers <see cref="ILegalHoldEnded"/>, which Breach and Access raise when a hold ends.
/// </summary>
public static class ErasureModule
{
    public static IServiceCollection AddErasure(this IServiceCollection services)
    {
        services.AddOptions<ErasureOptions>().BindConfiguration(ErasureOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ErasureOptions>, ErasureOptionsValidator>();
        services.AddSingleton<TombstoneKeys>();
        services.AddSingleton<ErasureFaults>();
        services.AddSingleton<CitizenErasure>();
        services.AddSingleton<ILegalHoldEnded>(sp => sp.GetRequiredService<CitizenErasure>());
        return services;
    }
}
