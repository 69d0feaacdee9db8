using IntegrationHub.Core.Kernel;
using IntegrationHub.Core.Visibility;
using IntegrationHub.Core.Visibility.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Core.Erasure;

/// <summary>
/// The Erasure capability's wiring (ADR 0027, ADR 0028): the citizen's erasure with its options and tombstone keys; it
/// answers <see cref="ILegalHoldEnded"/>, which Breach and Access raise when a hold ends, and Visibility's erased-at
/// lookup, inactivity erasure, and erasure beside an event or a first decision.
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
        services.AddSingleton<CitizenExport>();
        services.AddSingleton<ILegalHoldEnded>(sp => sp.GetRequiredService<CitizenErasure>());
        // Visibility's ports, answered here so that Visibility does not name Erasure (ADR 0037).
        services.AddSingleton<IErasedAtLookup, TombstoneLookup>();
        services.AddSingleton<IInactiveCitizenErasure, InactiveCitizenErasure>();
        services.AddSingleton<IEventBesideErasure, EventBesideErasure>();
        services.AddSingleton(sp => new Lazy<CitizenErasure>(sp.GetRequiredService<CitizenErasure>));
        services.AddSingleton<IErasureBesideDecision, ErasureBesideDecision>();
        return services;
    }
}
